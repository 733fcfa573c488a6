/**
 * "Sent once" for scheduled reminders: a claim row per (kind, subject, user)
 * is inserted before the reminder is enqueued; only claims this call won are
 * sent. A rerun of the same cron tick finds the claims and sends nothing. If
 * enqueueing fails, the claims are released so the next run tries again.
 * `user_id = ''` claims a whole subject (e.g. one interview's reminder).
 */

import { and, eq } from "drizzle-orm";
import type { Db } from "../../db/client";
import { reminderDeliveries } from "../../db/schema";

export interface ClaimKey {
  subjectId: string;
  userId: string;
}

const keyOf = (k: ClaimKey) => `${k.subjectId}\u0000${k.userId}`;

/** Inserts the claims; returns the keys this call won (as `subject\0user`). */
export async function claim(db: Db, kind: string, keys: ClaimKey[], now: number): Promise<Set<string>> {
  const won = new Set<string>();
  // 4 columns per row: 20 rows per statement stays under D1's 100 bound parameters.
  for (let i = 0; i < keys.length; i += 20) {
    const rows = await db
      .insert(reminderDeliveries)
      .values(keys.slice(i, i + 20).map((k) => ({ kind, subjectId: k.subjectId, userId: k.userId, createdAt: now })))
      .onConflictDoNothing()
      .returning({ subjectId: reminderDeliveries.subjectId, userId: reminderDeliveries.userId });
    for (const r of rows) won.add(keyOf(r));
  }
  return won;
}

export const claimed = (won: Set<string>, k: ClaimKey) => won.has(keyOf(k));

export async function release(db: Db, kind: string, keys: ClaimKey[]): Promise<void> {
  for (const k of keys) {
    await db
      .delete(reminderDeliveries)
      .where(
        and(
          eq(reminderDeliveries.kind, kind),
          eq(reminderDeliveries.subjectId, k.subjectId),
          eq(reminderDeliveries.userId, k.userId),
        ),
      );
  }
}

/** Claims older than `maxAgeMs` are dropped (their subjects are long past); bounded per run. */
export async function pruneClaims(db: Db, now: number, maxAgeMs: number): Promise<number> {
  const res = await db.$client
    .prepare(
      "DELETE FROM reminder_deliveries WHERE rowid IN (SELECT rowid FROM reminder_deliveries WHERE created_at < ? LIMIT 1000)",
    )
    .bind(now - maxAgeMs)
    .run();
  return res.meta.changes ?? 0;
}

/** "Tuesday 5 January 2027, 14:00 CET" in the given IANA zone (UTC when the zone is unknown). */
export function formatInZone(ms: number, timeZone: string): { text: string; zone: string } {
  const options: Intl.DateTimeFormatOptions = {
    weekday: "long",
    day: "numeric",
    month: "long",
    year: "numeric",
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
    timeZoneName: "short",
  };
  try {
    return { text: new Intl.DateTimeFormat("en-GB", { ...options, timeZone }).format(ms), zone: timeZone };
  } catch {
    return { text: new Intl.DateTimeFormat("en-GB", { ...options, timeZone: "UTC" }).format(ms), zone: "UTC" };
  }
}
