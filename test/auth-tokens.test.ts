import { env } from "cloudflare:test";
import { eq } from "drizzle-orm";
import { SignJWT } from "jose";
import { describe, expect, it } from "vitest";
import { signAccessToken } from "../src/lib/jwt";
import { sessions, users } from "../src/platform/db/schema";
import { db, login, makeUser, signedIn } from "./factories";
import { api, expectProblem } from "./helpers/http";

const secret = new TextEncoder().encode(env.JWT_SECRET);
const b64url = (v: unknown) => btoa(JSON.stringify(v)).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");

/** A token signed with the real secret; `claims` and `opts` override the valid defaults. */
async function forge(
  base: { sub: string; sid: string },
  opts: { exp?: number; iat?: number; aud?: string; iss?: string; key?: Uint8Array; role?: string } = {},
) {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({ sid: base.sid, role: opts.role ?? "seeker" })
    .setProtectedHeader({ alg: "HS256", typ: "JWT" })
    .setSubject(base.sub)
    .setIssuer(opts.iss ?? env.JWT_ISSUER)
    .setAudience(opts.aud ?? env.JWT_AUDIENCE)
    .setIssuedAt(opts.iat ?? now)
    .setExpirationTime(opts.exp ?? now + 900)
    .sign(opts.key ?? secret);
}

async function expectRejected(token: string) {
  const r = await api.get("/api/v1/auth/me", { token });
  expectProblem(r, 401, "invalid-token");
  expect(r.headers.get("WWW-Authenticate")).toMatch(/^Bearer/);
}

function claimsOf(token: string) {
  const part = token.split(".")[1] ?? "";
  return JSON.parse(atob(part.replace(/-/g, "+").replace(/_/g, "/")));
}

describe("access token verification", () => {
  it("a real token carries iss, aud, sub, sid, role and a 15-minute exp", async () => {
    const s = await signedIn({ role: "employer" });
    const c = claimsOf(s.token);
    expect(c).toMatchObject({ iss: env.JWT_ISSUER, aud: env.JWT_AUDIENCE, sub: s.user.id, role: "employer" });
    expect(c.exp - c.iat).toBe(900);
    expect(typeof c.sid).toBe("string");
    // The forging helper itself produces an accepted token, so the rejections below are meaningful.
    expect((await api.get("/api/v1/auth/me", { token: await forge({ sub: s.user.id, sid: c.sid }) })).status).toBe(200);
  });

  it("rejects alg: none", async () => {
    const s = await signedIn();
    const c = claimsOf(s.token);
    await expectRejected(`${b64url({ alg: "none", typ: "JWT" })}.${b64url(c)}.`);
  });

  it("rejects a tampered payload (role escalated to admin)", async () => {
    const s = await signedIn();
    const [h, , sig] = s.token.split(".");
    const payload = b64url({ ...claimsOf(s.token), role: "admin" });
    await expectRejected(`${h}.${payload}.${sig}`);
  });

  it("rejects a wrong signature", async () => {
    const s = await signedIn();
    const c = claimsOf(s.token);
    await expectRejected(
      await forge({ sub: s.user.id, sid: c.sid }, { key: new TextEncoder().encode("x".repeat(48)) }),
    );
  });

  it("rejects an expired token", async () => {
    const s = await signedIn();
    const c = claimsOf(s.token);
    const past = Math.floor(Date.now() / 1000) - 3600;
    await expectRejected(await forge({ sub: s.user.id, sid: c.sid }, { iat: past - 900, exp: past }));
  });

  it("rejects a wrong audience and a wrong issuer", async () => {
    const s = await signedIn();
    const c = claimsOf(s.token);
    await expectRejected(await forge({ sub: s.user.id, sid: c.sid }, { aud: "another-api" }));
    await expectRejected(await forge({ sub: s.user.id, sid: c.sid }, { iss: "https://evil.example" }));
  });

  it("rejects an HS512 token made with the same secret (algorithm pinned)", async () => {
    const s = await signedIn();
    const now = Math.floor(Date.now() / 1000);
    const token = await new SignJWT({ sid: claimsOf(s.token).sid, role: "seeker" })
      .setProtectedHeader({ alg: "HS512" })
      .setSubject(s.user.id)
      .setIssuer(env.JWT_ISSUER)
      .setAudience(env.JWT_AUDIENCE)
      .setIssuedAt(now)
      .setExpirationTime(now + 900)
      .sign(secret);
    await expectRejected(token);
  });

  it("rejects a valid signature over another user's session id", async () => {
    const a = await signedIn();
    const b = await signedIn();
    await expectRejected(await forge({ sub: a.user.id, sid: claimsOf(b.token).sid }));
  });

  it("rejects the token of a user suspended after login", async () => {
    const user = await makeUser();
    const { token } = await login(user);
    await db().update(users).set({ status: "suspended" }).where(eq(users.id, user.id));
    await expectRejected(token);
  });

  it("uses the role from the database, not from the token", async () => {
    const s = await signedIn({ role: "seeker" });
    const token = await signAccessToken(env, { sub: s.user.id, sid: claimsOf(s.token).sid, role: "admin" });
    const r = await api.get("/api/v1/auth/me", { token });
    expect(r.status).toBe(200);
    expect(r.json.user.role).toBe("seeker");
  });
});

