/**
 * Post-processing of the generated OpenAPI document: facts that hold for every
 * route are stated here once instead of in each of the ~110 `createRoute` blocks.
 *
 * - Input and output schemas are split. `@asteasolutions/zod-to-openapi` (behind
 *   `@hono/zod-openapi`) emits one component per zod schema and has no input/output
 *   mode, so a field with `.default()` carries `default` everywhere, and generated
 *   clients (openapi-typescript marks a property with a `default` as always present)
 *   would make it mandatory in requests. Request-side schemas lose `default` (the
 *   value moves to the description); a component used both ways gets an `…Input`
 *   copy for the request side, and its output side lists defaulted fields as required.
 * - Every operation that validates input documents its `400` (path parameters are
 *   length-bounded, queries and bodies strict). `401`/`403` come from each route's
 *   access declaration (`defineRoute` in src/http/openapi.ts).
 * - Optional parameters carry no `example`: Swagger UI pre-fills examples into
 *   "Try it out", and a pre-filled filter turns the first search into an empty one.
 * - Every JSON request body gets a whole example (see ./examples.ts).
 */
import { problemExamples } from "../../http/openapi";
import { buildExample } from "./examples";

// biome-ignore lint/suspicious/noExplicitAny: the generated document is walked generically
export type Json = any;

const METHODS = ["get", "put", "post", "delete", "patch", "head", "options", "trace"] as const;
const SCHEMA_PREFIX = "#/components/schemas/";

export function operationsOf(doc: Json): { path: string; method: string; op: Json }[] {
  const out: { path: string; method: string; op: Json }[] = [];
  for (const [path, item] of Object.entries(doc.paths ?? {}) as [string, Json][]) {
    for (const method of METHODS) if (item[method]) out.push({ path, method, op: item[method] });
  }
  return out;
}

/** Calls `fn` on every schema object of a schema tree (the root included), depth first. */
function eachSchema(node: Json, fn: (schema: Json) => void): void {
  if (!node || typeof node !== "object") return;
  fn(node);
  for (const p of Object.values(node.properties ?? {})) eachSchema(p, fn);
  for (const key of ["items", "additionalProperties", "not", "contains", "propertyNames"]) {
    if (typeof node[key] === "object") eachSchema(node[key], fn);
  }
  for (const key of ["allOf", "anyOf", "oneOf", "prefixItems"]) {
    for (const s of node[key] ?? []) eachSchema(s, fn);
  }
}

function refNames(node: Json): string[] {
  const names: string[] = [];
  eachSchema(node, (s) => {
    if (typeof s.$ref === "string" && s.$ref.startsWith(SCHEMA_PREFIX)) names.push(s.$ref.slice(SCHEMA_PREFIX.length));
  });
  return names;
}

/** The component names reachable from `roots` through `$ref`s. */
function reachable(doc: Json, roots: Json[]): Set<string> {
  const seen = new Set<string>();
  const todo = roots.flatMap(refNames);
  while (todo.length > 0) {
    const name = todo.pop() as string;
    if (seen.has(name)) continue;
    seen.add(name);
    todo.push(...refNames(doc.components?.schemas?.[name]));
  }
  return seen;
}

function hasDefault(doc: Json, name: string): boolean {
  let found = false;
  for (const n of reachable(doc, [{ $ref: SCHEMA_PREFIX + name }])) {
    eachSchema(doc.components.schemas[n], (s) => {
      if ("default" in s) found = true;
    });
  }
  return found;
}

function requestBodySchemas(doc: Json): Json[] {
  return operationsOf(doc).flatMap(({ op }) =>
    Object.values(op.requestBody?.content ?? {}).map((media: Json) => media.schema),
  );
}

function responseSchemas(doc: Json): Json[] {
  return operationsOf(doc).flatMap(({ op }) =>
    Object.values(op.responses ?? {}).flatMap((r: Json) =>
      Object.values(r.content ?? {}).map((media: Json) => media.schema),
    ),
  );
}

