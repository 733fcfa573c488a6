import { createExecutionContext, env, waitOnExecutionContext } from "cloudflare:test";
import type { z } from "@hono/zod-openapi";
import { describe, expect, it } from "vitest";
import { createApp, createFullApp } from "../src/app";
import { api, call } from "./helpers/http";

const METHODS = ["get", "post", "put", "patch", "delete"] as const;

// biome-ignore lint/suspicious/noExplicitAny: the document is walked generically
type Doc = any;

async function fetchDoc(environment: string): Promise<Doc> {
  const ctx = createExecutionContext();
  const res = await createApp().fetch(
    new Request("http://api.test/openapi.json"),
    { ...env, ENVIRONMENT: environment },
    ctx,
  );
  await waitOnExecutionContext(ctx);
  expect(res.status).toBe(200);
  return res.json();
}

/** "GET /api/v1/auth/me"-style keys for every real route of the app (middleware entries excluded). */
async function appRoutes(): Promise<string[]> {
  const keys = (await createFullApp()).routes
    .filter((r) => r.method !== "ALL")
    .map((r) => `${r.method} ${r.path.replace(/\/:([A-Za-z0-9_]+)(\{[^}]*\})?/g, "/{$1}")}`);
  return [...new Set(keys)].sort();
}

function documented(doc: Doc): string[] {
  const keys: string[] = [];
  for (const [path, item] of Object.entries(doc.paths as Record<string, Record<string, unknown>>)) {
    for (const m of METHODS) if (item[m]) keys.push(`${m.toUpperCase()} ${path}`);
  }
  return keys.sort();
}

describe("GET /openapi.json", () => {
  it("is an OpenAPI 3.1 document with servers, bearerAuth and described tags", async () => {
    const r = await api.get("/openapi.json");
    expect(r.status).toBe(200);
    expect(r.headers.get("Content-Type")).toContain("application/json");
    const doc = r.json;
    expect(doc.openapi).toBe("3.1.0");
    expect(doc.info.title).toBeTruthy();
    expect(doc.servers[0].url).toBe("http://api.test");
    expect(doc.components.securitySchemes.bearerAuth).toMatchObject({ type: "http", scheme: "bearer" });
    expect(doc.components.schemas.Problem).toBeDefined();
    for (const tag of doc.tags) expect(tag.description).toBeTruthy();
  });

  it("documents every route of the app, and nothing else", async () => {
    const doc = await fetchDoc("development");
    expect(documented(doc)).toEqual(await appRoutes());
  });

  it("gives every operation a unique operationId, known tags and a summary", async () => {
    const doc = await fetchDoc("development");
    const tagNames = new Set(doc.tags.map((t: { name: string }) => t.name));
    const ids = new Set<string>();
    for (const [path, item] of Object.entries(doc.paths as Record<string, Record<string, Doc>>)) {
      for (const m of METHODS) {
        const op = item[m];
        if (!op) continue;
        const where = `${m} ${path}`;
        expect(op.operationId, where).toMatch(/^[a-z][A-Za-z0-9]+$/);
        expect(ids.has(op.operationId), `duplicate operationId ${op.operationId}`).toBe(false);
        ids.add(op.operationId);
        expect(op.tags?.length, where).toBeGreaterThan(0);
        for (const t of op.tags) expect(tagNames.has(t), `${where}: tag ${t} has no description`).toBe(true);
        expect(op.summary, where).toBeTruthy();
        if (op.security?.some((s: Record<string, unknown>) => "bearerAuth" in s)) {
          expect(op.responses["401"], `${where} is secured but documents no 401`).toBeDefined();
        }
      }
    }
  });

  it("leaves development-only routes out in production", async () => {
    const dev = await fetchDoc("development");
    const prod = await fetchDoc("production");
    expect(dev.paths["/dev/mailbox"]).toBeDefined();
    expect(prod.paths["/dev/mailbox"]).toBeUndefined();
    expect(prod.tags.map((t: { name: string }) => t.name)).not.toContain("Development");
    expect(prod.paths["/api/v1/auth/login"]).toBeDefined();
  });
});

