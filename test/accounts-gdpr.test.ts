import { env } from "cloudflare:test";
import { and, eq, isNull } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { createApp } from "../src/app";
import { gdprSections } from "../src/gdpr-sections";
import { apiKeys, auditLog, emailLog, loginAttempts, sessions, users } from "../src/platform/db/schema";
import { buildGdprExport, type GdprSection } from "../src/platform/gdpr";
import { db, login, makeUser, signedIn } from "./factories";
import { waitFor, waitForEmail } from "./helpers/accounts";
import { api, expectProblem } from "./helpers/http";

// A stand-in for another module: exports a section and stores a file it erases.
const testModule: GdprSection = {
  name: "test_module",
  export: async (_db, userId) => ({ owner: userId, items: [1, 2] }),
  erase: async ({ userId }) => ({ r2Keys: [`test/${userId}/a.txt`] }),
};
const app = createApp({ gdprSections: [...gdprSections, testModule] });

describe("GDPR export", () => {
  it("returns one document with the account section and other modules' sections", async () => {
    const s = await signedIn();
    await api.post("/api/v1/auth/api-keys", { name: "k", scopes: ["jobs:read"] }, { token: s.token });
    const r = await api.get("/api/v1/auth/me/export", { token: s.token, app });
    expect(r.status).toBe(200);
    expect(r.headers.get("Content-Disposition")).toContain("attachment");
    expect(r.json.user_id).toBe(s.user.id);
    expect(r.json.account.user.email).toBe(s.user.email);
    expect(r.json.account.sessions).toHaveLength(1);
    expect(r.json.account.login_history[0].success).toBe(true);
    expect(r.json.account.api_keys[0].name).toBe("k");
    expect(JSON.stringify(r.json)).not.toMatch(/password_hash|key_hash|pbkdf2/);
    expect(r.json.test_module).toEqual({ owner: s.user.id, items: [1, 2] });
  });

  it("requires a session", async () => {
    expectProblem(await api.get("/api/v1/auth/me/export"), 401);
  });

  it("exports only the caller's data", async () => {
    const a = await signedIn();
    const b = await signedIn();
    const doc = await buildGdprExport(gdprSections, db(), a.user.id);
    expect(JSON.stringify(doc)).not.toContain(b.user.email);
  });
});

describe("DELETE /me", () => {
  it("needs the password", async () => {
    const s = await signedIn();
    expectProblem(
      await api.delete("/api/v1/auth/me", { token: s.token, body: { password: "wrong-one-here" } }),
      400,
      "invalid-password",
    );
    expectProblem(await api.delete("/api/v1/auth/me", { token: s.token, body: {} }), 400, "invalid-password");
    expect((await api.get("/api/v1/auth/me", { token: s.token })).status).toBe(200);
  });

  it("revokes sessions, anonymises the account, deletes files through the queue, audits; login refused", async () => {
    const s = await signedIn();
    const other = await login(s.user);
    await api.post("/api/v1/auth/api-keys", { name: "k", scopes: ["jobs:read"] }, { token: s.token });
    await env.FILES.put(`test/${s.user.id}/a.txt`, "hello");
    await api.post("/api/v1/auth/password/forgot", { email: s.user.email });
    await waitForEmail(s.user.email, "password_reset");

    const r = await api.delete("/api/v1/auth/me", { token: s.token, body: { password: s.user.password }, app });
    expect(r.status).toBe(202);

    const row = await db().select().from(users).where(eq(users.id, s.user.id)).get();
    expect(row).toMatchObject({ status: "deleted", passwordHash: null, firstName: "Deleted", lastName: "User" });
    expect(row?.email).not.toBe(s.user.email);
    const live = await db()
      .select()
      .from(sessions)
      .where(and(eq(sessions.userId, s.user.id), isNull(sessions.revokedAt)))
      .all();
    expect(live).toHaveLength(0);
    expectProblem(await api.get("/api/v1/auth/me", { token: other.token }), 401);
    expect(await db().select().from(apiKeys).where(eq(apiKeys.userId, s.user.id)).all()).toHaveLength(0);
    expect(await db().select().from(loginAttempts).where(eq(loginAttempts.userId, s.user.id)).all()).toHaveLength(0);
    expect(await db().select().from(emailLog).where(eq(emailLog.to, s.user.email)).all()).toHaveLength(0);
    const audit = await db()
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.targetId, s.user.id), eq(auditLog.action, "user.deleted")))
      .get();
    expect(audit?.data).toMatchObject({ files: 1 });
    expectProblem(await api.post("/api/v1/auth/login", { email: s.user.email, password: s.user.password }), 401);
    // the queue consumer deletes the file
    await waitFor(async () => (await env.FILES.head(`test/${s.user.id}/a.txt`)) === null);
    // the email address can be used for a new account
    const again = await makeUser({ email: s.user.email });
    expect(again.id).not.toBe(s.user.id);
  });
});
