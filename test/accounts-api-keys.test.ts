import { createExecutionContext, env } from "cloudflare:test";
import { eq } from "drizzle-orm";
import { Hono } from "hono";
import { describe, expect, it } from "vitest";
import { authenticate, provideCredentials, requireScope } from "../src/http/access";
import { database } from "../src/http/middleware/db";
import type { ApiError } from "../src/http/problem";
import { problemResponse } from "../src/http/problem";
import { sha256Hex } from "../src/lib/crypto";
import { verifyBearer } from "../src/modules/accounts/credentials";
import { apiKeys, users } from "../src/platform/db/schema";
import type { AppEnv } from "../src/platform/env";
import { db, signedIn } from "./factories";
import { api, expectProblem } from "./helpers/http";

async function createKey(token: string, scopes: string[] = ["jobs:read"], name = "ATS sync") {
  const r = await api.post("/api/v1/auth/api-keys", { name, scopes }, { token });
  expect(r.status).toBe(201);
  return r.json as { id: string; key: string; prefix: string; scopes: string[] };
}

/** A tiny app with the real auth middleware and a scope-protected route. */
const scoped = new Hono<AppEnv>();
scoped.use("*", database, provideCredentials(verifyBearer), authenticate);
scoped.get("/jobs-read", (c) => c.json({ user: requireScope(c, "jobs:read").userId }));
scoped.onError((err, c) => {
  const e = err as ApiError;
  return problemResponse(e.status ?? 500, e.slug ?? "internal", e.message, c.get("requestId") ?? "t", {
    headers: e.headers,
  });
});
const callScoped = (token?: string) =>
  scoped.fetch(
    new Request("http://x/jobs-read", { headers: token ? { Authorization: `Bearer ${token}` } : {} }),
    env,
    createExecutionContext(),
  );

describe("API keys", () => {
  it("creates a jb_ key shown once and stored hashed; lists without the secret", async () => {
    const s = await signedIn({ role: "employer" });
    const k = await createKey(s.token, ["jobs:read", "jobs:write", "jobs:read"]);
    expect(k.key).toMatch(/^jb_[A-Za-z0-9_-]{43}$/);
    expect(k.key.startsWith(k.prefix)).toBe(true);
    expect(k.scopes).toEqual(["jobs:read", "jobs:write"]);
    const row = await db().select().from(apiKeys).where(eq(apiKeys.id, k.id)).get();
    expect(row?.keyHash).toBe(await sha256Hex(k.key));
    expect(JSON.stringify(row)).not.toContain(k.key);
    const list = await api.get("/api/v1/auth/api-keys", { token: s.token });
    expect(list.json.data).toHaveLength(1);
    expect(list.json.data[0].key).toBeUndefined();
    expect(list.json.data[0].prefix).toBe(k.prefix);
  });

  it("is accepted as a bearer token with its scopes; revoked keys stop at once", async () => {
    const s = await signedIn();
    const k = await createKey(s.token);
    const me = await api.get("/api/v1/auth/me", { token: k.key });
    expect(me.status).toBe(200);
    expect(me.json.user.id).toBe(s.user.id);
    expect((await callScoped(k.key)).status).toBe(200);

    expect((await api.delete(`/api/v1/auth/api-keys/${k.id}`, { token: s.token })).status).toBe(204);
    expectProblem(await api.get("/api/v1/auth/me", { token: k.key }), 401, "invalid-token");
    expect((await api.get("/api/v1/auth/api-keys", { token: s.token })).json.data).toHaveLength(0);
  });

  it("requireScope: sessions pass, keys need the scope (403 insufficient-scope)", async () => {
    const s = await signedIn();
    const writer = await createKey(s.token, ["applications:write"]);
    expect((await callScoped(s.token)).status).toBe(200);
    const denied = await callScoped(writer.key);
    expect(denied.status).toBe(403);
    expect(((await denied.json()) as { type: string }).type).toContain("insufficient-scope");
    expect((await callScoped()).status).toBe(401);
    expect((await callScoped("jb_not-a-real-key")).status).toBe(401);
  });

  it("keys cannot manage the account (403 session-required)", async () => {
    const s = await signedIn();
    const k = await createKey(s.token, ["jobs:read", "jobs:write", "applications:read", "applications:write"]);
    expectProblem(await api.get("/api/v1/auth/api-keys", { token: k.key }), 403, "session-required");
    expectProblem(
      await api.post("/api/v1/auth/api-keys", { name: "x", scopes: ["jobs:read"] }, { token: k.key }),
      403,
      "session-required",
    );
    expectProblem(await api.get("/api/v1/auth/sessions", { token: k.key }), 403, "session-required");
    expectProblem(await api.post("/api/v1/auth/2fa/setup", undefined, { token: k.key }), 403, "session-required");
  });

  it("a suspended owner's keys stop working", async () => {
    const s = await signedIn();
    const k = await createKey(s.token);
    await db().update(users).set({ status: "suspended" }).where(eq(users.id, s.user.id));
    expectProblem(await api.get("/api/v1/auth/me", { token: k.key }), 401);
  });

  it("expired keys are refused", async () => {
    const s = await signedIn();
    const k = await createKey(s.token);
    await db()
      .update(apiKeys)
      .set({ expiresAt: Date.now() - 1 })
      .where(eq(apiKeys.id, k.id));
    expectProblem(await api.get("/api/v1/auth/me", { token: k.key }), 401);
  });

  it("validates scopes and names; another user's key id is 404", async () => {
    const s = await signedIn();
    expectProblem(await api.post("/api/v1/auth/api-keys", { name: "x", scopes: ["admin"] }, { token: s.token }), 400);
    expectProblem(await api.post("/api/v1/auth/api-keys", { name: "x", scopes: [] }, { token: s.token }), 400);
    expectProblem(
      await api.post("/api/v1/auth/api-keys", { name: "", scopes: ["jobs:read"] }, { token: s.token }),
      400,
    );
    expectProblem(
      await api.post("/api/v1/auth/api-keys", { name: "x", scopes: ["jobs:read"], role: "admin" }, { token: s.token }),
      400,
    );
    const other = await signedIn();
    const k = await createKey(other.token);
    expectProblem(await api.delete(`/api/v1/auth/api-keys/${k.id}`, { token: s.token }), 404);
    expect((await api.get("/api/v1/auth/me", { token: k.key })).status).toBe(200);
    expectProblem(await api.get("/api/v1/auth/api-keys"), 401);
  });
});
