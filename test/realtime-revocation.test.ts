/**
 * Revoking a credential closes its realtime sockets at once and refuses its
 * unused tickets: logout, DELETE /auth/sessions/{id}, password change and
 * reset, refresh-token reuse, suspension, account deletion, API-key revocation.
 */
import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { userChannel } from "../src/platform/realtime/push";
import {
  API_KEY_ID_HEADER,
  REVOKED_CLOSE_CODE,
  SESSION_ID_HEADER,
  USER_ID_HEADER,
} from "../src/platform/realtime/user-channel";
import { login, type Session, signedIn } from "./factories";
import { tokenFromMail, waitForEmail } from "./helpers/accounts";
import { api, expectProblem } from "./helpers/http";
import { issueTicket, openSocket, TestSocket as Socket, type TestSocket, upgrade } from "./helpers/notifications";

const NEW_PASSWORD = "Another-Long-Phrase-2027";

const sessionIdOf = (token: string): string =>
  JSON.parse(atob((token.split(".")[1] ?? "").replace(/-/g, "+").replace(/_/g, "/"))).sid;

/** After a revocation: closed with the revocation code, and a later push reaches nobody. */
async function expectRevoked(socket: TestSocket, reason: string | RegExp) {
  const closed = await socket.closedBy();
  expect(closed.code).toBe(REVOKED_CLOSE_CODE);
  if (typeof reason === "string") expect(closed.reason).toBe(reason);
  else expect(closed.reason).toMatch(reason);
}

async function pushCount(userId: string): Promise<number> {
  return userChannel(env, userId).deliver([{ type: "unread_count", count: 99 }]);
}

async function expectStillOpen(socket: TestSocket) {
  const before = socket.frames.length;
  // The frame goes to every open socket of the user; this one must get it.
  await socket.next("unread_count", before);
  expect(socket.closed).toBe(false);
}

async function twoSessions(): Promise<{ a: Session; b: Session }> {
  const a = await signedIn();
  const b = { user: a.user, ...(await login(a.user)) };
  return { a, b };
}

