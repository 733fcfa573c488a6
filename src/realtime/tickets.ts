/**
 * Single-use WebSocket tickets. Browsers cannot put an Authorization header on
 * a WebSocket, so a signed-in client first trades its bearer token for a
 * short-lived ticket and opens `/api/v1/realtime?ticket=…`. The ticket is in a
 * URL (and so maybe in logs), hence: 256 random bits, stored only as SHA-256,
 * valid for 60 s, and consumed by one DELETE … RETURNING in D1 (strongly
 * consistent, unlike KV), so a replayed or raced ticket fails.
 */
import { and, eq, gt, lt, sql } from "drizzle-orm";
import type { Db } from "../db/client";
import { realtimeTickets } from "../db/schema";
import { randomToken, sha256Hex } from "../lib/crypto";

export const TICKET_TTL_SECONDS = 60;

export async function issueTicket(
  db: Db,
  userId: string,
  now = Date.now(),
): Promise<{ ticket: string; expiresIn: number }> {
  const ticket = randomToken(32);
  await db.insert(realtimeTickets).values({
    tokenHash: await sha256Hex(ticket),
    userId,
    expiresAt: now + TICKET_TTL_SECONDS * 1000,
    createdAt: now,
  });
  return { ticket, expiresIn: TICKET_TTL_SECONDS };
}

/** Consumes a ticket; returns its user id, or null when unknown, already used or expired. */
export async function consumeTicket(db: Db, ticket: string, now = Date.now()): Promise<string | null> {
  const rows = await db
    .delete(realtimeTickets)
    .where(and(eq(realtimeTickets.tokenHash, await sha256Hex(ticket)), gt(realtimeTickets.expiresAt, now)))
    .returning({ userId: realtimeTickets.userId });
  return rows[0]?.userId ?? null;
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
