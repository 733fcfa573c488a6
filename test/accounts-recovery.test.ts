import { and, eq, isNull } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { accountTokens, auditLog, notifications, sessions } from "../src/platform/db/schema";
import { db, login, makeUser, signedIn } from "./factories";
import { client, emailRows, tokenFromMail, waitForEmail } from "./helpers/accounts";
import { api, expectProblem, startOfRateLimitWindow } from "./helpers/http";

const NEW_PASSWORD = "Another-Long-Phrase-2027";

async function requestReset(email: string) {
  const r = await api.post("/api/v1/auth/password/forgot", { email });
  expect(r.status).toBe(202);
  const { mail, row } = await waitForEmail(email, "password_reset");
  return { token: tokenFromMail(mail.text), mail, row };
}

describe("password forgot / reset", () => {
  it("forgot answers the same 202 for known and unknown emails and mails only the known one", async () => {
    const user = await makeUser();
    const unknown = `ghost-${Date.now()}@example.com`;
    const a = await api.post("/api/v1/auth/password/forgot", { email: user.email });
    const b = await api.post("/api/v1/auth/password/forgot", { email: unknown });
    expect(a.status).toBe(202);
    expect(b.status).toBe(202);
    expect(a.json).toEqual(b.json);
    expect([...a.headers.keys()].filter((k) => k !== "x-request-id" && k !== "server-timing").sort()).toEqual(
      [...b.headers.keys()].filter((k) => k !== "x-request-id" && k !== "server-timing").sort(),
    );
    const { mail, row } = await waitForEmail(user.email, "password_reset");
    expect(row.category).toBe("security");
    expect(mail.headers["List-Unsubscribe"]).toBeUndefined();
    expect(mail.text).toContain("/reset-password?token=");
    await new Promise((r) => setTimeout(r, 300));
    expect(await emailRows(unknown)).toHaveLength(0);
  });

  it("reset sets the password, revokes every session, audits, emails password_changed; the token works once", async () => {
    const s = await signedIn();
    const second = await login(s.user);
    const { token } = await requestReset(s.user.email);

    const r = await api.post("/api/v1/auth/password/reset", { token, new_password: NEW_PASSWORD });
    expect(r.status).toBe(200);

    const live = await db()
      .select()
      .from(sessions)
      .where(and(eq(sessions.userId, s.user.id), isNull(sessions.revokedAt)))
      .all();
    expect(live).toHaveLength(0);
    expectProblem(await api.get("/api/v1/auth/me", { token: s.token }), 401);
    expectProblem(await api.get("/api/v1/auth/me", { token: second.token }), 401);

    expectProblem(await api.post("/api/v1/auth/login", { email: s.user.email, password: s.user.password }), 401);
    expect((await api.post("/api/v1/auth/login", { email: s.user.email, password: NEW_PASSWORD })).status).toBe(200);

    const audit = await db()
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.targetId, s.user.id), eq(auditLog.action, "auth.password_reset")))
      .all();
    expect(audit).toHaveLength(1);
    const { mail, row } = await waitForEmail(s.user.email, "notify.password_changed");
    expect(row.category).toBe("security");
    expect(mail.subject).toBe("Your Job Board password was changed");
    const notice = await db()
      .select()
      .from(notifications)
      .where(and(eq(notifications.userId, s.user.id), eq(notifications.type, "password_changed")))
      .get();
    expect(notice?.title).toBe("Your password was changed");

    expectProblem(
      await api.post("/api/v1/auth/password/reset", { token, new_password: `${NEW_PASSWORD}x` }),
      400,
      "invalid-token",
    );
  });

  it("an expired reset token is refused", async () => {
    const user = await makeUser();
    const { token } = await requestReset(user.email);
    await db()
      .update(accountTokens)
      .set({ expiresAt: Date.now() - 1 })
      .where(eq(accountTokens.userId, user.id));
    expectProblem(
      await api.post("/api/v1/auth/password/reset", { token, new_password: NEW_PASSWORD }),
      400,
      "invalid-token",
    );
  });

  it("a weak new password is refused without burning the token", async () => {
    const user = await makeUser();
    const { token } = await requestReset(user.email);
    const weak = await api.post("/api/v1/auth/password/reset", { token, new_password: "password123" });
    expectProblem(weak, 400, "validation-error");
    expect((await api.post("/api/v1/auth/password/reset", { token, new_password: NEW_PASSWORD })).status).toBe(200);
  });

  it("a verification token cannot be used as a reset token", async () => {
    expectProblem(
      await api.post("/api/v1/auth/password/reset", { token: "y".repeat(43), new_password: NEW_PASSWORD }),
      400,
      "invalid-token",
    );
    expectProblem(await api.post("/api/v1/auth/password/reset", { token: "y".repeat(43) }), 400, "validation-error");
  });

  it("forgot is limited per address: the 4th request within a minute is 429", async () => {
    await startOfRateLimitWindow();
    const email = `burst-${Date.now()}@example.com`;
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await api.post("/api/v1/auth/password/forgot", { email })).status);
    expect(statuses).toEqual([202, 202, 202, 429]);
  });

  it("forgot is limited per IP", async () => {
    await startOfRateLimitWindow();
    const headers = client(`10.250.${Math.floor(Math.random() * 250)}.7`);
    const statuses = [];
    for (let i = 0; i < 11; i++) {
      statuses.push(
        (await api.post("/api/v1/auth/password/forgot", { email: `ip${i}-${Date.now()}@example.com` }, { headers }))
          .status,
      );
    }
    expect(statuses.slice(0, 10).every((s) => s === 202)).toBe(true);
    expect(statuses[10]).toBe(429);
  });
});

describe("password change", () => {
  it("audits and sends a password_changed security email; other sessions end", async () => {
    const s = await signedIn();
    const other = await login(s.user);
    const r = await api.post(
      "/api/v1/auth/password/change",
      { current_password: s.user.password, new_password: NEW_PASSWORD },
      { token: s.token },
    );
    expect(r.status).toBe(200);
    expectProblem(await api.get("/api/v1/auth/me", { token: other.token }), 401);
    expect((await api.get("/api/v1/auth/me", { token: s.token })).status).toBe(200);
    const audit = await db()
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.actorId, s.user.id), eq(auditLog.action, "auth.password_changed")))
      .all();
    expect(audit).toHaveLength(1);
    await waitForEmail(s.user.email, "notify.password_changed");
  });

  it("requires a session", async () => {
    expectProblem(await api.post("/api/v1/auth/password/change", { current_password: "a", new_password: "b" }), 401);
  });
});
