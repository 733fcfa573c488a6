import { createExecutionContext, env, waitOnExecutionContext } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { createApp } from "../src/app";
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
function appRoutes(): string[] {
  const keys = createApp()
    .routes.filter((r) => r.method !== "ALL")
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
    expect(documented(doc)).toEqual(appRoutes());
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
