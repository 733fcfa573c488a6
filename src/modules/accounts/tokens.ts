/**
 * Single-use tokens sent by email (verification 24 h, password reset 1 h):
 * 256-bit random, stored only as SHA-256, consumed with a conditional update
 * so a token works once even under concurrent use.
 */
import { and, eq, gt, isNull } from "drizzle-orm";
import { ApiError } from "../../http/problem";
import { randomToken, sha256Hex } from "../../lib/crypto";
import { DAY, HOUR } from "../../lib/time";
import type { Db } from "../../platform/db/client";
import { accountTokens } from "../../platform/db/schema";

export type TokenPurpose = "verify_email" | "password_reset";

export const TOKEN_TTL_MS: Record<TokenPurpose, number> = {
  verify_email: DAY,
  password_reset: HOUR,
};

/** A new token and its (not yet run) insert, to commit in one batch with the email that carries it. */
export async function prepareToken(
  db: Db,
  purpose: TokenPurpose,
  user: { id: string; email: string },
  now = Date.now(),
) {
  const token = randomToken();
  const statement = db.insert(accountTokens).values({
    tokenHash: await sha256Hex(token),
    purpose,
    userId: user.id,
    email: user.email,
    createdAt: now,
    expiresAt: now + TOKEN_TTL_MS[purpose],
  });
  return { token, statement };
}

/** The live (unused, unexpired) token row, without consuming it. */
export async function peekToken(db: Db, purpose: TokenPurpose, token: string, now = Date.now()) {
  return db
    .select()
    .from(accountTokens)
    .where(
      and(
        eq(accountTokens.tokenHash, await sha256Hex(token)),
        eq(accountTokens.purpose, purpose),
        isNull(accountTokens.usedAt),
        gt(accountTokens.expiresAt, now),
      ),
    )
    .get();
}

/** Marks the token used; returns its row only for the one caller that consumed it. */
export async function consumeToken(db: Db, purpose: TokenPurpose, token: string, now = Date.now()) {
  const [row] = await db
    .update(accountTokens)
    .set({ usedAt: now })
    .where(
      and(
        eq(accountTokens.tokenHash, await sha256Hex(token)),
        eq(accountTokens.purpose, purpose),
        isNull(accountTokens.usedAt),
        gt(accountTokens.expiresAt, now),
      ),
    )
    .returning();
  return row ?? null;
}

/** Retires every outstanding token of a purpose for a user (after a reset, all older links die). */
export async function retireTokens(db: Db, purpose: TokenPurpose, userId: string, now = Date.now()): Promise<void> {
  await db
    .update(accountTokens)
    .set({ usedAt: now })
    .where(and(eq(accountTokens.userId, userId), eq(accountTokens.purpose, purpose), isNull(accountTokens.usedAt)));
}

export const invalidToken = () =>
  new ApiError(400, "invalid-token", "The token is invalid, expired or already used.", {
    errors: [{ path: "token", message: "Invalid, expired or already used." }],
  });
