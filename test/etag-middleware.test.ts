/**
 * `defineRoute({ etag: true })` (src/http/openapi.ts + the `etag` middleware in
 * src/http/etag.ts): handlers answer a typed `c.json(body, 200)`; the middleware
 * adds the ETag and Cache-Control, turns a matching GET into `304`, never a
 * write, and leaves other answers alone. The 304 is declared on GETs only.
 */

import { env } from "cloudflare:test";
import { z } from "@hono/zod-openapi";
import { describe, expect, it } from "vitest";
import { etagOf } from "../src/http/etag";
import { createRouter, defineRoute, jsonResponse } from "../src/http/openapi";
import { ApiError } from "../src/http/problem";

const Thing = z.object({ id: z.string(), updated_at: z.string() });
const body = { id: "t1", updated_at: "2026-11-21T10:00:00.000Z" };
const json = JSON.stringify(body);

function app() {
  const router = createRouter();
  router.onError((err, c) =>
    err instanceof ApiError ? c.json({ slug: err.slug }, 404) : c.json({ error: String(err) }, 500),
  );
  router.openapi(
    defineRoute({
      method: "get",
      path: "/things/{id}",
      access: { public: true },
      etag: true,
      request: { params: z.object({ id: z.string() }) },
      responses: { 200: jsonResponse(Thing, "The thing") },
    }),
    (c) => {
      const { id } = c.req.valid("param");
      if (id === "missing") throw new ApiError(404, "not-found", "Not found.");
      if (id === "public") return c.json(body, 200, { "Cache-Control": "public, max-age=60" });
      return c.json(body, 200);
    },
  );
  router.openapi(
    defineRoute({
      method: "patch",
      path: "/things/{id}",
      access: { public: true },
      etag: true,
      request: { params: z.object({ id: z.string() }) },
      responses: { 200: jsonResponse(Thing, "The thing") },
    }),
    (c) => c.json(body, 200),
  );
  return router;
}

describe("etag middleware", () => {
  it("tags a 200 over its exact bytes, versioned by updated_at, with private revalidation by default", async () => {
    const res = await app().request("/things/t1", {}, env);
    expect(res.status).toBe(200);
    expect(await res.text()).toBe(json);
    expect(res.headers.get("ETag")).toBe(await etagOf(json, Date.parse(body.updated_at)));
    expect(res.headers.get("Cache-Control")).toBe("private, no-cache");
    expect(res.headers.get("Content-Type")).toMatch(/^application\/json/);
  });

  it("keeps the handler's own Cache-Control", async () => {
    const res = await app().request("/things/public", {}, env);
    expect(res.headers.get("Cache-Control")).toBe("public, max-age=60");
  });

  it("answers 304 without a body to a matching If-None-Match (also weak or in a list), else 200", async () => {
    const tag = await etagOf(json, Date.parse(body.updated_at));
    for (const inm of [tag, `W/${tag}`, `"other", ${tag}`, "*"]) {
      const res = await app().request("/things/t1", { headers: { "If-None-Match": inm } }, env);
      expect(res.status).toBe(304);
      expect(await res.text()).toBe("");
      expect(res.headers.get("ETag")).toBe(tag);
      expect(res.headers.get("Cache-Control")).toBe("private, no-cache");
      expect(res.headers.get("Content-Type")).toBeNull();
    }
    const stale = await app().request("/things/t1", { headers: { "If-None-Match": '"stale"' } }, env);
    expect(stale.status).toBe(200);
  });

  it("never turns a write into 304, and leaves errors untouched", async () => {
    const tag = await etagOf(json, Date.parse(body.updated_at));
    const patched = await app().request("/things/t1", { method: "PATCH", headers: { "If-None-Match": tag } }, env);
    expect(patched.status).toBe(200);
    expect(patched.headers.get("ETag")).toBe(tag);
    const missing = await app().request("/things/missing", {}, env);
    expect(missing.status).toBe(404);
    expect(missing.headers.get("ETag")).toBeNull();
  });

  it("declares 304 on the GET only", () => {
    const doc = app().getOpenAPI31Document({ openapi: "3.1.0", info: { title: "t", version: "1" } });
    expect(Object.keys(doc.paths?.["/things/{id}"]?.get?.responses ?? {})).toEqual(["200", "304"]);
    expect(Object.keys(doc.paths?.["/things/{id}"]?.patch?.responses ?? {})).toEqual(["200"]);
  });
});
