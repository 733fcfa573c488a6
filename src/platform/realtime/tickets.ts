/**
 * Single-use WebSocket tickets. Browsers cannot put an Authorization header on
 * a WebSocket, so a signed-in client first trades its bearer token for a
 * short-lived ticket and opens `/api/v1/realtime?ticket=…`. The ticket is in a
 * URL (and so maybe in logs), hence: 256 random bits, stored only as SHA-256,
 * valid for 60 s, and consumed by one DELETE … RETURNING in D1 (strongly
 * consistent, unlike KV), so a replayed or raced ticket fails.
 *
 * A ticket remembers what minted it (a session or an API key) and is redeemed
 * only while that credential is still live and its user active, in the same
 * DELETE: a ticket minted before logout, a password change or a suspension is
 * refused without any revocation path having to find and delete it.
 */
import { and, eq, gt, lt, type SQL, sql } from "drizzle-orm";
import { randomToken, sha256Hex } from "../../lib/crypto";
import type { Db } from "../db/client";
import { realtimeTickets } from "../db/schema";

export const TICKET_TTL_SECONDS = 60;

/** The credential behind a ticket and the socket it opens: a session, or an API key. */
export interface ChannelOwner {
  userId: string;
  sessionId: string | null;
  apiKeyId: string | null;
}

export async function issueTicket(
  db: Db,
  owner: ChannelOwner,
  now = Date.now(),
): Promise<{ ticket: string; expiresIn: number }> {
  const ticket = randomToken(32);
  await db.insert(realtimeTickets).values({
    tokenHash: await sha256Hex(ticket),
    userId: owner.userId,
    sessionId: owner.sessionId,
    apiKeyId: owner.apiKeyId,
    expiresAt: now + TICKET_TTL_SECONDS * 1000,
    createdAt: now,
  });
  return { ticket, expiresIn: TICKET_TTL_SECONDS };
}

/**
 * True (as SQL) when the user is active and the session or API key is live:
 * not revoked, not expired. The ticket redemption and the Durable Object's
 * post-accept check use this one rule, with columns or bound values.
 */
export function ownerIsLive(user: SQL, session: SQL, apiKey: SQL, now: number): SQL {
  return sql`(EXISTS (SELECT 1 FROM users u WHERE u.id = ${user} AND u.status = 'active') AND (
    EXISTS (SELECT 1 FROM sessions s WHERE s.id = ${session} AND s.user_id = ${user}
            AND s.revoked_at IS NULL AND s.expires_at > ${now})
    OR EXISTS (SELECT 1 FROM api_keys k WHERE k.id = ${apiKey} AND k.user_id = ${user}
            AND k.revoked_at IS NULL AND (k.expires_at IS NULL OR k.expires_at > ${now}))))`;
}

/** Consumes a ticket; returns its owner, or null when unknown, already used, expired or its credential revoked. */
export async function consumeTicket(db: Db, ticket: string, now = Date.now()): Promise<ChannelOwner | null> {
  const rows = await db
    .delete(realtimeTickets)
    .where(
      and(
        eq(realtimeTickets.tokenHash, await sha256Hex(ticket)),
        gt(realtimeTickets.expiresAt, now),
        ownerIsLive(
          sql`${realtimeTickets.userId}`,
          sql`${realtimeTickets.sessionId}`,
          sql`${realtimeTickets.apiKeyId}`,
          now,
        ),
      ),
    )
    .returning({
      userId: realtimeTickets.userId,
      sessionId: realtimeTickets.sessionId,
      apiKeyId: realtimeTickets.apiKeyId,
    });
  return rows[0] ?? null;
}

/** Whether a socket's owner is still live (checked by the channel right after it accepts the socket). */
export async function isOwnerLive(db: Db, owner: ChannelOwner, now = Date.now()): Promise<boolean> {
  const row = await db.get<{ live: number }>(
    sql`SELECT ${ownerIsLive(sql`${owner.userId}`, sql`${owner.sessionId}`, sql`${owner.apiKeyId}`, now)} AS live`,
  );
  return Boolean(row?.live);
}

/** Deletes expired tickets, at most `limit` per call (cron cleanup). */
export async function pruneExpiredTickets(db: Db, now: number, limit = 1000): Promise<number> {
  const rows = await db
    .delete(realtimeTickets)
    .where(
      sql`${realtimeTickets.tokenHash} IN (SELECT ${realtimeTickets.tokenHash} FROM ${realtimeTickets} WHERE ${lt(realtimeTickets.expiresAt, now)} LIMIT ${limit})`,
    )
    .returning({ h: realtimeTickets.tokenHash });
  return rows.length;
}

/** The statement that deletes every ticket of a user (account erasure). */
export function eraseTicketsStatement(db: Db, userId: string) {
  return db.delete(realtimeTickets).where(eq(realtimeTickets.userId, userId));
}
