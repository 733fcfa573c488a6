/**
 * Login history and known-device detection. A device is a normalised user
 * agent (version numbers stripped, so a browser update is not a "new device");
 * the first sign-in from one sends a `new_device_login` security notice (email,
 * in-app and realtime), except for an account's very first sign-in.
 */

import { and, desc, eq, lt, or } from "drizzle-orm";
import type { CreatedPosition } from "../../http/pagination";
import { sha256Hex } from "../../lib/crypto";
import { newId } from "../../lib/ids";
import { toIso } from "../../lib/time";
import type { Db } from "../../platform/db/client";
import { knownDevices, type LoginAttemptRow, loginAttempts, type UserRow } from "../../platform/db/schema";
import { dispatchNotification } from "../notifications";

export interface ClientMeta {
  userAgent: string | null;
  ipHint: string | null;
}

export function normaliseUserAgent(ua: string | null): string {
  return (ua ?? "unknown")
    .toLowerCase()
    .replace(/\d+([._]\d+)*/g, "#")
    .replace(/\s+/g, " ")
    .trim();
}

export async function deviceFingerprint(userId: string, ua: string | null): Promise<string> {
  return sha256Hex(`${userId}\n${normaliseUserAgent(ua)}`);
}

/** Records a device as seen; true when it was new for an account that had signed in before. */
export async function rememberDevice(db: Db, userId: string, meta: ClientMeta, now = Date.now()): Promise<boolean> {
  const fingerprint = await deviceFingerprint(userId, meta.userAgent);
  const inserted = await db
    .insert(knownDevices)
    .values({ userId, fingerprint, userAgent: meta.userAgent, firstSeenAt: now, lastSeenAt: now })
    .onConflictDoUpdate({ target: [knownDevices.userId, knownDevices.fingerprint], set: { lastSeenAt: now } })
    .returning({ firstSeenAt: knownDevices.firstSeenAt });
  if (inserted[0]?.firstSeenAt !== now) return false;
  const other = await db
    .select({ fp: knownDevices.fingerprint })
    .from(knownDevices)
    .where(and(eq(knownDevices.userId, userId), lt(knownDevices.firstSeenAt, now)))
    .limit(1)
    .get();
  return other !== undefined;
}

export async function recordLoginAttempt(
  db: Db,
  userId: string,
  outcome: { success: boolean; reason: string; newDevice?: boolean },
  meta: ClientMeta,
  now = Date.now(),
): Promise<void> {
  await loginAttemptInsert(db, userId, outcome, meta, now);
}

/** The login-history row, for a caller's own batch. */
export function loginAttemptInsert(
  db: Db,
  userId: string,
  outcome: { success: boolean; reason: string; newDevice?: boolean },
  meta: ClientMeta,
  now = Date.now(),
) {
  return db.insert(loginAttempts).values({
    id: newId(now),
    userId,
    success: outcome.success,
    reason: outcome.reason,
    ipHint: meta.ipHint,
    userAgent: meta.userAgent,
    newDevice: outcome.newDevice ?? false,
    createdAt: now,
  });
}

/**
 * The `new_device_login` security notice (in-app, email, realtime; always
 * delivered), through the notifications module. One per session. Its outbox
 * row commits with the login-history row that records the new device.
 */
export async function notifyNewDevice(
  db: Db,
  env: Pick<Env, "EVENTS">,
  user: Pick<UserRow, "id">,
  meta: ClientMeta,
  sessionId: string,
  method: string,
  now = Date.now(),
): Promise<void> {
  const attempt = loginAttemptInsert(db, user.id, { success: true, reason: method, newDevice: true }, meta, now);
  await dispatchNotification(
    db,
    env,
    {
      id: `new_device_login:${sessionId}`,
      type: "new_device_login",
      recipients: [user.id],
      title: "New sign-in to your account",
      body: `Signed in from ${meta.userAgent ?? "an unknown device"}${meta.ipHint ? ` (${meta.ipHint})` : ""}.`,
      data: { session_id: sessionId, user_agent: meta.userAgent, ip_hint: meta.ipHint, at: toIso(now) },
      action_url: "/settings/sessions",
    },
    [attempt],
  );
}

/** The caller's login history, newest first, with a (created_at, id) cursor. */
export async function listLoginHistory(
  db: Db,
  userId: string,
  opts: { limit: number; before?: CreatedPosition | null },
): Promise<LoginAttemptRow[]> {
  const b = opts.before;
  return db
    .select()
    .from(loginAttempts)
    .where(
      and(
        eq(loginAttempts.userId, userId),
        b
          ? or(lt(loginAttempts.createdAt, b[0]), and(eq(loginAttempts.createdAt, b[0]), lt(loginAttempts.id, b[1])))
          : undefined,
      ),
    )
    .orderBy(desc(loginAttempts.createdAt), desc(loginAttempts.id))
    .limit(opts.limit + 1);
}
