/**
 * The lazy mount (src/routers.ts, src/app.ts): a router is loaded on the first
 * request to one of its keys, so a route whose first path segment is missing
 * from its router's keys would answer 404 in the Worker while the fully mounted
 * app serves it. These checks keep the table true without timing anything.
 */
import { createExecutionContext, env, waitOnExecutionContext } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { createApp, createFullApp } from "../src/app";
import { ROUTER_MOUNTS, routerKey } from "../src/routers";
import { call } from "./helpers/http";

describe("router keys", () => {
  it("every route's first segment is a key of its router, and every key is used", async () => {
    const missing: string[] = [];
    const unused: string[] = [];
    for (const mount of ROUTER_MOUNTS) {
      const router = await mount.load();
      const used = new Set<string>();
      for (const r of router.routes) {
        if (r.method === "ALL") continue; // middleware
        const full = `${mount.prefix === "/" ? "" : mount.prefix}${r.path}`;
        const key = routerKey(full);
        used.add(key);
        if (!mount.keys.includes(key)) missing.push(`${r.method} ${full} (key "${key}")`);
      }
      for (const k of mount.keys) if (!used.has(k)) unused.push(`${mount.prefix} ${k}`);
    }
    expect(missing).toEqual([]);
    expect(unused).toEqual([]);
  });

  it("routerKey reads the first segment, or api/v1/ and the next one", () => {
    expect(routerKey("/api/v1/jobs/123")).toBe("api/v1/jobs");
    expect(routerKey("/api/v1")).toBe("api/v1/");
    expect(routerKey("/health/ready")).toBe("health");
    expect(routerKey("/")).toBe("");
  });
});

describe("the lazy app answers like the fully mounted one", () => {
  const cases: Array<[string, string]> = [
    ["GET", "/health"],
    ["GET", "/api/v1/jobs?nope=1"],
    ["DELETE", "/api/v1/auth/login"],
    ["GET", "/api/v1/no-such-thing"],
    ["POST", "/no/such/path"],
    ["GET", "/api/v1/auth/me"],
    ["HEAD", "/health"],
  ];
  it.each(cases)("%s %s: same status, problem type and Allow", async (method, path) => {
    const full = await createFullApp();
    const lazy = createApp();
    const answer = async (app: typeof lazy) => {
      const ctx = createExecutionContext();
      const res = await app.fetch(new Request(`http://api.test${path}`, { method }), env, ctx);
      await waitOnExecutionContext(ctx);
      const text = await res.text();
      return {
        status: res.status,
        type: text.startsWith("{") ? (JSON.parse(text) as { type?: string }).type : undefined,
        allow: res.headers.get("Allow"),
        requestId: Boolean(res.headers.get("X-Request-Id")),
        contentType: res.headers.get("Content-Type"),
      };
    };
    expect(await answer(lazy)).toEqual(await answer(full));
  });

  it("keeps the parent's request id and bookmark headers on a routed answer", async () => {
    const res = await call("GET", "/api/v1/categories", { headers: { "X-Request-Id": "lazy-router-check-1" } });
    expect(res.status).toBe(200);
    expect(res.headers.get("X-Request-Id")).toBe("lazy-router-check-1");
    expect(res.headers.get("x-d1-bookmark")).toBeTruthy();
    await res.body?.cancel();
  });
});
