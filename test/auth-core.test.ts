import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { users } from "../src/platform/db/schema";
import { db, login, makeUser, signedIn, unique } from "./factories";
import { api, expectProblem, startOfRateLimitWindow } from "./helpers/http";

const PASSWORD = "Plenty-of-Entropy-2026";

function registration(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const name = unique("reg");
  return {
    email: `${name}@example.com`,
    password: PASSWORD,
    role: "seeker",
    first_name: "Ada",
    last_name: "Lovelace",
    ...overrides,
  };
}

describe("POST /api/v1/auth/register", () => {
  it("creates an account (201) and stores a PBKDF2 hash, never the password", async () => {
    const body = registration({ email: `  ${unique("Mixed")}@Example.COM `, username: `ada_${unique()}`.slice(0, 30) });
    const r = await api.post("/api/v1/auth/register", body);
    expect(r.status).toBe(201);
    const email = (body.email as string).trim().toLowerCase();
    expect(r.json.user).toMatchObject({
      email,
      username: body.username,
      role: "seeker",
      first_name: "Ada",
      last_name: "Lovelace",
      email_verified: false,
      mfa_enabled: false,
      timezone: "UTC",
    });
    expect(r.json.user.password_hash).toBeUndefined();
    const row = await db().select().from(users).where(eq(users.email, email)).get();
    expect(row?.passwordHash).toMatch(/^pbkdf2-sha256\$100000\$[A-Za-z0-9_-]{22}\$[A-Za-z0-9_-]{43}$/);
    expect(row?.passwordHash).not.toContain(PASSWORD);
  });

  it("generates a username when none is given", async () => {
    const r = await api.post("/api/v1/auth/register", registration({ role: "employer" }));
    expect(r.status).toBe(201);
    expect(r.json.user.role).toBe("employer");
    expect(r.json.user.username).toMatch(/^[a-z0-9_]{3,30}$/);
  });

  it("answers 409 to a duplicate email, whatever its case", async () => {
    const body = registration();
    expect((await api.post("/api/v1/auth/register", body)).status).toBe(201);
    const again = await api.post(
      "/api/v1/auth/register",
      registration({ email: (body.email as string).toUpperCase() }),
    );
    expectProblem(again, 409, "email-taken");
  });

  it("answers 409 to a duplicate username", async () => {
    const username = `dup_${unique()}`.slice(0, 30).toLowerCase();
    expect((await api.post("/api/v1/auth/register", registration({ username }))).status).toBe(201);
    expectProblem(await api.post("/api/v1/auth/register", registration({ username })), 409, "username-taken");
  });

  it("refuses to create an admin (400 on role)", async () => {
    const r = await api.post("/api/v1/auth/register", registration({ role: "admin" }));
    const body = expectProblem(r, 400, "validation-error");
    expect(body.errors.map((e: { path: string }) => e.path)).toEqual(["role"]);
  });

  it.each([
    ["too short", "Sh0rt-pw"],
    ["a common password", "password1234"],
    ["a keyboard walk", "qwertyuiop123"],
  ])("refuses %s", async (_label, password) => {
    const body = expectProblem(await api.post("/api/v1/auth/register", registration({ password })), 400);
    expect(body.errors[0].path).toBe("password");
  });

  it("refuses a password containing the email's local part", async () => {
    const local = `grace${unique()}`.toLowerCase();
    const r = await api.post(
      "/api/v1/auth/register",
      registration({ email: `${local}@example.com`, password: `${local}-Zebra-Quartz-91` }),
    );
    const body = expectProblem(r, 400);
    expect(body.errors).toContainEqual({ path: "password", message: "Must not contain your email address." });
  });

  it("rejects unknown fields such as email_verified (mass assignment)", async () => {
    const body = expectProblem(
      await api.post("/api/v1/auth/register", registration({ email_verified: true, status: "active" })),
      400,
    );
    expect(body.errors.map((e: { path: string }) => e.path).sort()).toEqual(["email_verified", "status"]);
  });
});

