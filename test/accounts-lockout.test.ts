import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { MAX_FAILURES } from "../src/modules/accounts/lockout";
import { accountLockouts, auditLog, loginAttempts } from "../src/platform/db/schema";
import { db, makeUser } from "./factories";
import { client, tokenFromMail, waitForEmail } from "./helpers/accounts";
import { api, expectProblem, startOfRateLimitWindow } from "./helpers/http";

const fail = (email: string) => api.post("/api/v1/auth/login", { email, password: "definitely-wrong-pw" });

describe("account lockout", () => {
  it(`locks after ${MAX_FAILURES} failures: 429 + Retry-After even with the right password; audited once`, async () => {
    const user = await makeUser();
    for (let i = 0; i < MAX_FAILURES; i++) expectProblem(await fail(user.email), 401, "invalid-credentials");
    const locked = await api.post("/api/v1/auth/login", { email: user.email, password: user.password });
    expectProblem(locked, 429, "account-locked");
    const retry = Number(locked.headers.get("Retry-After"));
    expect(retry).toBeGreaterThan(800);
    expect(retry).toBeLessThanOrEqual(900);

    const audits = await db()
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.targetId, user.id), eq(auditLog.action, "auth.account_locked")))
      .all();
    expect(audits).toHaveLength(1);
    expect(audits[0]?.data).toMatchObject({ failures: MAX_FAILURES });
    const reasons = (await db().select().from(loginAttempts).where(eq(loginAttempts.userId, user.id)).all()).map(
      (a) => a.reason,
    );
    expect(reasons.filter((r) => r === "bad_password")).toHaveLength(MAX_FAILURES);
    expect(reasons).toContain("locked");
  });

  it("unknown emails lock exactly like real ones (no enumeration through the lockout)", async () => {
    const user = await makeUser();
    const ghost = `ghost-${Date.now()}@example.com`;
    const real: number[] = [];
    const fake: number[] = [];
    for (let i = 0; i <= MAX_FAILURES; i++) {
      real.push((await fail(user.email)).status);
      fake.push((await fail(ghost)).status);
    }
    expect(real).toEqual(fake);
    expect(real.at(-1)).toBe(429);
  });

  it("a successful password reset clears the lock", async () => {
    const user = await makeUser();
    for (let i = 0; i < MAX_FAILURES; i++) await fail(user.email);
    expectProblem(await api.post("/api/v1/auth/login", { email: user.email, password: user.password }), 429);
    await api.post("/api/v1/auth/password/forgot", { email: user.email });
    const { mail } = await waitForEmail(user.email, "password_reset");
    const newPassword = "Brand-New-Secret-2028";
    expect(
      (await api.post("/api/v1/auth/password/reset", { token: tokenFromMail(mail.text), new_password: newPassword }))
        .status,
    ).toBe(200);
    expect(
      await db().select().from(accountLockouts).where(eq(accountLockouts.subject, user.email)).get(),
    ).toBeUndefined();
    expect((await api.post("/api/v1/auth/login", { email: user.email, password: newPassword })).status).toBe(200);
  });

  it("an expired lock lets the user in again and a success resets the counter", async () => {
    const user = await makeUser();
    for (let i = 0; i < MAX_FAILURES; i++) await fail(user.email);
    await db()
      .update(accountLockouts)
      .set({ lockedUntil: Date.now() - 1, windowStartedAt: Date.now() - 16 * 60_000 })
      .where(eq(accountLockouts.subject, user.email));
    expect((await api.post("/api/v1/auth/login", { email: user.email, password: user.password })).status).toBe(200);
    expect(
      await db().select().from(accountLockouts).where(eq(accountLockouts.subject, user.email)).get(),
    ).toBeUndefined();
  });
});

describe("rate limits on login and register", () => {
  it("login is limited per IP: the 11th attempt in a minute is 429 with RateLimit headers", async () => {
    await startOfRateLimitWindow();
    const headers = client(`10.251.${Math.floor(Math.random() * 250)}.3`);
    let last: Awaited<ReturnType<typeof api.post>> | undefined;
    const statuses = [];
    for (let i = 0; i < 11; i++) {
      last = await api.post(
        "/api/v1/auth/login",
        { email: `n${i}-${Date.now()}@example.com`, password: "whatever-pw-1" },
        { headers },
      );
      statuses.push(last.status);
    }
    expect(statuses.slice(0, 10).every((s) => s === 401)).toBe(true);
    if (!last) throw new Error("no response");
    expectProblem(last, 429, "rate-limited");
    expect(last.headers.get("Retry-After")).toBe("60");
    expect(last.headers.get("RateLimit-Limit")).toBe("10");
    expect(last.headers.get("RateLimit-Remaining")).toBe("0");
    expect(last.headers.get("RateLimit-Reset")).toBe("60");
  });

  it("login is limited per account across IPs", async () => {
    await startOfRateLimitWindow();
    const email = `spray-${Date.now()}@example.com`;
    const statuses = [];
    // random IPs per call: only the per-account limit (10/min) can trigger; lockout triggers first at 5
    for (let i = 0; i < 11; i++) statuses.push((await fail(email)).status);
    expect(statuses.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
    expect(statuses.slice(5, 10).every((s) => s === 429)).toBe(true);
    const last = await fail(email);
    expectProblem(last, 429, "rate-limited");
  });

  it("register is limited per IP", async () => {
    await startOfRateLimitWindow();
    const headers = client(`10.252.${Math.floor(Math.random() * 250)}.4`);
    const statuses = [];
    for (let i = 0; i < 11; i++) {
      const r = await api.post("/api/v1/auth/register", { email: "bad" }, { headers });
      statuses.push(r.status);
    }
    expect(statuses[10]).toBe(429);
  });
});
