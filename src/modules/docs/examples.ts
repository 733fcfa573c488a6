/**
 * A whole request-body example built from a schema's own field examples, so
 * "Try it out" starts from a body the server accepts instead of `"string"`s.
 *
 * Required fields are always filled; optional ones only when the body has no
 * required field at all (PATCH bodies), and then only those with an example, so an
 * optional field never sneaks in a value that changes the meaning (a TOTP code on login).
 * Every body example is checked against its zod schema in test/openapi.test.ts.
 */
import type { Json } from "./refine";

const SCHEMA_PREFIX = "#/components/schemas/";
const MAX_DEPTH = 6;

/** Values for the standard formats, for fields that give no example of their own. */
const FORMAT_EXAMPLES: Record<string, string> = {
  email: "ada@example.com",
  uri: "https://ada.dev",
  url: "https://ada.dev",
  "date-time": "2027-03-01T09:00:00.000Z",
  date: "2027-03-01",
  uuid: "0193a5b2-7c1e-7f00-8000-3c4d5e6f7a8b",
};

function resolve(doc: Json, schema: Json): Json {
  let s = schema;
  for (let i = 0; i < 10 && typeof s?.$ref === "string"; i++) {
    s = doc.components?.schemas?.[s.$ref.slice(SCHEMA_PREFIX.length)];
  }
  return s;
}

export function buildExample(doc: Json, schema: Json, depth = 0): unknown {
  const s = resolve(doc, schema);
  if (!s || depth > MAX_DEPTH) return undefined;
  if (s.example !== undefined) return s.example;
  if (Array.isArray(s.examples) && s.examples.length > 0) return s.examples[0];
  if (s.const !== undefined) return s.const;
  if (Array.isArray(s.enum) && s.enum.length > 0) return s.enum[0];
  if (s.default !== undefined) return s.default;
  for (const key of ["allOf", "anyOf", "oneOf"]) {
    if (Array.isArray(s[key])) {
      const first = s[key].find((alt: Json) => resolve(doc, alt)?.type !== "null");
      if (first) return buildExample(doc, first, depth + 1);
    }
  }
  const type = Array.isArray(s.type) ? s.type.find((t: string) => t !== "null") : s.type;
  switch (type) {
    case "object":
      return objectExample(doc, s, depth);
    case "array": {
      const item = buildExample(doc, s.items, depth + 1);
      return item === undefined ? [] : [item];
    }
    case "string":
      return FORMAT_EXAMPLES[s.format] ?? undefined;
    case "integer":
    case "number":
      return s.minimum ?? (typeof s.exclusiveMinimum === "number" ? s.exclusiveMinimum + 1 : 1);
    case "boolean":
      return false;
    default:
      return undefined;
  }
}

function objectExample(doc: Json, s: Json, depth: number): Record<string, unknown> {
  const required = new Set<string>(s.required ?? []);
  const out: Record<string, unknown> = {};
  for (const [key, prop] of Object.entries((s.properties ?? {}) as Record<string, Json>)) {
    if (required.size > 0 && !required.has(key)) continue;
    if (required.size === 0 && !hasOwnExample(doc, prop)) continue;
    const value = buildExample(doc, prop, depth + 1);
    if (value !== undefined) out[key] = value;
  }
  return out;
}

function hasOwnExample(doc: Json, prop: Json): boolean {
  const p = resolve(doc, prop);
  return p?.example !== undefined || (Array.isArray(p?.examples) && p.examples.length > 0);
}
