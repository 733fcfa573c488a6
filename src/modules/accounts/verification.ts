/**
 * Email verification: a token is mailed on registration and on request;
 * confirming it marks the address verified. Unverified accounts can sign in
 * but not apply or publish (`requireVerifiedEmail` in guards.ts).
 */
import { and, eq, isNull } from "drizzle-orm";
import type { BatchItem } from "drizzle-orm/batch";
import { appUrl } from "../../lib/urls";
import type { Db } from "../../platform/db/client";
import { type UserRow, users } from "../../platform/db/schema";
import { queueEmail } from "../../platform/email/log";
import { forgetUser } from "./principal-cache";
import { consumeToken, invalidToken, prepareToken } from "./tokens";

type MailEnv = Pick<Env, "EVENTS" | "PUBLIC_APP_URL">;

export function appLink(env: Pick<Env, "PUBLIC_APP_URL">, path: string, token: string): string {
  return appUrl(env, `${path}?token=${encodeURIComponent(token)}`);
}

/**
 * The verification email for `user` and the token it carries, queued in one batch with
 * `before` (e.g. the insert of the user itself, so an account never exists without its email).
 */
export async function sendVerification(
  db: Db,
  env: MailEnv,
  user: Pick<UserRow, "id" | "email" | "firstName">,
  before: BatchItem<"sqlite">[] = [],
) {
  // Token and email commit together: a token nobody was sent, or an email whose token is missing, cannot exist.
  const { token, statement } = await prepareToken(db, "verify_email", user);
  await queueEmail(
    db,
    env,
    {
      to: user.email,
      template: "verify_email",
      userId: user.id,
      data: { first_name: user.firstName, token, url: appLink(env, "/verify-email", token) },
    },
    [...before, statement],
  );
}

export async function verifyEmail(db: Db, token: string, now = Date.now()): Promise<UserRow> {
  const row = await consumeToken(db, "verify_email", token, now);
  if (!row) throw invalidToken();
  // Only while the token's address is still the account's, and the account is live.
  await db
    .update(users)
    .set({ emailVerifiedAt: now, updatedAt: now })
    .where(and(eq(users.id, row.userId), eq(users.email, row.email), isNull(users.emailVerifiedAt)));
  forgetUser(row.userId);
  const user = await db.select().from(users).where(eq(users.id, row.userId)).get();
  if (!user || user.status === "deleted" || user.email !== row.email) throw invalidToken();
  return user;
}

/** Sends a new link when the address belongs to a live, unverified account; silently nothing otherwise. */
export async function resendVerification(db: Db, env: MailEnv, email: string): Promise<void> {
  const user = await db.select().from(users).where(eq(users.email, email)).get();
  if (user?.status !== "active" || user.emailVerifiedAt !== null) return;
  await sendVerification(db, env, user);
}
