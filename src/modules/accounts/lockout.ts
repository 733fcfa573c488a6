/**
 * Account lockout: after MAX_FAILURES failed logins for one email within
 * WINDOW_MS, logins for it are refused for LOCK_MS (even with the right
 * password), answered `429` + `Retry-After`. Counted per submitted email, so
 * unknown emails lock exactly like real ones (no enumeration through 429s).
 * A successful login or password reset clears the counter.
 */
import { eq, sql } from "drizzle-orm";
import { ApiError } from "../../http/problem";
import { MINUTE } from "../../lib/time";
import type { Db } from "../../platform/db/client";
import { accountLockouts } from "../../platform/db/schema";

export const MAX_FAILURES = 5;
export const WINDOW_MS = 15 * MINUTE;
export const LOCK_MS = 15 * MINUTE;

const subjectOf = (email: string) => email.trim().toLowerCase();

/** The lock's end (epoch ms) when the email is locked now, else null. */
export async function lockedUntil(db: Db, email: string, now = Date.now()): Promise<number | null> {
  const row = await db
    .select({ lockedUntil: accountLockouts.lockedUntil })
    .from(accountLockouts)
    .where(eq(accountLockouts.subject, subjectOf(email)))
    .get();
  return row?.lockedUntil && row.lockedUntil > now ? row.lockedUntil : null;
}

export function lockedError(until: number, now = Date.now()): ApiError {
  const seconds = String(Math.max(1, Math.ceil((until - now) / 1000)));
  return new ApiError(
    429,
    "account-locked",
    "Too many failed sign-in attempts. Try again later or reset your password.",
    {
      headers: { "Retry-After": seconds },
    },
  );
}

/**
 * Counts one failure with a single atomic upsert (SET expressions see the old
 * row), starting a new window when the old one is over. Returns whether this
 * failure locked the account.
 */
export async function recordFailure(
  db: Db,
  email: string,
  now = Date.now(),
): Promise<{ failures: number; lockedNow: boolean; lockedUntil: number | null }> {
  const t = accountLockouts;
  const expired = sql`${t.windowStartedAt} < ${now - WINDOW_MS}`;
  const nextCount = sql`CASE WHEN ${expired} THEN 1 ELSE ${t.failures} + 1 END`;
  const [row] = await db
    .insert(t)
    .values({ subject: subjectOf(email), failures: 1, windowStartedAt: now, lockedUntil: null, updatedAt: now })
    .onConflictDoUpdate({
      target: t.subject,
      set: {
        failures: nextCount,
        windowStartedAt: sql`CASE WHEN ${expired} THEN ${now} ELSE ${t.windowStartedAt} END`,
        lockedUntil: sql`CASE WHEN ${nextCount} >= ${MAX_FAILURES} AND (${t.lockedUntil} IS NULL OR ${t.lockedUntil} <= ${now}) THEN ${now + LOCK_MS} ELSE ${t.lockedUntil} END`,
        updatedAt: now,
      },
    })
    .returning({ failures: t.failures, lockedUntil: t.lockedUntil });
  const failures = row?.failures ?? 1;
  const until = row?.lockedUntil ?? null;
  return { failures, lockedUntil: until, lockedNow: until === now + LOCK_MS };
}

export async function clearLockout(db: Db, email: string): Promise<void> {
  await db.delete(accountLockouts).where(eq(accountLockouts.subject, subjectOf(email)));
}
