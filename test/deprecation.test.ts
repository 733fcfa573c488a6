/** Deprecated routes (defineRoute `deprecated:`): RFC 9745/8594 headers on every answer, `deprecated: true` in OpenAPI. */
import { env } from "cloudflare:test";
import { z } from "@hono/zod-openapi";
import { describe, expect, it } from "vitest";
import { installErrorHandlers } from "../src/app";
import { deprecationHeaders } from "../src/http/deprecation";
import { createRouter, defineRoute, jsonResponse } from "../src/http/openapi";
import { ApiError } from "../src/http/problem";

const rule = {
  since: "2026-01-01T00:00:00Z",
  sunset: "2026-07-01T00:00:00Z",
  link: "https://jobboard.dev/docs/versioning",
};

function app() {
  const router = createRouter();
  router.openapi(
    defineRoute({
      method: "get",
      path: "/old/{n}",
      access: { public: true },
      operationId: "oldThing",
      deprecated: rule,
      request: { params: z.object({ n: z.string() }) },
      responses: { 200: jsonResponse(z.object({ ok: z.boolean() }), "ok") },
    }),
    (c) => {
      if (c.req.valid("param").n === "boom") throw new ApiError(409, "conflict", "No.");
      return c.json({ ok: true }, 200);
    },
  );
  installErrorHandlers(router);
  return router;
}

describe("deprecated routes", () => {
  it("formats the headers per RFC 9745 and RFC 8594", () => {
    expect(deprecationHeaders(rule)).toEqual({
      Deprecation: "@1767225600",
      Sunset: "Wed, 01 Jul 2026 00:00:00 GMT",
      Link: '<https://jobboard.dev/docs/versioning>; rel="deprecation"; type="text/html"',
    });
  });

  it("sends them on success and on errors, and marks the operation deprecated", async () => {
    const a = app();
    for (const n of ["x", "boom"]) {
      const res = await a.request(`/old/${n}`, {}, env);
      expect(res.status).toBe(n === "x" ? 200 : 409);
      expect(res.headers.get("deprecation")).toBe("@1767225600");
      expect(res.headers.get("sunset")).toBe("Wed, 01 Jul 2026 00:00:00 GMT");
      expect(res.headers.get("link")).toContain('rel="deprecation"');
    }
    const doc = a.getOpenAPI31Document({ openapi: "3.1.0", info: { title: "t", version: "1" } });
    expect(doc.paths?.["/old/{n}"]?.get?.deprecated).toBe(true);
  });
});
