/**
 * Password recovery: `forgot` mails a single-use reset token (1 h) when the
 * address belongs to a live account; `reset` sets the new password, revokes
 * every session, retires other reset links, clears the lockout and sends a
 * `password_changed` security email.
 */

import { eq } from "drizzle-orm";
import type { BatchItem } from "drizzle-orm/batch";
import { randomToken, sha256Hex } from "../../lib/crypto";
import { hashPassword } from "../../lib/passwords";
import { toIso } from "../../lib/time";
import type { Db } from "../../platform/db/client";
import { type UserRow, users } from "../../platform/db/schema";
import { queueEmail } from "../../platform/email/log";
import { auditInsert } from "../audit";
import { dispatchNotification } from "../notifications";
import { clearLockout } from "./lockout";
import { assertPasswordPolicy } from "./password-policy";
import { revokeSessions } from "./sessions";
import { consumeToken, invalidToken, peekToken, prepareToken, retireTokens } from "./tokens";
import { appLink } from "./verification";

type MailEnv = Pick<Env, "EVENTS" | "PUBLIC_APP_URL">;

/**
 * Runs after the `202` is sent (waitUntil), so the answer cannot differ in
 * timing between known and unknown addresses; unknown ones still do the
 * token hashing so the work is alike too.
 */
export async function forgotPassword(db: Db, env: MailEnv, email: string): Promise<void> {
  const user = await db.select().from(users).where(eq(users.email, email)).get();
  if (user?.status !== "active") {
    await sha256Hex(randomToken());
    return;
  }
  const { token, statement } = await prepareToken(db, "password_reset", user);
  await queueEmail(
    db,
    env,
    {
      to: user.email,
      template: "password_reset",
      userId: user.id,
      data: { first_name: user.firstName, token, url: appLink(env, "/reset-password", token) },
    },
    [statement],
  );
}

export async function resetPassword(
  db: Db,
  env: MailEnv & Pick<Env, "USER_CHANNEL">,
  input: { token: string; new_password: string },
  meta: { ipHint: string | null },
  now = Date.now(),
): Promise<UserRow> {
  const live = await peekToken(db, "password_reset", input.token, now);
  if (!live) throw invalidToken();
  const user = await db.select().from(users).where(eq(users.id, live.userId)).get();
  if (user?.status !== "active" || user.email !== live.email) throw invalidToken();
  // Policy first, so a weak choice does not burn the token.
  await assertPasswordPolicy("new_password", input.new_password, {
    email: user.email,
    firstName: user.firstName,
    lastName: user.lastName,
    username: user.username,
  });
  const passwordHash = await hashPassword(input.new_password);
  if (!(await consumeToken(db, "password_reset", input.token, now))) throw invalidToken();

  // The change, its audit row and the security notice commit together.
  const [updated] = (await sendPasswordChanged(db, env, user, now, [
    db
      .update(users)
      .set({ passwordHash, passwordChangedAt: now, updatedAt: now })
      .where(eq(users.id, user.id))
      .returning(),
    auditInsert(
      db,
      {
        actor: { userId: user.id, role: user.role },
        action: "auth.password_reset",
        targetType: "user",
        targetId: user.id,
        ipHint: meta.ipHint,
      },
      now,
    ),
  ])) as [UserRow[]];
  await revokeSessions(db, env, user.id, { all: true }, "password_reset", {}, now);
  await retireTokens(db, "password_reset", user.id, now);
  await clearLockout(db, user.email);
  return updated[0] ?? user;
}

/**
 * The `password_changed` security notice (in-app, email, realtime; always
 * delivered), committed with `changes` (the password update) in one batch.
 * Returns the batch results of `changes`.
 */
export async function sendPasswordChanged(
  db: Db,
  env: Pick<Env, "EVENTS">,
  user: Pick<UserRow, "id">,
  now: number,
  changes: BatchItem<"sqlite">[],
) {
  return dispatchNotification(
    db,
    env,
    {
      id: `password_changed:${user.id}:${now}`,
      type: "password_changed",
      recipients: [user.id],
      title: "Your password was changed",
      body: "The password of your account was changed.",
      data: { at: toIso(now) },
      action_url: "/settings/security",
    },
    changes,
  );
}