describe("POST /api/v1/auth/refresh", () => {
  it("rotates: a new pair, and the old refresh token is spent", async () => {
    const s = await signedIn();
    const r = await api.post("/api/v1/auth/refresh", { refresh_token: s.refreshToken });
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({ token_type: "Bearer", expires_in: 900, user: { id: s.user.id } });
    expect(r.json.refresh_token).not.toBe(s.refreshToken);
    expect(claimsOf(r.json.access_token).sid).toBe(claimsOf(s.token).sid);
    expect((await api.get("/api/v1/auth/me", { token: r.json.access_token })).status).toBe(200);
    const again = await api.post("/api/v1/auth/refresh", { refresh_token: r.json.refresh_token });
    expect(again.status).toBe(200);
  });

  it("reuse of a spent token revokes the whole session", async () => {
    const s = await signedIn();
    const first = await api.post("/api/v1/auth/refresh", { refresh_token: s.refreshToken });
    expect(first.status).toBe(200);
    const reuse = await api.post("/api/v1/auth/refresh", { refresh_token: s.refreshToken });
    expectProblem(reuse, 401, "invalid-refresh-token");
    expect(reuse.headers.get("WWW-Authenticate")).toMatch(/^Bearer/);
    // Everything issued in that session is dead now: the newest refresh token and both access tokens.
    expectProblem(await api.post("/api/v1/auth/refresh", { refresh_token: first.json.refresh_token }), 401);
    await expectRejected(first.json.access_token);
    await expectRejected(s.token);
    const row = await db()
      .select()
      .from(sessions)
      .where(eq(sessions.id, claimsOf(s.token).sid))
      .get();
    expect(row?.revokedReason).toBe("refresh_token_reuse");
  });

  it("answers 401 to an unknown token and 400 to a missing one", async () => {
    expectProblem(await api.post("/api/v1/auth/refresh", { refresh_token: "not-a-real-token" }), 401);
    expectProblem(await api.post("/api/v1/auth/refresh", {}), 400, "validation-error");
    expectProblem(await api.post("/api/v1/auth/refresh", { refresh_token: "x".repeat(600) }), 400);
  });

  it("does not affect the user's other sessions", async () => {
    const s = await signedIn();
    const other = await login(s.user);
    await api.post("/api/v1/auth/refresh", { refresh_token: s.refreshToken });
    await api.post("/api/v1/auth/refresh", { refresh_token: s.refreshToken });
    expect((await api.get("/api/v1/auth/me", { token: other.token })).status).toBe(200);
  });
});

describe("POST /api/v1/auth/logout", () => {
  it("ends the session at once: access and refresh tokens stop working (204)", async () => {
    const s = await signedIn();
    const other = await login(s.user);
    const r = await api.post("/api/v1/auth/logout", undefined, { token: s.token });
    expect(r.status).toBe(204);
    expect(r.json).toBeNull();
    await expectRejected(s.token);
    expectProblem(await api.post("/api/v1/auth/refresh", { refresh_token: s.refreshToken }), 401);
    expect((await api.get("/api/v1/auth/me", { token: other.token })).status).toBe(200);
    const row = await db()
      .select()
      .from(sessions)
      .where(eq(sessions.id, claimsOf(s.token).sid))
      .get();
    expect(row?.revokedReason).toBe("logout");
  });

  it("accepts a JSON body with the refresh token, rejects unknown fields and needs auth", async () => {
    const s = await signedIn();
    expectProblem(await api.post("/api/v1/auth/logout", { everything: true }, { token: s.token }), 400);
    expect((await api.post("/api/v1/auth/logout", { refresh_token: s.refreshToken }, { token: s.token })).status).toBe(
      204,
    );
    expectProblem(await api.post("/api/v1/auth/logout"), 401);
    // A second logout with the dead token is a 401, not a 5xx.
    await expectRejected(s.token);
  });
});
