import { env } from "cloudflare:test";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { requireVerifiedEmail } from "../src/http/access";
import { sha256Hex } from "../src/lib/crypto";
import { accountTokens, users } from "../src/platform/db/schema";
import type { AuthContext } from "../src/platform/env";
import { db, makeUser } from "./factories";
import { emailRows, registerViaApi, tokenFromMail, waitFor, waitForEmail } from "./helpers/accounts";
import { api, expectProblem, startOfRateLimitWindow } from "./helpers/http";

describe("email verification", () => {
  it("register sends a verification email; the token verifies the address once", async () => {
    const { email, user } = await registerViaApi();
    expect(user.email_verified).toBe(false);
    const { row, mail } = await waitForEmail(email, "verify_email");
    expect(row.userId).toBe(user.id);
    expect(mail.subject).toBe("Confirm your email address");
    expect(mail.text).toContain(`${env.PUBLIC_APP_URL}/verify-email?token=`);
    const token = tokenFromMail(mail.text);
    // stored hashed only
    const stored = await db().select().from(accountTokens).where(eq(accountTokens.userId, user.id)).all();
    expect(stored).toHaveLength(1);
    expect(stored[0]?.tokenHash).toBe(await sha256Hex(token));
    expect(stored[0]?.expiresAt).toBe((stored[0]?.createdAt ?? 0) + 24 * 3600 * 1000);

    const ok = await api.post("/api/v1/auth/verify-email", { token });
    expect(ok.status).toBe(200);
    expect(ok.json.user.email_verified).toBe(true);
    const dbUser = await db().select().from(users).where(eq(users.id, user.id)).get();
    expect(dbUser?.emailVerifiedAt).toBeGreaterThan(0);

    expectProblem(await api.post("/api/v1/auth/verify-email", { token }), 400, "invalid-token");
  });

  it("an expired token is refused", async () => {
    const { email, user } = await registerViaApi();
    const { mail } = await waitForEmail(email, "verify_email");
    await db()
      .update(accountTokens)
      .set({ expiresAt: Date.now() - 1 })
      .where(eq(accountTokens.userId, user.id));
    expectProblem(
      await api.post("/api/v1/auth/verify-email", { token: tokenFromMail(mail.text) }),
      400,
      "invalid-token",
    );
  });

  it("rejects malformed and unknown tokens and unknown fields", async () => {
    expectProblem(await api.post("/api/v1/auth/verify-email", { token: "short" }), 400, "validation-error");
    expectProblem(await api.post("/api/v1/auth/verify-email", { token: "x".repeat(43) }), 400, "invalid-token");
    expectProblem(
      await api.post("/api/v1/auth/verify-email", { token: "x".repeat(43), extra: 1 }),
      400,
      "validation-error",
    );
  });

  it("resend answers 202 identically for unverified, verified and unknown addresses; only the first gets mail", async () => {
    const unverified = await makeUser({ verified: false });
    const verified = await makeUser();
    const unknown = `nobody-${Date.now()}@example.com`;
    const answers = [];
    for (const email of [unverified.email, verified.email, unknown]) {
      const r = await api.post("/api/v1/auth/verify-email/resend", { email });
      answers.push({ status: r.status, body: r.json });
    }
    expect(answers[0]).toEqual(answers[1]);
    expect(answers[1]).toEqual(answers[2]);
    expect(answers[0]?.status).toBe(202);
    await waitForEmail(unverified.email, "verify_email");
    await new Promise((r) => setTimeout(r, 300));
    expect(await emailRows(verified.email)).toHaveLength(0);
    expect(await emailRows(unknown)).toHaveLength(0);
  });

  it("resend is rate limited per address (429 with Retry-After and RateLimit headers)", async () => {
    await startOfRateLimitWindow();
    const email = `limited-${Date.now()}@example.com`;
    const statuses: number[] = [];
    let last: Awaited<ReturnType<typeof api.post>> | undefined;
    for (let i = 0; i < 4; i++) {
      last = await api.post("/api/v1/auth/verify-email/resend", { email });
      statuses.push(last.status);
    }
    expect(statuses).toEqual([202, 202, 202, 429]);
    if (!last) throw new Error("no response");
    expectProblem(last, 429, "rate-limited");
    expect(last.headers.get("Retry-After")).toBe("60");
    expect(last.headers.get("RateLimit-Limit")).toBe("3");
    expect(last.headers.get("RateLimit-Remaining")).toBe("0");
  });

  it("requireVerifiedEmail refuses unverified callers with email-not-verified", () => {
    const base: AuthContext = { userId: "u", role: "seeker", sessionId: "s", scopes: null, emailVerified: false };
    expect(() => requireVerifiedEmail(base)).toThrowError(
      expect.objectContaining({ status: 403, slug: "email-not-verified" }),
    );
    expect(requireVerifiedEmail({ ...base, emailVerified: true }).userId).toBe("u");
  });

  it("an unverified account can still sign in", async () => {
    const u = await makeUser({ verified: false });
    const r = await api.post("/api/v1/auth/login", { email: u.email, password: u.password });
    expect(r.status).toBe(200);
    expect(r.json.user.email_verified).toBe(false);
    await waitFor(async () => true);
  });
});
