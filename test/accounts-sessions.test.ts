import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { knownDevices, loginAttempts, notifications, sessions } from "../src/platform/db/schema";
import { db, login, makeUser, signedIn } from "./factories";
import { client, emailRows, waitForEmail } from "./helpers/accounts";
import { api, expectProblem } from "./helpers/http";

const FIREFOX = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0";
const FIREFOX_NEWER = "Mozilla/5.0 (X11; Linux x86_64; rv:131.0) Gecko/20100101 Firefox/131.0";
const SAFARI = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 Version/17.0 Safari/604.1";

describe("sessions", () => {
  it("lists the caller's live sessions with user agent, ip hint and the current flag", async () => {
    const user = await makeUser();
    const a = await login(user, client("192.0.2.10", FIREFOX));
    await login(user, client("198.51.100.20", SAFARI));
    const r = await api.get("/api/v1/auth/sessions", { token: a.token });
    expect(r.status).toBe(200);
    expect(r.json.data).toHaveLength(2);
    const current = r.json.data.find((s: { current: boolean }) => s.current);
    expect(current).toMatchObject({ user_agent: FIREFOX, ip_hint: "192.0.2.0/24" });
    expect(r.json.data.filter((s: { current: boolean }) => s.current)).toHaveLength(1);
  });

  it("revoking a session ends its tokens; another user's session id is 404", async () => {
    const alice = await signedIn();
    const alice2 = await login(alice.user);
    const bob = await signedIn();
    const list = await api.get("/api/v1/auth/sessions", { token: alice.token });
    const otherId = list.json.data.find((s: { current: boolean }) => !s.current).id as string;

    expectProblem(await api.delete(`/api/v1/auth/sessions/${otherId}`, { token: bob.token }), 404, "not-found");
    expect((await api.get("/api/v1/auth/me", { token: alice2.token })).status).toBe(200);

    expect((await api.delete(`/api/v1/auth/sessions/${otherId}`, { token: alice.token })).status).toBe(204);
    const row = await db().select().from(sessions).where(eq(sessions.id, otherId)).get();
    expect(row?.revokedReason).toBe("revoked_by_user");
    expectProblem(await api.get("/api/v1/auth/me", { token: alice2.token }), 401);
    expectProblem(await api.post("/api/v1/auth/refresh", { refresh_token: alice2.refreshToken }), 401);
    expectProblem(await api.delete(`/api/v1/auth/sessions/${otherId}`, { token: alice.token }), 404);
    expectProblem(await api.delete("/api/v1/auth/sessions/nope", { token: alice.token }), 404);
  });

  it("requires authentication", async () => {
    expectProblem(await api.get("/api/v1/auth/sessions"), 401);
    expectProblem(await api.get("/api/v1/auth/login-history"), 401);
  });
});

describe("login history and new devices", () => {
  it("records successes and failures, newest first, with a cursor", async () => {
    const user = await makeUser();
    await api.post(
      "/api/v1/auth/login",
      { email: user.email, password: "wrong-password-1" },
      { headers: client("192.0.2.1", FIREFOX) },
    );
    const s = await login(user, client("192.0.2.1", FIREFOX));
    const r = await api.get("/api/v1/auth/login-history?limit=1", { token: s.token });
    expect(r.status).toBe(200);
    expect(r.json.data).toEqual([
      expect.objectContaining({
        success: true,
        reason: "password",
        ip_hint: "192.0.2.0/24",
        user_agent: FIREFOX,
        new_device: false,
      }),
    ]);
    const next = await api.get(`/api/v1/auth/login-history?limit=1&cursor=${r.json.next_cursor}`, { token: s.token });
    expect(next.json.data[0]).toMatchObject({ success: false, reason: "bad_password" });
    expectProblem(await api.get("/api/v1/auth/login-history?cursor=%%%", { token: s.token }), 400);
    // another user's history is never mixed in
    const other = await signedIn();
    const theirs = await api.get("/api/v1/auth/login-history", { token: other.token });
    expect(theirs.json.data).toHaveLength(1);
  });

  it("the first sign-in is not a new-device alert; a new browser is (email + in-app notice); an updated browser is not", async () => {
    const user = await makeUser();
    await login(user, client("192.0.2.1", FIREFOX));
    await login(user, client("192.0.2.1", FIREFOX_NEWER));
    expect(await db().select().from(knownDevices).where(eq(knownDevices.userId, user.id)).all()).toHaveLength(1);
    const phone = await login(user, client("203.0.113.9", SAFARI));

    // A security notice: through the notifications fan-out, always delivered, no unsubscribe link.
    const { mail, row } = await waitForEmail(user.email, "notify.new_device_login");
    expect(row.category).toBe("security");
    expect(mail.text).toContain(SAFARI);
    expect(mail.text).toContain("203.0.113.0/24");
    expect(mail.headers["List-Unsubscribe"]).toBeUndefined();
    expect(await emailRows(user.email)).toHaveLength(1);

    const notes = await db()
      .select()
      .from(notifications)
      .where(and(eq(notifications.userId, user.id), eq(notifications.type, "new_device_login")))
      .all();
    expect(notes).toHaveLength(1);
    expect(notes[0]).toMatchObject({ actionUrl: "/settings/sessions", data: { user_agent: SAFARI } });
    const history = await api.get("/api/v1/auth/login-history", { token: phone.token });
    expect(history.json.data[0]).toMatchObject({ new_device: true, user_agent: SAFARI });
    const attempts = await db().select().from(loginAttempts).where(eq(loginAttempts.userId, user.id)).all();
    expect(attempts.filter((a) => a.newDevice)).toHaveLength(1);
  });
});