/** A request never has to send a defaulted field: drop `default`, keep its value in words. */
function stripDefaults(schema: Json): void {
  eachSchema(schema, (s) => {
    if (!("default" in s)) return;
    const note = `Default: \`${JSON.stringify(s.default)}\`.`;
    s.description = s.description ? `${s.description}. ${note}`.replace(/\.\. /, ". ") : note;
    delete s.default;
  });
}

/** The server always fills a defaulted field, so in a response it is present. */
function requireDefaults(schema: Json): void {
  eachSchema(schema, (s) => {
    if (!s.properties) return;
    const defaulted = Object.entries(s.properties as Record<string, Json>)
      .filter(([, p]) => p && "default" in p)
      .map(([k]) => k);
    if (defaulted.length > 0) s.required = [...new Set([...(s.required ?? []), ...defaulted])];
  });
}

export function splitInputOutput(doc: Json): void {
  const schemas = doc.components?.schemas ?? {};
  const inputs = reachable(doc, requestBodySchemas(doc));
  const outputs = reachable(doc, responseSchemas(doc));
  // Components used both ways that differ between the two sides get an input copy.
  const copies = new Map<string, string>();
  for (const name of inputs) {
    if (outputs.has(name) && hasDefault(doc, name)) {
      let copy = `${name}Input`;
      while (schemas[copy]) copy += "_";
      copies.set(name, copy);
    }
  }
  const retarget = (schema: Json) =>
    eachSchema(schema, (s) => {
      const name = typeof s.$ref === "string" ? s.$ref.slice(SCHEMA_PREFIX.length) : undefined;
      if (name && copies.has(name)) s.$ref = SCHEMA_PREFIX + copies.get(name);
    });
  for (const [name, copy] of copies) {
    schemas[copy] = structuredClone(schemas[name]);
    retarget(schemas[copy]);
  }
  for (const schema of requestBodySchemas(doc)) {
    retarget(schema);
    stripDefaults(schema);
  }
  for (const name of outputs) requireDefaults(schemas[name]);
  for (const name of inputs)
    if (!outputs.has(name) || copies.has(name)) stripDefaults(schemas[copies.get(name) ?? name]);
}

function problemResponse(status: number, description: string, slugs?: string[]): Json {
  const examples = Object.fromEntries(
    Object.entries(problemExamples(status)).filter(([slug]) => !slugs || slugs.includes(slug)),
  );
  return {
    description,
    content: { "application/problem+json": { schema: { $ref: `${SCHEMA_PREFIX}Problem` }, examples } },
  };
}

export function documentImplicitErrors(doc: Json): void {
  for (const { op } of operationsOf(doc)) {
    op.responses ??= {};
    const validates = (op.parameters ?? []).length > 0 || op.requestBody !== undefined;
    if (validates && !op.responses["400"]) {
      op.responses["400"] = problemResponse(400, "Invalid input (a parameter or the body fails its schema)", [
        "validation-error",
      ]);
    }
  }
}

export function dropOptionalParamExamples(doc: Json): void {
  for (const { op } of operationsOf(doc)) {
    for (const param of op.parameters ?? []) {
      if (param.required) continue;
      const example = param.example ?? param.schema?.example;
      delete param.example;
      delete param.examples;
      if (param.schema) delete param.schema.example;
      if (example !== undefined) {
        const note = `Example: \`${typeof example === "string" ? example : JSON.stringify(example)}\`.`;
        param.description = param.description ? `${param.description}. ${note}`.replace(/\.\. /, ". ") : note;
      }
    }
  }
}

export function addRequestExamples(doc: Json): void {
  for (const { op } of operationsOf(doc)) {
    const media = op.requestBody?.content?.["application/json"];
    if (!media?.schema || media.example !== undefined || media.examples !== undefined) continue;
    const example = buildExample(doc, media.schema);
    if (example !== undefined) media.example = example;
  }
}

/** Applies every refinement above, in place. */
export function refineDocument(doc: Json): Json {
  splitInputOutput(doc);
  documentImplicitErrors(doc);
  dropOptionalParamExamples(doc);
  addRequestExamples(doc);
  return doc;
}
