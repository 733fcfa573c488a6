import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { recordAudit } from "../src/modules/audit/service";
import { queueEmail } from "../src/platform/email/log";
import { db, signedIn, unique } from "./factories";
import { waitForEmail } from "./helpers/accounts";
import { api, expectProblem } from "./helpers/http";

describe("admin audit log", () => {
  it("filters by actor_id, action and target_type with a cursor; admins only", async () => {
    const admin = await signedIn({ role: "admin" });
    const actor = unique("actor");
    for (let i = 0; i < 3; i++) {
      await recordAudit(db(), {
        actor: { userId: actor, role: "admin" },
        action: i === 2 ? "test.other" : "test.thing",
        targetType: i === 1 ? "job" : "user",
        targetId: `t${i}`,
      });
    }
    const all = await api.get(`/api/v1/admin/audit-log?actor_id=${actor}`, { token: admin.token });
    expect(all.status).toBe(200);
    expect(all.json.data.map((e: { target_id: string }) => e.target_id)).toEqual(["t2", "t1", "t0"]);
    const thing = await api.get(`/api/v1/admin/audit-log?actor_id=${actor}&action=test.thing&target_type=user`, {
      token: admin.token,
    });
    expect(thing.json.data.map((e: { target_id: string }) => e.target_id)).toEqual(["t0"]);
    const page1 = await api.get(`/api/v1/admin/audit-log?actor_id=${actor}&limit=2`, { token: admin.token });
    expect(page1.json.data).toHaveLength(2);
    const page2 = await api.get(`/api/v1/admin/audit-log?actor_id=${actor}&limit=2&cursor=${page1.json.next_cursor}`, {
      token: admin.token,
    });
    expect(page2.json.data.map((e: { target_id: string }) => e.target_id)).toEqual(["t0"]);
    expect(page2.json.next_cursor).toBeNull();
    expect(all.json.data[0]).toMatchObject({ actor_id: actor, actor_role: "admin", action: "test.other", data: {} });

    expectProblem(await api.get("/api/v1/admin/audit-log?cursor=garbage", { token: admin.token }), 400);
    const seeker = await signedIn();
    expectProblem(await api.get("/api/v1/admin/audit-log", { token: seeker.token }), 403);
  });
});

describe("admin email log", () => {
  it("lists outgoing emails with status, provider id and sent_at; filters by to/template/status", async () => {
    const admin = await signedIn({ role: "admin" });
    const to = `${unique("log")}@example.com`;
    await queueEmail(db(), env, { to, template: "welcome", data: { first_name: "A" } });
    const { row } = await waitForEmail(to, "welcome");
    const r = await api.get(`/api/v1/admin/emails?to=${encodeURIComponent(to)}`, { token: admin.token });
    expect(r.status).toBe(200);
    expect(r.json.data).toEqual([
      expect.objectContaining({
        id: row.id,
        to,
        template: "welcome",
        status: "sent",
        provider: "dev-mailbox",
        provider_id: row.providerId,
        error: null,
        sent_at: expect.any(String),
        created_at: expect.any(String),
      }),
    ]);
    const none = await api.get(`/api/v1/admin/emails?to=${encodeURIComponent(to)}&status=failed`, {
      token: admin.token,
    });
    expect(none.json.data).toHaveLength(0);
    const byTemplate = await api.get(`/api/v1/admin/emails?template=welcome&limit=100`, { token: admin.token });
    expect(byTemplate.json.data.some((e: { id: string }) => e.id === row.id)).toBe(true);
    expectProblem(await api.get("/api/v1/admin/emails?status=bogus", { token: admin.token }), 400);
    const employer = await signedIn({ role: "employer" });
    expectProblem(await api.get("/api/v1/admin/emails", { token: employer.token }), 403);
  });
});

describe("OpenAPI document", () => {
  it("documents the account and admin routes", async () => {
    const r = await api.get("/openapi.json");
    expect(r.status).toBe(200);
    const ops = new Set<string>();
    for (const item of Object.values(r.json.paths as Record<string, Record<string, { operationId?: string }>>)) {
      for (const op of Object.values(item)) if (op.operationId) ops.add(op.operationId);
    }
    for (const id of [
      "verifyEmail",
      "resendVerificationEmail",
      "forgotPassword",
      "resetPassword",
      "listSessions",
      "revokeSession",
      "listLoginHistory",
      "setupTwoFactor",
      "enableTwoFactor",
      "disableTwoFactor",
      "oauthAuthorize",
      "oauthCallback",
      "listApiKeys",
      "createApiKey",
      "revokeApiKey",
      "exportMe",
      "deleteMe",
      "adminListUsers",
      "adminUpdateUser",
      "adminListAuditLog",
      "adminListEmails",
    ]) {
      expect(ops.has(id), id).toBe(true);
    }
    expect(r.json.paths["/api/v1/auth/sessions/{id}"]).toBeDefined();
  });
});
