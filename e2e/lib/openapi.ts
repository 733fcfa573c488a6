/**
 * Checks every response against the served `/openapi.json`: the operation is
 * found by method + path template, the status must be documented, and a JSON
 * body (application/json or application/problem+json) must match the schema
 * documented for that status and content type. A mismatch throws a readable
 * error naming the operation, the status and each failing field.
 */
import Ajv2020, { type ValidateFunction } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";

type Schema = Record<string, unknown>;
interface Operation {
  responses?: Record<string, { content?: Record<string, { schema?: Schema }> }>;
}
interface OpenApiDoc {
  paths: Record<string, Record<string, Operation>>;
  components?: { schemas?: Record<string, Schema> };
}

const DOC_ID = "https://e2e.local/openapi.json";

/** `#/components/...` → an absolute ref into the registered document. */
function rebase(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(rebase);
  if (node && typeof node === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(node)) {
      out[k] = k === "$ref" && typeof v === "string" && v.startsWith("#/") ? `${DOC_ID}${v}` : rebase(v);
    }
    return out;
  }
  return node;
}

interface Template {
  path: string;
  pattern: RegExp;
  params: number;
}

export class OpenApiChecker {
  private readonly ajv: Ajv2020;
  private readonly templates: Template[];
  private readonly cache = new Map<string, ValidateFunction>();

  constructor(private readonly doc: OpenApiDoc) {
    // strict: false — OpenAPI adds keywords (example, discriminator, xml) that are not JSON Schema.
    this.ajv = new Ajv2020({ strict: false, allErrors: true });
    addFormats.default(this.ajv);
    this.ajv.addSchema({ $id: DOC_ID, components: rebase(doc.components ?? {}) });
    this.templates = Object.keys(doc.paths)
      .map((path) => ({
        path,
        params: (path.match(/\{[^}]+\}/g) ?? []).length,
        pattern: new RegExp(
          `^${path
            .split(/\{[^}]+\}/)
            .map((s) => s.replace(/[.*+?^$()|[\]\\]/g, "\\$&"))
            .join("[^/]+")}$`,
        ),
      }))
      // Literal segments win over parameters: /jobs/suggest before /jobs/{id}.
      .sort((a, b) => a.params - b.params);
  }

  /** The documented path template for a concrete path, or undefined. */
  template(method: string, path: string): string | undefined {
    const m = method.toLowerCase();
    return this.templates.find((t) => t.pattern.test(path) && this.doc.paths[t.path]?.[m])?.path;
  }

  /** Throws when the status is undocumented or the body does not match the documented schema. */
  check(method: string, path: string, status: number, contentType: string, body: unknown): void {
    const name = `${method.toUpperCase()} ${path}`;
    const tpl = this.template(method, path);
    if (!tpl) throw new Error(`${name}: no operation in /openapi.json matches this method and path`);
    const op = this.doc.paths[tpl]?.[method.toLowerCase()] as Operation;
    const responses = op.responses ?? {};
    const response = responses[String(status)] ?? responses[`${String(status)[0]}XX`] ?? responses.default;
    const where = `${method.toUpperCase()} ${tpl} → ${status}`;
    if (!response) {
      throw new Error(
        `${where}: status ${status} is not documented (documented: ${Object.keys(responses).join(", ")})\n` +
          `body: ${JSON.stringify(body)?.slice(0, 600)}`,
      );
    }
    const type = contentType.split(";")[0]?.trim().toLowerCase() ?? "";
    if (!type.includes("json")) return;
    const content = response.content ?? {};
    const media = content[type] ?? content["application/json"] ?? content["application/problem+json"];
    if (!media?.schema) {
      throw new Error(
        `${where}: a ${type} body is not documented (documented: ${Object.keys(content).join(", ") || "no body"})`,
      );
    }
    const key = `${method} ${tpl} ${status} ${type}`;
    let validate = this.cache.get(key);
    if (!validate) {
      validate = this.ajv.compile(rebase(media.schema) as Schema);
      this.cache.set(key, validate);
    }
    if (!validate(body)) {
      const problems = (validate.errors ?? [])
        .slice(0, 10)
        .map((e) => `  ${e.instancePath || "(body)"} ${e.message}${e.params ? ` ${JSON.stringify(e.params)}` : ""}`)
        .join("\n");
      throw new Error(
        `${where}: response does not match the documented schema:\n${problems}\nbody: ${JSON.stringify(body)?.slice(0, 800)}`,
      );
    }
  }
}
