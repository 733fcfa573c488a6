/**
 * Sessions and refresh tokens. A session is created at login; each refresh
 * rotates its refresh token; a used token presented again revokes the session.
 */
import { and, desc, eq, gt, isNull, ne } from "drizzle-orm";
import { notFound } from "../../http/problem";
import { randomToken, sha256Hex } from "../../lib/crypto";
import { newId } from "../../lib/ids";
import { DAY, MINUTE } from "../../lib/time";
import type { Db } from "../../platform/db/client";
import { refreshTokens, sessions, users } from "../../platform/db/schema";
import type { Role } from "../../platform/env";
import { closeSockets } from "../../platform/realtime/push";
import { forgetUser } from "./principal-cache";

export const SESSION_TTL_MS = 30 * DAY;
export const REFRESH_TOKEN_TTL_MS = 30 * DAY;
/** last_used_at is refreshed at most this often, to keep writes off the hot path. */
const TOUCH_INTERVAL_MS = 5 * MINUTE;

export interface SessionPrincipal {
  role: Role;
  emailVerified: boolean;
  shouldTouch: boolean;
  sessionExpiresAt: number;
}

/** The live session's user, or null when the session is revoked/expired or the user is not active. */
export async function loadSessionPrincipal(
  db: Db,
  sessionId: string,
  userId: string,
): Promise<SessionPrincipal | null> {
  const now = Date.now();
  const row = await db
    .select({
      revokedAt: sessions.revokedAt,
      expiresAt: sessions.expiresAt,
      lastUsedAt: sessions.lastUsedAt,
      role: users.role,
      status: users.status,
      emailVerifiedAt: users.emailVerifiedAt,
    })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(and(eq(sessions.id, sessionId), eq(sessions.userId, userId)))
    .get();
  if (!row || row.revokedAt !== null || row.expiresAt <= now || row.status !== "active") return null;
  return {
    role: row.role,
    emailVerified: row.emailVerifiedAt !== null,
    shouldTouch: now - row.lastUsedAt > TOUCH_INTERVAL_MS,
    sessionExpiresAt: row.expiresAt,
  };
}

export async function touchSession(d1: D1Database, sessionId: string): Promise<void> {
  await d1.prepare("UPDATE sessions SET last_used_at = ? WHERE id = ?").bind(Date.now(), sessionId).run();
}

export interface NewSession {
  sessionId: string;
  refreshToken: string;
}

/** Creates a session with its first refresh token, in one batch. */
export async function createSession(
  db: Db,
  userId: string,
  meta: { userAgent: string | null; ipHint: string | null },
  now = Date.now(),
): Promise<NewSession> {
  const sessionId = newId(now);
  const refreshToken = randomToken();
  await db.batch([
    db.insert(sessions).values({
      id: sessionId,
      userId,
      userAgent: meta.userAgent,
      ipHint: meta.ipHint,
      createdAt: now,
      lastUsedAt: now,
      expiresAt: now + SESSION_TTL_MS,
    }),
    db.insert(refreshTokens).values({
      tokenHash: await sha256Hex(refreshToken),
      sessionId,
      createdAt: now,
      expiresAt: now + REFRESH_TOKEN_TTL_MS,
    }),
  ]);
  return { sessionId, refreshToken };
}

export type RotateResult =
  | { ok: true; sessionId: string; userId: string; refreshToken: string }
  | { ok: false; reason: "unknown" | "reused" | "expired" | "revoked" };

/**
 * Exchanges a refresh token for a new one. The old token is marked used with a
 * conditional update, so two concurrent refreshes with the same token cannot
 * both succeed: the loser is treated as reuse and the session is revoked.
 */
