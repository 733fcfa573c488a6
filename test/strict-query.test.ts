/**
 * Unknown query parameters are refused like unknown body fields: a misspelt
 * filter must not silently widen a list. The route-table test covers every
 * route with a query schema, present and future.
 */
import { z } from "@hono/zod-openapi";
import { describe, expect, it } from "vitest";
import { createFullApp } from "../src/app";
import { UNKNOWN_QUERY_PARAMETER } from "../src/http/problem";
import { signedIn } from "./factories";
import { api, expectProblem } from "./helpers/http";

type RouteDef = { type: string; route?: { method: string; path: string; request?: { query?: z.ZodType } } };

async function routesWithQuery() {
  const defs = (await createFullApp()).openAPIRegistry.definitions as RouteDef[];
  return defs.flatMap((d) =>
    d.type === "route" && d.route?.request?.query ? [{ ...d.route, query: d.route.request.query }] : [],
  );
}

describe("strict query parameters", () => {
  it("every route with a query schema rejects an unknown parameter and names the allowed ones", async () => {
    const routes = await routesWithQuery();
    expect(routes.length).toBeGreaterThan(30);
    const loose: string[] = [];
    for (const r of routes) {
      const name = `${r.method.toUpperCase()} ${r.path}`;
      const shape = r.query instanceof z.ZodObject ? Object.keys(r.query.shape) : [];
      const result = r.query.safeParse({ bogus: "1" });
      // The OAuth callback is loose on purpose: providers add parameters of their own.
      if (result.success) {
        loose.push(name);
        continue;
      }
      const issue = result.error.issues.find((i) => i.code === "unrecognized_keys");
      expect(issue, name).toBeDefined();
      expect(issue?.message, name).toContain(UNKNOWN_QUERY_PARAMETER);
      for (const key of shape) expect(issue?.message, name).toContain(key);
    }
    expect(loose).toEqual(["GET /api/v1/auth/oauth/{provider}/callback"]);
  });

  it("GET /jobs?is_remote=true is a 400 naming `remote`", async () => {
    const r = expectProblem(await api.get("/api/v1/jobs?is_remote=true"), 400, "validation-error");
    expect(r.errors).toEqual([{ path: "is_remote", message: expect.stringContaining("remote") }]);
    expect(r.errors[0].message).toMatch(/Allowed: .*\bremote\b/);
    expect((await api.get("/api/v1/jobs?remote=true")).status).toBe(200);
  });

  it("applies to authenticated lists too", async () => {
    const me = await signedIn();
    const r = expectProblem(await api.get("/api/v1/notifications?bogus=1", { token: me.token }), 400);
    expect(r.errors[0].path).toBe("bogus");
    expect((await api.get("/api/v1/notifications", { token: me.token })).status).toBe(200);
    expectProblem(await api.get("/api/v1/companies?bogus=1"), 400, "validation-error");
  });

  it("applies to lists that take no parameter at all (GET /categories)", async () => {
    const r = expectProblem(await api.get("/api/v1/categories?bogus=1"), 400, "validation-error");
    expect(r.errors[0].path).toBe("bogus");
    expect((await api.get("/api/v1/categories")).status).toBe(200);
  });
});