describe("revocation closes realtime sockets", () => {
  it("logout closes the session's socket with 4401 and no frame reaches it afterwards", async () => {
    const { a, b } = await twoSessions();
    const mine = await openSocket(a.token);
    const other = await openSocket(b.token);
    await mine.next("unread_count");
    await other.next("unread_count");

    expect((await api.post("/api/v1/auth/logout", undefined, { token: a.token })).status).toBe(204);
    await expectRevoked(mine, "session revoked: logout");
    const framesAtClose = mine.frames.length;

    const push = pushCount(a.user.id);
    await expectStillOpen(other);
    expect(await push).toBe(1);
    expect(mine.frames.length).toBe(framesAtClose);
  });

  it("a ticket minted before logout is refused after it", async () => {
    const s = await signedIn();
    const ticket = await issueTicket(s.token);
    expect((await api.post("/api/v1/auth/logout", undefined, { token: s.token })).status).toBe(204);
    const res = await upgrade(ticket);
    expect(res.status).toBe(401);
    expect(JSON.stringify(await res.json())).toContain("invalid-ticket");
  });

  it("DELETE /auth/sessions/{id} closes that session's socket only", async () => {
    const { a, b } = await twoSessions();
    const mine = await openSocket(a.token);
    const other = await openSocket(b.token);
    await other.next("unread_count");
    const r = await api.delete(`/api/v1/auth/sessions/${sessionIdOf(b.token)}`, { token: a.token });
    expect(r.status).toBe(204);
    await expectRevoked(other, "session revoked: revoked_by_user");
    await Promise.all([expectStillOpen(mine), pushCount(a.user.id)]);
  });

  it("a password change closes the other sessions' sockets and refuses their tickets", async () => {
    const { a, b } = await twoSessions();
    const mine = await openSocket(a.token);
    const other = await openSocket(b.token);
    const otherTicket = await issueTicket(b.token);
    await other.next("unread_count");
    const r = await api.post(
      "/api/v1/auth/password/change",
      { current_password: a.user.password, new_password: NEW_PASSWORD },
      { token: a.token },
    );
    expect(r.status).toBe(200);
    await expectRevoked(other, "session revoked: password_changed");
    expect((await upgrade(otherTicket)).status).toBe(401);
    await Promise.all([expectStillOpen(mine), pushCount(a.user.id)]);
  });

  it("a password reset closes every session's socket", async () => {
    const s = await signedIn();
    const socket = await openSocket(s.token);
    expect((await api.post("/api/v1/auth/password/forgot", { email: s.user.email })).status).toBe(202);
    const { mail } = await waitForEmail(s.user.email, "password_reset");
    const r = await api.post("/api/v1/auth/password/reset", {
      token: tokenFromMail(mail.text),
      new_password: NEW_PASSWORD,
    });
    expect(r.status).toBe(200);
    await expectRevoked(socket, "session revoked: password_reset");
    expect(await pushCount(s.user.id)).toBe(0);
  });

  it("a reused refresh token revokes the session and closes its socket", async () => {
    const s = await signedIn();
    const socket = await openSocket(s.token);
    expect((await api.post("/api/v1/auth/refresh", { refresh_token: s.refreshToken })).status).toBe(200);
    expectProblem(await api.post("/api/v1/auth/refresh", { refresh_token: s.refreshToken }), 401);
    await expectRevoked(socket, "session revoked: refresh_token_reuse");
  });

  it("suspension closes every socket of the user, API-key ones too, and refuses earlier tickets", async () => {
    const admin = await signedIn({ role: "admin" });
    const target = await signedIn({ role: "employer" });
    const key = await api.post(
      "/api/v1/auth/api-keys",
      { name: "ws", scopes: ["notifications:read"] },
      { token: target.token },
    );
    expect(key.status).toBe(201);
    const bySession = await openSocket(target.token);
    const byKey = await openSocket(key.json.key);
    const pending = await issueTicket(target.token);
    const pendingByKey = await issueTicket(key.json.key);
    const r = await api.patch(`/api/v1/admin/users/${target.user.id}`, { is_suspended: true }, { token: admin.token });
    expect(r.status).toBe(200);
    await expectRevoked(bySession, "account suspended");
    await expectRevoked(byKey, "account suspended");
    expect(await pushCount(target.user.id)).toBe(0);
    for (const t of [pending, pendingByKey]) expect((await upgrade(t)).status).toBe(401);
  });

  it("account deletion closes every socket", async () => {
    const s = await signedIn();
    const socket = await openSocket(s.token);
    const r = await api.delete("/api/v1/auth/me", { token: s.token, body: { password: s.user.password } });
    expect(r.status).toBe(202);
    await expectRevoked(socket, "account deleted");
  });

  it("revoking an API key closes the sockets it opened and refuses its tickets; session sockets stay", async () => {
    const s = await signedIn();
    const key = await api.post(
      "/api/v1/auth/api-keys",
      { name: "ws", scopes: ["notifications:read"] },
      { token: s.token },
    );
    const byKey = await openSocket(key.json.key);
    const bySession = await openSocket(s.token);
    const pending = await issueTicket(key.json.key);
    expect((await api.delete(`/api/v1/auth/api-keys/${key.json.id}`, { token: s.token })).status).toBe(204);
    await expectRevoked(byKey, "api key revoked");
    expect((await upgrade(pending)).status).toBe(401);
    await Promise.all([expectStillOpen(bySession), pushCount(s.user.id)]);
  });

  it("a socket accepted after its session was revoked is closed at once (ticket redeemed just before)", async () => {
    // The race: the ticket passed its check, then the session was revoked before the
    // channel accepted the socket. The channel checks again once the socket is accepted.
    const s = await signedIn();
    const sid = sessionIdOf(s.token);
    expect((await api.post("/api/v1/auth/logout", undefined, { token: s.token })).status).toBe(204);
    const res = await userChannel(env, s.user.id).fetch(
      new Request("http://channel/", {
        headers: { Upgrade: "websocket", [USER_ID_HEADER]: s.user.id, [SESSION_ID_HEADER]: sid },
      }),
    );
    expect(res.status).toBe(101);
    res.webSocket?.accept();
    const socket = new Socket(res.webSocket as WebSocket);
    await expectRevoked(socket, "session revoked");
    expect(socket.frames).toEqual([]);
  });

  it("the channel refuses an upgrade without exactly one credential", async () => {
    const s = await signedIn();
    const res = await userChannel(env, s.user.id).fetch(
      new Request("http://channel/", {
        headers: {
          Upgrade: "websocket",
          [USER_ID_HEADER]: s.user.id,
          [SESSION_ID_HEADER]: "a",
          [API_KEY_ID_HEADER]: "b",
        },
      }),
    );
    expect(res.status).toBe(400);
  });
});