describe("GET /docs", () => {
  it("is an HTML page that loads only this server's scripts under a strict CSP", async () => {
    const res = await call("GET", "/docs");
    expect(res.status).toBe(200);
    expect(res.headers.get("Content-Type")).toContain("text/html");
    const csp = res.headers.get("Content-Security-Policy") ?? "";
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain("unsafe-eval");
    expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
    const html = await res.text();
    expect(html).toContain('src="/docs/vendor/swagger-ui-bundle.js"');
    expect(html).toContain('src="/docs/init.js"');
    expect(html).toContain('href="/docs/vendor/swagger-ui.css"');
    expect(html).not.toMatch(/https?:\/\//);
    expect(html).not.toMatch(/<script>(?!<\/script>)/);
  });

  it("its scripts and styles are served as static assets", async () => {
    for (const path of ["/docs/init.js", "/docs/vendor/swagger-ui-bundle.js", "/docs/vendor/swagger-ui.css"]) {
      const res = await env.ASSETS.fetch(`http://api.test${path}`);
      expect(res.status, path).toBe(200);
      const body = await res.text();
      expect(body.length, path).toBeGreaterThan(path.endsWith("init.js") ? 100 : 10_000);
    }
    const init = await (await env.ASSETS.fetch("http://api.test/docs/init.js")).text();
    expect(init).toContain('url: "/openapi.json"');
    expect(init).not.toMatch(/https?:\/\//);
  });
});

function operations(doc: Doc): { where: string; op: Doc }[] {
  const out: { where: string; op: Doc }[] = [];
  for (const [path, item] of Object.entries(doc.paths as Record<string, Record<string, Doc>>)) {
    for (const m of METHODS) if (item[m]) out.push({ where: `${m.toUpperCase()} ${path}`, op: item[m] });
  }
  return out;
}

describe("the document agrees with the server", () => {
  it("documents the password policy's 10-character minimum where a password is chosen", async () => {
    const doc = await fetchDoc("development");
    const s = doc.components.schemas;
    expect(s.RegisterRequest.properties.password).toMatchObject({ minLength: 10, maxLength: 128 });
    expect(s.ChangePasswordRequest.properties.new_password).toMatchObject({ minLength: 10 });
    expect(s.ResetPasswordRequest.properties.new_password).toMatchObject({ minLength: 10 });
    // Logging in checks no policy: existing passwords stay accepted.
    expect(s.LoginRequest.properties.password.minLength).toBe(1);
    // And the server indeed refuses 9 characters at registration.
    const r = await api.post("/api/v1/auth/register", {
      email: "nine@example.com",
      password: "Abc-12345",
      role: "seeker",
      first_name: "Nine",
      last_name: "Chars",
    });
    expect(r.status).toBe(400);
  });

  it("documents that a job description may not be blank", async () => {
    const doc = await fetchDoc("development");
    expect(doc.components.schemas.CreateJobRequest.properties.description.minLength).toBe(1);
  });

  it("documents null where profile sections accept it", async () => {
    const doc = await fetchDoc("development");
    const s = doc.components.schemas;
    const nullable = (schema: Doc) => [schema.type].flat().includes("null");
    const fields: [string, string][] = [
      ["CertificationInput", "credential_url"],
      ["CertificationPatch", "credential_url"],
      ["EducationInput", "end_date"],
      ["EducationPatch", "end_date"],
      ["ExperienceInput", "end_date"],
      ["PortfolioItemInput", "url"],
      ["PortfolioItemPatch", "url"],
    ];
    for (const [name, field] of fields) {
      expect(nullable(s[name].properties[field]), `${name}.${field}`).toBe(true);
    }
  });

  it("documents 400 on every operation with a path parameter (they are length-bounded)", async () => {
    const doc = await fetchDoc("development");
    const withParams = operations(doc).filter(({ op }) => (op.parameters ?? []).some((p: Doc) => p.in === "path"));
    expect(withParams.length).toBeGreaterThan(40);
    for (const { where, op } of withParams) expect(op.responses["400"], where).toBeDefined();
    // An over-long id really is a 400, not a 404.
    const r = await api.get(`/api/v1/jobs/${"x".repeat(300)}`);
    expect(r.status).toBe(400);
  });

  it("documents 304 with the ETag on every route that answers through jsonWithEtag", async () => {
    const doc = await fetchDoc("development");
    const byId = new Map(operations(doc).map(({ op }) => [op.operationId, op]));
    // Every handler that returns `jsonWithEtag(…)` (grep src/modules), plus the image route.
    const etagRoutes = [
      "adminGetUser",
      "getAlert",
      "getApplication",
      "getCategory",
      "getCompany",
      "getImage",
      "getInterview",
      "getJob",
      "getMe",
      "getProfile",
      "getPublicProfile",
      "getResume",
      "getReview",
    ];
    for (const id of etagRoutes) expect(byId.get(id)?.responses["304"], id).toBeDefined();
  });

  it("documents the media types a resume download is really served as", async () => {
    const doc = await fetchDoc("development");
    const content = doc.paths["/api/v1/resumes/{id}/download"].get.responses["200"].content;
    expect(Object.keys(content).sort()).toEqual([
      "application/pdf",
      "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
      "text/plain",
    ]);
  });

  it("documents the dev mailbox's 400 (its limit is validated)", async () => {
    const doc = await fetchDoc("development");
    expect(doc.paths["/dev/mailbox"].get.responses["400"]).toBeDefined();
    expect((await api.get("/dev/mailbox?limit=0")).status).toBe(400);
  });

  it("shows each error status with its own problem types", async () => {
    const doc = await fetchDoc("development");
    const login = doc.paths["/api/v1/auth/me"].get.responses;
    const slugs = (res: Doc) =>
      Object.values(res.content["application/problem+json"].examples).map((e: Doc) => e.value.type.split("/").pop());
    expect(slugs(login["401"])).toContain("unauthorized");
    expect(slugs(login["401"])).toContain("invalid-token");
    const job = doc.paths["/api/v1/jobs/{id}"].get.responses;
    expect(slugs(job["404"])).toEqual(["not-found"]);
    for (const { where, op } of operations(doc)) {
      for (const [status, res] of Object.entries(op.responses as Record<string, Doc>)) {
        const media = res.content?.["application/problem+json"];
        if (!media) continue;
        for (const e of Object.values(media.examples ?? {}) as Doc[]) {
          expect(e.value.status, `${where} ${status}`).toBe(Number(status));
        }
      }
    }
  });
});

describe("generated clients", () => {
  /** Component names reachable from request bodies. */
  function requestComponents(doc: Doc): Set<string> {
    const seen = new Set<string>();
    const visit = (node: Doc) => {
      if (!node || typeof node !== "object") return;
      if (typeof node.$ref === "string") {
        const name = node.$ref.replace("#/components/schemas/", "");
        if (seen.has(name)) return;
        seen.add(name);
        visit(doc.components.schemas[name]);
        return;
      }
      for (const v of Object.values(node)) visit(v);
    };
    for (const { op } of operations(doc)) visit(op.requestBody);
    return seen;
  }

  it("see defaulted fields as optional in request schemas (openapi-typescript makes a `default` required)", async () => {
    const doc = await fetchDoc("development");
    const offenders: string[] = [];
    const check = (schema: Doc, where: string) => {
      if (!schema || typeof schema !== "object") return;
      for (const [k, p] of Object.entries((schema.properties ?? {}) as Record<string, Doc>)) {
        if (p && "default" in p && !(schema.required ?? []).includes(k)) offenders.push(`${where}.${k}`);
        check(p, `${where}.${k}`);
      }
      if (schema.items) check(schema.items, `${where}[]`);
      for (const alt of [...(schema.anyOf ?? []), ...(schema.oneOf ?? []), ...(schema.allOf ?? [])]) check(alt, where);
    };
    for (const name of requestComponents(doc)) check(doc.components.schemas[name], name);
    for (const { where, op } of operations(doc)) {
      for (const media of Object.values((op.requestBody?.content ?? {}) as Record<string, Doc>)) {
        check(media.schema, where);
      }
    }
    expect(offenders).toEqual([]);
    // The default is still told, in words.
    expect(doc.components.schemas.ExperienceInput.properties.is_current.description).toContain("Default: `false`");
  });
});

describe("the docs page's Try it out", () => {
  it("pre-fills no optional parameter, so the first search is not narrowed by examples", async () => {
    const doc = await fetchDoc("development");
    for (const { where, op } of operations(doc)) {
      for (const p of op.parameters ?? []) {
        if (p.required) continue;
        expect(p.example ?? p.schema?.example ?? p.examples, `${where} ?${p.name}`).toBeUndefined();
      }
    }
    const r = await api.get("/api/v1/jobs?q=engineer");
    expect(r.status).toBe(200);
  });

  it("starts every JSON request body from an example its own schema accepts", async () => {
    const doc = await fetchDoc("development");
    const app = await createFullApp();
    const bodies = new Map<string, z.ZodType>();
    for (const def of app.openAPIRegistry.definitions) {
      if (def.type !== "route") continue;
      const media = def.route.request?.body?.content?.["application/json"];
      const schema = media && "schema" in media ? media.schema : undefined;
      if (schema && def.route.operationId) bodies.set(def.route.operationId, schema as z.ZodType);
    }
    expect(bodies.size).toBeGreaterThan(40);
    const failures: string[] = [];
    for (const { where, op } of operations(doc)) {
      const media = op.requestBody?.content?.["application/json"];
      const schema = bodies.get(op.operationId);
      if (!media || !schema) continue;
      expect(media.example, `${where} has no example`).toBeDefined();
      expect(JSON.stringify(media.example), where).not.toContain('"string"');
      const parsed = await schema.safeParseAsync(media.example);
      if (!parsed.success) failures.push(`${where}: ${JSON.stringify(parsed.error.issues.map((i) => i.path))}`);
    }
    expect(failures).toEqual([]);
  });

  it("has a Getting started section, workflow-ordered tags and the filter box", async () => {
    const doc = await fetchDoc("development");
    expect(doc.info.description).toContain("Getting started");
    expect(doc.info.description).toContain("seeker@jobboard.test");
    expect(doc.tags[0].name).toBe("Auth");
    const login = doc.paths["/api/v1/auth/login"].post.requestBody.content["application/json"].example;
    expect(login).toEqual({ email: "seeker@jobboard.test", password: "Seeker-Password-2026" });
    const prod = await fetchDoc("production");
    expect(prod.info.description).not.toContain("jobboard.test");
    const prodLogin = prod.paths["/api/v1/auth/login"].post.requestBody.content["application/json"].example;
    expect(prodLogin.email).not.toContain("jobboard.test");
    const init = await (await env.ASSETS.fetch("http://api.test/docs/init.js")).text();
    expect(init).toContain("filter: true");
  });
});
