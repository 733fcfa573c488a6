import { env } from "cloudflare:test";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { schedules } from "../src/cron";
import { newId } from "../src/lib/ids";
import { DAY } from "../src/lib/time";
import { purgeAccountRecords, retentionDays } from "../src/modules/accounts/tasks";
import { accountTokens, emailSuppressions, loginAttempts, oauthStates } from "../src/platform/db/schema";
import { queueEmail } from "../src/platform/email/log";
import { unsubscribeToken } from "../src/platform/email/unsubscribe";
import { db, makeUser, unique } from "./factories";
import { emailRows, waitFor, waitForEmail } from "./helpers/accounts";
import { api, expectProblem } from "./helpers/http";

describe("daily purge", () => {
  it("is scheduled daily and deletes expired tokens, states and old login history only", async () => {
    expect(schedules["0 3 * * *"]?.map((t) => t.name)).toContain("purge-account-records");
    const user = await makeUser();
    const now = Date.now();
    await db()
      .insert(accountTokens)
      .values([
        {
          tokenHash: `old-${user.id}`,
          purpose: "verify_email",
          userId: user.id,
          email: user.email,
          createdAt: now - 2 * DAY,
          expiresAt: now - DAY,
        },
        {
          tokenHash: `new-${user.id}`,
          purpose: "verify_email",
          userId: user.id,
          email: user.email,
          createdAt: now,
          expiresAt: now + DAY,
        },
      ]);
    await db()
      .insert(oauthStates)
      .values({
        stateHash: `s-${user.id}`,
        provider: "google",
        codeVerifier: "v",
        nonce: "n",
        createdAt: now - DAY,
        expiresAt: now - DAY + 1,
      });
    await db()
      .insert(loginAttempts)
      .values([
        { id: newId(), userId: user.id, success: true, reason: "password", createdAt: now - 100 * DAY },
        { id: newId(), userId: user.id, success: true, reason: "password", createdAt: now - DAY },
      ]);
    const result = await purgeAccountRecords({ env, scheduledTime: now });
    expect(result.account_tokens).toBeGreaterThanOrEqual(1);
    const tokens = await db().select().from(accountTokens).where(eq(accountTokens.userId, user.id)).all();
    expect(tokens.map((t) => t.tokenHash)).toEqual([`new-${user.id}`]);
    expect(
      await db()
        .select()
        .from(oauthStates)
        .where(eq(oauthStates.stateHash, `s-${user.id}`))
        .get(),
    ).toBeUndefined();
    expect(await db().select().from(loginAttempts).where(eq(loginAttempts.userId, user.id)).all()).toHaveLength(1);
    // rerun does nothing new
    const again = await purgeAccountRecords({ env, scheduledTime: now });
    expect(again.login_attempts).toBe(0);
  });

  it("reads the retention from LOGIN_HISTORY_RETENTION_DAYS", () => {
    expect(retentionDays({ LOGIN_HISTORY_RETENTION_DAYS: "30" })).toBe(30);
    expect(retentionDays({ LOGIN_HISTORY_RETENTION_DAYS: "nonsense" })).toBe(90);
  });
});

describe("one-click unsubscribe from an email category", () => {
  it("GET describes, POST suppresses; later non-security emails in that category are not sent", async () => {
    const to = `${unique("unsub")}@example.com`;
    await queueEmail(db(), env, { to, template: "welcome" });
    const { mail } = await waitForEmail(to, "welcome");
    const link = /<([^>]+)>/.exec(mail.headers["List-Unsubscribe"] ?? "")?.[1] ?? "";
    const path = new URL(link).pathname + new URL(link).search;
    expect(path.startsWith("/api/v1/unsubscribe?token=")).toBe(true);
    const get = await api.get(path);
    expect(get.json).toMatchObject({
      subject: { kind: "email", email: to, category: "transactional" },
      unsubscribed: false,
      changed: false,
    });
    expect(await db().select().from(emailSuppressions).where(eq(emailSuppressions.email, to)).all()).toHaveLength(0);
    const post = await api.post(path);
    expect(post.json).toMatchObject({ unsubscribed: true, changed: true });
    expect(await db().select().from(emailSuppressions).where(eq(emailSuppressions.email, to)).all()).toMatchObject([
      { email: to, category: "transactional" },
    ]);
    expect((await api.get(path)).json).toMatchObject({ unsubscribed: true, changed: false });

    const id = await queueEmail(db(), env, { to, template: "welcome" });
    await waitFor(async () => (await emailRows(to)).find((r) => r.id === id && r.status === "suppressed"));
    // security email still goes out
    await queueEmail(db(), env, { to, template: "notify.password_changed", data: { at: "now" } });
    await waitForEmail(to, "notify.password_changed");
  });

  it("refuses a forged token, and the old path is gone", async () => {
    const subject = { kind: "email", email: "victim@example.com", category: "transactional" } as const;
    const forged = await unsubscribeToken("another-secret-entirely-0123456789abcdef", subject);
    expectProblem(await api.post(`/api/v1/unsubscribe?token=${encodeURIComponent(forged)}`), 400, "invalid-token");
    const genuine = await unsubscribeToken(env.SIGNING_SECRET, subject);
    expect((await api.post(`/api/v1/auth/email/unsubscribe?token=${encodeURIComponent(genuine)}`)).status).toBe(404);
    expect(
      await db().select().from(emailSuppressions).where(eq(emailSuppressions.email, subject.email)).all(),
    ).toHaveLength(0);
  });
});
