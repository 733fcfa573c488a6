/**
 * The per-isolate session cache (src/modules/accounts/principal-cache.ts):
 * a repeated request with the same token skips the session read, changes made
 * through the API take effect at once, and a change this isolate did not see
 * (a write by another isolate, simulated by writing D1 directly) takes effect
 * once the TTL has passed.
 */
import { createExecutionContext, env } from "cloudflare:test";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import worker from "../src/index";
import { users } from "../src/platform/db/schema";
import { db, signedIn } from "./factories";
import { BASE } from "./helpers/http";

/** The Worker with its own cache TTL, as a deployment would configure it. */
function withTtl(ttl: string) {
  return async (path: string, token: string, init: RequestInit = {}) => {
    const headers = new Headers(init.headers);
    headers.set("Authorization", `Bearer ${token}`);
    const req = new Request(`${BASE}${path}`, { ...init, headers });
    const res = await worker.fetch(req, { ...env, AUTH_CACHE_TTL_MS: ttl }, createExecutionContext());
    const text = await res.text();
    const timing = res.headers.get("Server-Timing") ?? "";
    const queries = Number(/d1;(?:desc="[^"]*";)?dur=(\d+)/.exec(timing)?.[1]);
    return { status: res.status, queries, json: text ? JSON.parse(text) : null };
  };
}

describe("session cache", () => {
  it("a second request with the same token does not read the session again", async () => {
    const me = await signedIn();
    const get = withTtl("5000");
    const first = await get("/api/v1/auth/me", me.token);
    const second = await get("/api/v1/auth/me", me.token);
    expect(first.status).toBe(200);
    expect(second.status).toBe(200);
    expect(second.json.user.id).toBe(me.user.id);
    expect(second.queries).toBe(first.queries - 1);
  });

  it("AUTH_CACHE_TTL_MS=0 reads the session on every request", async () => {
    const me = await signedIn();
    const get = withTtl("0");
    const first = await get("/api/v1/auth/me", me.token);
    const second = await get("/api/v1/auth/me", me.token);
    expect(second.status).toBe(200);
    expect(second.queries).toBe(first.queries);
  });

  it("logout through the API ends the cached session at once", async () => {
    const me = await signedIn();
    const get = withTtl("60000");
    expect((await get("/api/v1/auth/me", me.token)).status).toBe(200);
    const out = await get("/api/v1/auth/logout", me.token, { method: "POST" });
    expect(out.status).toBeLessThan(300);
    expect((await get("/api/v1/auth/me", me.token)).status).toBe(401);
  });

  it("a suspension by an admin ends the cached session at once", async () => {
    const target = await signedIn();
    const admin = await signedIn({ role: "admin" });
    const get = withTtl("60000");
    expect((await get("/api/v1/auth/me", target.token)).status).toBe(200);
    const r = await get(`/api/v1/admin/users/${target.user.id}`, admin.token, {
      method: "PATCH",
      body: JSON.stringify({ is_suspended: true }),
      headers: { "Content-Type": "application/json" },
    });
    expect(r.status).toBe(200);
    expect((await get("/api/v1/auth/me", target.token)).status).toBe(401);
  });

  it("a role change by an admin is seen at once", async () => {
    const target = await signedIn({ role: "seeker" });
    const admin = await signedIn({ role: "admin" });
    const get = withTtl("60000");
    expect((await get("/api/v1/auth/me", target.token)).json.user.role).toBe("seeker");
    const r = await get(`/api/v1/admin/users/${target.user.id}`, admin.token, {
      method: "PATCH",
      body: JSON.stringify({ role: "employer" }),
      headers: { "Content-Type": "application/json" },
    });
    expect(r.status).toBe(200);
    expect((await get("/api/v1/auth/me", target.token)).json.user.role).toBe("employer");
  });

  it("a change this isolate did not make takes effect once the TTL has passed", async () => {
    const me = await signedIn();
    const get = withTtl("300");
    expect((await get("/api/v1/auth/me", me.token)).status).toBe(200);
    // Another isolate (or an operator) suspends the account: this isolate was not told.
    await db().update(users).set({ status: "suspended" }).where(eq(users.id, me.user.id));
    expect((await get("/api/v1/auth/me", me.token)).status).toBe(200);
    await new Promise((r) => setTimeout(r, 350));
    const after = await get("/api/v1/auth/me", me.token);
    expect(after.status).toBe(401);
    expect(after.json.type).toContain("invalid-token");
  });
});
