/**
 * Public auth endpoints ignore the Authorization header (a client refreshing
 * still sends its expired token), and rate-limited endpoints send RateLimit-*
 * on every response, failures included.
 */
import { describe, expect, it } from "vitest";
import { DEFAULT_PASSWORD, makeUser, signedIn, unique } from "./factories";
import { api, call, expectProblem, startOfRateLimitWindow } from "./helpers/http";

/** A token the server once issued whose session has ended, and one that never was a token. */
async function staleTokens(): Promise<string[]> {
  const s = await signedIn();
  expect((await api.post("/api/v1/auth/logout", undefined, { token: s.token })).status).toBe(204);
  expectProblem(await api.get("/api/v1/auth/me", { token: s.token }), 401, "invalid-token");
  return [s.token, "garbage", "jb_revoked-or-unknown-key"];
}

describe("public auth endpoints ignore a stale Authorization header", () => {
  it("login, refresh and register succeed with an expired, revoked or garbage bearer token", async () => {
    for (const stale of await staleTokens()) {
      const user = await makeUser();
      const login = await api.post(
        "/api/v1/auth/login",
        { email: user.email, password: DEFAULT_PASSWORD },
        { token: stale },
      );
      expect(login.status).toBe(200);
      const refreshed = await api.post(
        "/api/v1/auth/refresh",
        { refresh_token: login.json.refresh_token },
        { token: stale },
      );
      expect(refreshed.status).toBe(200);
      expect(refreshed.json.access_token).toBeTruthy();
      const name = unique("reg");
      const reg = await api.post(
        "/api/v1/auth/register",
        { email: `${name}@example.com`, password: DEFAULT_PASSWORD, role: "seeker", first_name: "A", last_name: "B" },
        { token: stale },
      );
      expect(reg.status, JSON.stringify(reg.json)).toBe(201);
    }
  });

  it("recovery, verification and OAuth endpoints answer as they do without a header", async () => {
    const [revoked] = await staleTokens();
    const opts = { token: revoked };
    expect((await api.post("/api/v1/auth/password/forgot", { email: "nobody@example.com" }, opts)).status).toBe(202);
    expect((await api.post("/api/v1/auth/verify-email/resend", { email: "nobody@example.com" }, opts)).status).toBe(
      202,
    );
    // Bad tokens in the body: the endpoint's own 400, not the header's 401.
    expectProblem(await api.post("/api/v1/auth/verify-email", { token: "x".repeat(43) }, opts), 400);
    expectProblem(
      await api.post("/api/v1/auth/password/reset", { token: "x".repeat(43), password: DEFAULT_PASSWORD }, opts),
      400,
    );
    for (const path of ["/api/v1/auth/oauth/google/authorize", "/api/v1/auth/oauth/google/callback?code=a&state=b"]) {
      const res = await call("GET", path, opts);
      const anonymous = await call("GET", path);
      expect(res.status, path).toBe(anonymous.status);
      expect(res.status, path).not.toBe(401);
    }
  });

  it("public reads that personalise still refuse a bad token (documented), and answer without one", async () => {
    expectProblem(await api.get("/api/v1/jobs/unknown-id", { token: "garbage" }), 401, "invalid-token");
    expectProblem(await api.get("/api/v1/jobs/unknown-id"), 404);
    // Public reads that do not personalise never look at the header.
    expect((await api.get("/api/v1/jobs", { token: "garbage" })).status).toBe(200);
  });
});

describe("authentication before validation", () => {
  it("an anonymous report with an invalid body is 401, not 400 with field details", async () => {
    const r = await api.post("/api/v1/reviews/unknown/report", { reason: 42, extra: true });
    expectProblem(r, 401);
    expect(r.json.errors).toBeUndefined();
  });
});

describe("RateLimit headers on every response of a rate-limited endpoint", () => {
  it("a failed login (401) carries RateLimit-Limit/Remaining/Reset, Remaining counting down", async () => {
    await startOfRateLimitWindow();
    const user = await makeUser();
    const headers = { "CF-Connecting-IP": "192.0.2.77" };
    const seen: number[] = [];
    for (let i = 0; i < 2; i++) {
      const r = await api.post("/api/v1/auth/login", { email: user.email, password: "Wrong-password-1" }, { headers });
      expectProblem(r, 401);
      expect(r.headers.get("RateLimit-Limit")).toBe("10");
      expect(r.headers.get("RateLimit-Reset")).toBe("60");
      expect(r.headers.get("RateLimit-Policy")).toBe("10;w=60");
      seen.push(Number(r.headers.get("RateLimit-Remaining")));
    }
    expect(seen).toEqual([9, 8]);
    const ok = await api.post("/api/v1/auth/login", { email: user.email, password: DEFAULT_PASSWORD }, { headers });
    expect(ok.status).toBe(200);
    expect(ok.headers.get("RateLimit-Remaining")).toBe("7");
  });

  it("a validation failure (400) carries them too", async () => {
    const r = await api.post("/api/v1/auth/register", { nope: true });
    expectProblem(r, 400);
    expect(r.headers.get("RateLimit-Limit")).toBe("10");
    expect(r.headers.get("RateLimit-Remaining")).toMatch(/^\d+$/);
    expect(r.headers.get("RateLimit-Reset")).toBe("60");
  });
});
