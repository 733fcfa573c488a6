/**
 * Against the running server: public auth endpoints ignore a stale
 * Authorization header, protected routes answer anonymous invalid requests
 * with 401 (authentication before validation), and a failed login carries
 * the RateLimit-* headers.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { http, PASSWORD, slugOf, uniqueEmail, verifiedUser } from "./helpers";

let user: Awaited<ReturnType<typeof verifiedUser>>;
let revoked: string;

beforeAll(async () => {
  user = await verifiedUser("seeker");
  // A token the server issued whose session has ended: what a client holds when it refreshes.
  const other = await http("POST", "/api/v1/auth/login", { body: { email: user.email, password: PASSWORD } });
  revoked = other.json.access_token;
  expect((await http("POST", "/api/v1/auth/logout", { token: revoked })).status).toBe(204);
  expect((await http("GET", "/api/v1/auth/me", { token: revoked })).status).toBe(401);
});

describe("a stale bearer token on the public auth endpoints", () => {
  it("login works with a revoked or garbage token in the header", async () => {
    for (const stale of [revoked, "garbage"]) {
      const r = await http("POST", "/api/v1/auth/login", {
        token: stale,
        body: { email: user.email, password: PASSWORD },
      });
      expect(r.status, JSON.stringify(r.json)).toBe(200);
    }
  });

  it("refresh works with the expired access token still attached", async () => {
    const r = await http("POST", "/api/v1/auth/refresh", {
      token: revoked,
      body: { refresh_token: user.refreshToken },
    });
    expect(r.status, JSON.stringify(r.json)).toBe(200);
    expect(r.json.access_token).toBeTruthy();
  });

  it("register works with a stale token", async () => {
    const r = await http("POST", "/api/v1/auth/register", {
      token: revoked,
      body: { email: uniqueEmail("stale"), password: PASSWORD, role: "seeker", first_name: "S", last_name: "T" },
    });
    expect(r.status, JSON.stringify(r.json)).toBe(201);
  });
});

describe("authentication before validation", () => {
  it.each([
    ["POST", "/api/v1/jobs"],
    ["POST", "/api/v1/companies"],
    ["POST", "/api/v1/auth/api-keys"],
    ["PUT", "/api/v1/profile/skills"],
    ["PATCH", "/api/v1/alerts/x"],
    ["POST", "/api/v1/reviews/x/report"],
  ])("anonymous %s %s with an invalid body → 401", async (method, path) => {
    const r = await http(method, path, { body: { not_a_field: true, title: 42 } });
    expect(r.status, JSON.stringify(r.json)).toBe(401);
    expect(r.json.errors).toBeUndefined();
  });

  it("a bad token on a protected route is 401 invalid-token, before validation", async () => {
    const r = await http("POST", "/api/v1/jobs", { token: "garbage", body: { nope: 1 } });
    expect(r.status).toBe(401);
    expect(slugOf(r)).toBe("invalid-token");
  });
});

describe("rate limit headers", () => {
  it("a failed login (401) carries RateLimit-Limit, -Remaining and -Reset", async () => {
    const r = await http("POST", "/api/v1/auth/login", {
      body: { email: uniqueEmail("nobody"), password: "Wrong-1234567" },
    });
    expect(r.status).toBe(401);
    expect(r.headers.get("RateLimit-Limit")).toBe("10");
    expect(Number(r.headers.get("RateLimit-Remaining"))).toBeGreaterThanOrEqual(0);
    expect(r.headers.get("RateLimit-Reset")).toBe("60");
  });
});
