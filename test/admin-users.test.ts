import { and, eq, isNull } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { auditLog, sessions, users } from "../src/platform/db/schema";
import { db, login, makeUser, signedIn, unique } from "./factories";
import { api, expectProblem } from "./helpers/http";

const audits = (targetId: string, action: string) =>
  db()
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.targetId, targetId), eq(auditLog.action, action)))
    .all();

describe("admin users", () => {
  it("lists with role/status/q filters and a cursor; admins only", async () => {
    const admin = await signedIn({ role: "admin" });
    const tag = unique("zz").toLowerCase();
    const a = await makeUser({ role: "employer", email: `${tag}a@example.com` });
    const b = await makeUser({ role: "employer", email: `${tag}b@example.com` });
    await makeUser({ role: "seeker", email: `${tag}c@example.com`, status: "suspended" });
    // distinct creation times so the order is deterministic
    await db()
      .update(users)
      .set({ createdAt: Date.now() - 2000 })
      .where(eq(users.id, a.id));
    await db()
      .update(users)
      .set({ createdAt: Date.now() - 1000 })
      .where(eq(users.id, b.id));

    const r = await api.get(`/api/v1/admin/users?q=${tag}&role=employer&limit=1`, { token: admin.token });
    expect(r.status).toBe(200);
    expect(r.json.data.map((u: { id: string }) => u.id)).toEqual([b.id]);
    const next = await api.get(`/api/v1/admin/users?q=${tag}&role=employer&limit=1&cursor=${r.json.next_cursor}`, {
      token: admin.token,
    });
    expect(next.json.data.map((u: { id: string }) => u.id)).toEqual([a.id]);
    expect(next.json.next_cursor).toBeNull();
    const suspended = await api.get(`/api/v1/admin/users?q=${tag}&status=suspended`, { token: admin.token });
    expect(suspended.json.data).toHaveLength(1);
    expect(suspended.json.data[0].is_suspended).toBe(true);

    const seeker = await signedIn();
    expectProblem(await api.get("/api/v1/admin/users", { token: seeker.token }), 403, "forbidden-role");
    expectProblem(await api.get("/api/v1/admin/users"), 401);
    expectProblem(await api.get("/api/v1/admin/users?role=root", { token: admin.token }), 400);
  });

  it("gets one user with an ETag; unknown id is 404", async () => {
    const admin = await signedIn({ role: "admin" });
    const u = await makeUser();
    const r = await api.get(`/api/v1/admin/users/${u.id}`, { token: admin.token });
    expect(r.status).toBe(200);
    expect(r.json.user).toMatchObject({ id: u.id, email: u.email, status: "active" });
    expect(r.headers.get("ETag")).toBeTruthy();
    expectProblem(await api.get("/api/v1/admin/users/nope", { token: admin.token }), 404);
  });

  it("changes a role (audited) and the new role applies at once", async () => {
    const admin = await signedIn({ role: "admin" });
    const target = await signedIn();
    const r = await api.patch(`/api/v1/admin/users/${target.user.id}`, { role: "employer" }, { token: admin.token });
    expect(r.status).toBe(200);
    expect(r.json.user.role).toBe("employer");
    const [entry] = await audits(target.user.id, "admin.user_role_changed");
    expect(entry).toMatchObject({
      actorId: admin.user.id,
      actorRole: "admin",
      data: { from: "seeker", to: "employer" },
    });
    expect((await api.get("/api/v1/auth/me", { token: target.token })).json.user.role).toBe("employer");
  });

  it("suspending revokes sessions, stops tokens and refuses login; unsuspending restores login", async () => {
    const admin = await signedIn({ role: "admin" });
    const target = await signedIn();
    const second = await login(target.user);
    const r = await api.patch(`/api/v1/admin/users/${target.user.id}`, { is_suspended: true }, { token: admin.token });
    expect(r.json.user).toMatchObject({ status: "suspended", is_suspended: true });
    const live = await db()
      .select()
      .from(sessions)
      .where(and(eq(sessions.userId, target.user.id), isNull(sessions.revokedAt)))
      .all();
    expect(live).toHaveLength(0);
    expectProblem(await api.get("/api/v1/auth/me", { token: target.token }), 401);
    expectProblem(await api.post("/api/v1/auth/refresh", { refresh_token: second.refreshToken }), 401);
    expectProblem(
      await api.post("/api/v1/auth/login", { email: target.user.email, password: target.user.password }),
      403,
      "account-suspended",
    );
    expect(await audits(target.user.id, "admin.user_suspended")).toHaveLength(1);

    await api.patch(`/api/v1/admin/users/${target.user.id}`, { is_suspended: false }, { token: admin.token });
    expect(await audits(target.user.id, "admin.user_unsuspended")).toHaveLength(1);
    expect(
      (await api.post("/api/v1/auth/login", { email: target.user.email, password: target.user.password })).status,
    ).toBe(200);
  });

  it("validates the patch and refuses self-changes", async () => {
    const admin = await signedIn({ role: "admin" });
    const u = await makeUser();
    expectProblem(await api.patch(`/api/v1/admin/users/${u.id}`, {}, { token: admin.token }), 400);
    expectProblem(await api.patch(`/api/v1/admin/users/${u.id}`, { status: "deleted" }, { token: admin.token }), 400);
    expectProblem(
      await api.patch(`/api/v1/admin/users/${admin.user.id}`, { role: "seeker" }, { token: admin.token }),
      409,
      "cannot-modify-self",
    );
    expectProblem(await api.patch("/api/v1/admin/users/nope", { role: "seeker" }, { token: admin.token }), 404);
    const employer = await signedIn({ role: "employer" });
    expectProblem(await api.patch(`/api/v1/admin/users/${u.id}`, { role: "admin" }, { token: employer.token }), 403);
  });

  it("deletes (erases) a user, audited; a second delete is 404", async () => {
    const admin = await signedIn({ role: "admin" });
    const target = await signedIn();
    expect((await api.delete(`/api/v1/admin/users/${target.user.id}`, { token: admin.token })).status).toBe(204);
    const row = await db().select().from(users).where(eq(users.id, target.user.id)).get();
    expect(row?.status).toBe("deleted");
    expectProblem(await api.get("/api/v1/auth/me", { token: target.token }), 401);
    const [entry] = await audits(target.user.id, "admin.user_deleted");
    expect(entry?.actorId).toBe(admin.user.id);
    expectProblem(await api.delete(`/api/v1/admin/users/${target.user.id}`, { token: admin.token }), 404);
    expectProblem(await api.delete(`/api/v1/admin/users/${admin.user.id}`, { token: admin.token }), 409);
  });
});