export async function rotateRefreshToken(
  db: Db,
  env: Pick<Env, "USER_CHANNEL">,
  presented: string,
  now = Date.now(),
): Promise<RotateResult> {
  const hash = await sha256Hex(presented);
  const row = await db
    .select({
      sessionId: refreshTokens.sessionId,
      usedAt: refreshTokens.usedAt,
      expiresAt: refreshTokens.expiresAt,
      userId: sessions.userId,
      revokedAt: sessions.revokedAt,
      sessionExpiresAt: sessions.expiresAt,
      status: users.status,
    })
    .from(refreshTokens)
    .innerJoin(sessions, eq(sessions.id, refreshTokens.sessionId))
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(eq(refreshTokens.tokenHash, hash))
    .get();
  if (!row) return { ok: false, reason: "unknown" };
  if (row.revokedAt !== null || row.status !== "active") return { ok: false, reason: "revoked" };
  if (row.usedAt !== null) {
    await revokeSessions(db, env, row.userId, { sessionId: row.sessionId }, "refresh_token_reuse", {}, now);
    return { ok: false, reason: "reused" };
  }
  if (row.expiresAt <= now || row.sessionExpiresAt <= now) return { ok: false, reason: "expired" };

  const next = randomToken();
  const [marked] = await db.batch([
    db
      .update(refreshTokens)
      .set({ usedAt: now })
      .where(and(eq(refreshTokens.tokenHash, hash), isNull(refreshTokens.usedAt))),
    db.update(sessions).set({ lastUsedAt: now }).where(eq(sessions.id, row.sessionId)),
  ]);
  if (marked.meta.changes !== 1) {
    // Someone else used this token between our read and write: that is reuse.
    await revokeSessions(db, env, row.userId, { sessionId: row.sessionId }, "refresh_token_reuse", {}, now);
    return { ok: false, reason: "reused" };
  }
  await db.insert(refreshTokens).values({
    tokenHash: await sha256Hex(next),
    sessionId: row.sessionId,
    createdAt: now,
    expiresAt: now + REFRESH_TOKEN_TTL_MS,
  });
  return { ok: true, sessionId: row.sessionId, userId: row.userId, refreshToken: next };
}

/**
 * Every revocation goes through here: it marks the sessions revoked in D1 and
 * then closes, at once, the WebSockets they opened (the user's UserChannel
 * tags each socket with its session). Unused realtime tickets need no cleanup:
 * redeeming one checks its session is still live (src/platform/realtime/tickets.ts).
 *
 * - `{ sessionId }`: one session (logout, refresh-token reuse, DELETE /auth/sessions/{id});
 * - `{ all: true, except? }`: every live session but `except` (password change, reset);
 * - `closeAllSockets`: also the user's API-key sockets, for an account that stops
 *   being active (suspension, deletion).
 *
 * Returns the ids of the sessions this call revoked.
 */
export async function revokeSessions(
  db: Db,
  env: Pick<Env, "USER_CHANNEL">,
  userId: string,
  scope: { sessionId: string } | { all: true; except?: string | null | undefined },
  reason: RevocationReason,
  options: { closeAllSockets?: boolean } = {},
  now = Date.now(),
): Promise<string[]> {
  const rows = await db
    .update(sessions)
    .set({ revokedAt: now, revokedReason: reason })
    .where(
      and(
        eq(sessions.userId, userId),
        isNull(sessions.revokedAt),
        "sessionId" in scope
          ? eq(sessions.id, scope.sessionId)
          : scope.except
            ? ne(sessions.id, scope.except)
            : undefined,
      ),
    )
    .returning({ id: sessions.id });
  // This isolate forgets them at once; others within the cache TTL (principal-cache.ts).
  forgetUser(userId);
  const ids = rows.map((r) => r.id);
  // A single session's sockets are closed even when it was already revoked, so a
  // retried logout finishes what a failed close left open.
  const sessionIds = "sessionId" in scope ? [scope.sessionId] : ids;
  if (options.closeAllSockets) {
    await closeSockets(env, userId, { all: true }, closeReason(reason));
  } else if (sessionIds.length > 0) {
    await closeSockets(env, userId, { sessionIds }, closeReason(reason));
  }
  return ids;
}

export type RevocationReason =
  | "logout"
  | "refresh_token_reuse"
  | "revoked_by_user"
  | "password_changed"
  | "password_reset"
  | "suspended"
  | "account_deleted";

function closeReason(reason: RevocationReason): string {
  if (reason === "suspended") return "account suspended";
  if (reason === "account_deleted") return "account deleted";
  return `session revoked: ${reason}`;
}

/** The user's live sessions, newest first. */
export async function listSessions(db: Db, userId: string, now = Date.now()) {
  return db
    .select()
    .from(sessions)
    .where(and(eq(sessions.userId, userId), isNull(sessions.revokedAt), gt(sessions.expiresAt, now)))
    .orderBy(desc(sessions.lastUsedAt), desc(sessions.id))
    .limit(100);
}

/** Revokes one of the caller's own live sessions; anyone else's id is a `404`. */
export async function revokeOwnSession(
  db: Db,
  env: Pick<Env, "USER_CHANNEL">,
  userId: string,
  sessionId: string,
  now = Date.now(),
): Promise<void> {
  const revoked = await revokeSessions(db, env, userId, { sessionId }, "revoked_by_user", {}, now);
  if (revoked.length !== 1) throw notFound("Session");
}