describe("POST /api/v1/auth/login", () => {
  it("returns a token pair and the user", async () => {
    const user = await makeUser({ role: "employer" });
    const r = await api.post("/api/v1/auth/login", { email: user.email.toUpperCase(), password: user.password });
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({ token_type: "Bearer", expires_in: 900, user: { id: user.id, role: "employer" } });
    expect(r.json.access_token.split(".")).toHaveLength(3);
    expect(r.json.refresh_token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(r.headers.get("Cache-Control")).toBe("no-store");
  });

  it("answers the same 401 to an unknown email and to a wrong password", async () => {
    const user = await makeUser();
    const wrong = await api.post("/api/v1/auth/login", { email: user.email, password: "Wrong-Password-2026" });
    const unknown = await api.post("/api/v1/auth/login", { email: `${unique()}@example.com`, password: PASSWORD });
    const a = expectProblem(wrong, 401, "invalid-credentials");
    const b = expectProblem(unknown, 401, "invalid-credentials");
    expect(a.detail).toBe(b.detail);
    expect(wrong.headers.get("WWW-Authenticate")).toMatch(/^Bearer/);
    expect(unknown.headers.get("WWW-Authenticate")).toMatch(/^Bearer/);
  });

  it("refuses a suspended user (403, only with the right password) and a deleted one (401)", async () => {
    const suspended = await makeUser({ status: "suspended" });
    expectProblem(
      await api.post("/api/v1/auth/login", { email: suspended.email, password: suspended.password }),
      403,
      "account-suspended",
    );
    expectProblem(
      await api.post("/api/v1/auth/login", { email: suspended.email, password: "Wrong-Password-2026" }),
      401,
    );
    const deleted = await makeUser({ status: "deleted" });
    expectProblem(await api.post("/api/v1/auth/login", { email: deleted.email, password: deleted.password }), 401);
  });

  it("validates the body", async () => {
    expectProblem(await api.post("/api/v1/auth/login", { email: "nope" }), 400, "validation-error");
  });
});

describe("/api/v1/auth/me", () => {
  it("needs a token", async () => {
    const r = await api.get("/api/v1/auth/me");
    expectProblem(r, 401);
    expect(r.headers.get("WWW-Authenticate")).toMatch(/^Bearer/);
    expectProblem(await api.patch("/api/v1/auth/me", { first_name: "X" }), 401);
  });

  it("GET returns the caller", async () => {
    const s = await signedIn({ role: "employer" });
    const r = await api.get("/api/v1/auth/me", { token: s.token });
    expect(r.status).toBe(200);
    expect(r.json.user).toMatchObject({ id: s.user.id, email: s.user.email, role: "employer", email_verified: true });
  });

  it("PATCH updates names, username, time zone and locale", async () => {
    const s = await signedIn();
    const username = `new_${unique()}`.slice(0, 30).toLowerCase();
    const r = await api.patch(
      "/api/v1/auth/me",
      {
        first_name: "Grace",
        last_name: "Hopper",
        username: username.toUpperCase(),
        timezone: "Europe/Berlin",
        locale: "fr-ca",
      },
      { token: s.token },
    );
    expect(r.status).toBe(200);
    expect(r.json.user).toMatchObject({
      first_name: "Grace",
      last_name: "Hopper",
      username,
      timezone: "Europe/Berlin",
      locale: "fr-CA",
    });
    const row = await db().select().from(users).where(eq(users.id, s.user.id)).get();
    expect(row?.timezone).toBe("Europe/Berlin");
    expect(row?.locale).toBe("fr-CA");
  });

  it("PATCH refuses a locale we have no catalogue for, or that is no BCP 47 tag", async () => {
    const s = await signedIn();
    for (const locale of ["pt-BR", "de_DE", "x"]) {
      const r = await api.patch("/api/v1/auth/me", { locale }, { token: s.token });
      expect(r.status).toBe(400);
    }
  });

  it("PATCH rejects an unknown time zone, a bad username and fields like role", async () => {
    const s = await signedIn();
    const bad = expectProblem(
      await api.patch("/api/v1/auth/me", { timezone: "Mars/Olympus_Mons", username: "-x" }, { token: s.token }),
      400,
    );
    expect(bad.errors.map((e: { path: string }) => e.path).sort()).toEqual(["timezone", "username"]);
    const role = expectProblem(await api.patch("/api/v1/auth/me", { role: "admin" }, { token: s.token }), 400);
    expect(role.errors).toEqual([{ path: "role", message: "Unknown field." }]);
    const row = await db().select().from(users).where(eq(users.id, s.user.id)).get();
    expect(row?.role).toBe("seeker");
  });

  it("PATCH answers 409 when the username is taken", async () => {
    const other = await makeUser();
    const s = await signedIn();
    expectProblem(
      await api.patch("/api/v1/auth/me", { username: other.username }, { token: s.token }),
      409,
      "username-taken",
    );
  });
});

describe("POST /api/v1/auth/password/change", () => {
  const NEW = "Another-Long-Secret-2027";

  it("refuses a wrong current password and a weak new one", async () => {
    const s = await signedIn();
    const wrong = await api.post(
      "/api/v1/auth/password/change",
      { current_password: "Not-The-Password-1", new_password: NEW },
      { token: s.token },
    );
    expectProblem(wrong, 400, "invalid-current-password");
    const weak = await api.post(
      "/api/v1/auth/password/change",
      { current_password: s.user.password, new_password: "password123" },
      { token: s.token },
    );
    expect(expectProblem(weak, 400).errors[0].path).toBe("new_password");
    expectProblem(await api.post("/api/v1/auth/password/change", { current_password: "x", new_password: NEW }), 401);
  });

  it("changes it, keeps the current session and revokes the others", async () => {
    const s = await signedIn();
    const other = await login(s.user);
    const r = await api.post(
      "/api/v1/auth/password/change",
      { current_password: s.user.password, new_password: NEW },
      { token: s.token },
    );
    expect(r.status).toBe(200);
    expect((await api.get("/api/v1/auth/me", { token: s.token })).status).toBe(200);
    expectProblem(await api.get("/api/v1/auth/me", { token: other.token }), 401);
    expectProblem(await api.post("/api/v1/auth/refresh", { refresh_token: other.refreshToken }), 401);
    expectProblem(await api.post("/api/v1/auth/login", { email: s.user.email, password: s.user.password }), 401);
    expect((await api.post("/api/v1/auth/login", { email: s.user.email, password: NEW })).status).toBe(200);
  });
});

describe("per-IP rate limits", () => {
  it.each(["login", "register"])("POST /%s answers 429 with Retry-After after 10 requests a minute", async (path) => {
    await startOfRateLimitWindow();
    const headers = { "CF-Connecting-IP": `192.0.2.${path === "login" ? 10 : 11}` };
    const statuses: number[] = [];
    let last: Awaited<ReturnType<typeof api.post>> | undefined;
    for (let i = 0; i < 11; i++) {
      // Invalid bodies are enough: the limit counts before validation.
      last = await api.post(`/api/v1/auth/${path}`, {}, { headers });
      statuses.push(last.status);
    }
    expect(statuses.slice(0, 10).every((s) => s === 400)).toBe(true);
    expect(last).toBeDefined();
    if (!last) return;
    expectProblem(last, 429, "rate-limited");
    expect(Number(last.headers.get("Retry-After"))).toBeGreaterThan(0);
    expect(last.headers.get("RateLimit-Limit")).toBe("10");
    // Another client is unaffected.
    expect((await api.post(`/api/v1/auth/${path}`, {})).status).toBe(400);
  });
});
