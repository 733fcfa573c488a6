/**
 * "Sent once" for scheduled reminders: a claim row per (kind, subject, user)
 * and the reminder's outbox rows (src/platform/queue/outbox.ts) and emails (their
 * log and outbox rows, `emailStatements`) are written in ONE batch, all guarded by
 * "not claimed yet", so a claim never exists
 * without its messages (a crash after the batch leaves them to the sweep) and
 * a rerun of the same cron tick, or an overlapping run, claims and writes
 * nothing. `user_id = ''` claims a whole subject (e.g. one interview's reminder).
 */

import { sql } from "drizzle-orm";
import type { BatchItem } from "drizzle-orm/batch";
import { formatWallClock } from "../../i18n";
import type { Db } from "../../platform/db/client";
import { reminderDeliveries } from "../../platform/db/schema";
import { emailStatements, type QueueEmailInput } from "../../platform/email/log";
import { toQueueMessages } from "../../platform/queue/enqueue";
import type { NewMessage, QueueMessage } from "../../platform/queue/messages";
import { flushOutbox, outboxInsertIf } from "../../platform/queue/outbox";

export interface ClaimItem {
  key: ClaimKey;
  /** What the claim sends (may be empty: the subject is then only marked done). */
  messages?: NewMessage[];
  /** Emails the claim sends, recorded like any other (`emailStatements`) under the same condition. */
  emails?: QueueEmailInput[];
}

/**
 * Claims each item and writes its messages and emails in one batch, then
 * enqueues those of the claims this call won. Returns the won items' message counts.
 */
export async function claimAndSend(
  db: Db,
  env: Pick<Env, "EVENTS">,
  kind: string,
  items: ClaimItem[],
  now: number,
): Promise<{ claimed: number; sent: number }> {
  if (items.length === 0) return { claimed: 0, sent: 0 };
  const statements: BatchItem<"sqlite">[] = [];
  const claimAt: number[] = [];
  const built: QueueMessage[][] = [];
  for (const it of items) {
    const free = sql`NOT EXISTS (SELECT 1 FROM ${reminderDeliveries} WHERE ${reminderDeliveries.kind} = ${kind}
      AND ${reminderDeliveries.subjectId} = ${it.key.subjectId} AND ${reminderDeliveries.userId} = ${it.key.userId})`;
    const messages = toQueueMessages(it.messages ?? [], now);
    for (const m of messages) statements.push(outboxInsertIf(db, m, now, free));
    const email = emailStatements(db, it.emails ?? [], now, { when: free });
    statements.push(...email.statements);
    built.push([...messages, ...email.write.messages]);
    claimAt.push(statements.length);
    statements.push(
      db
        .insert(reminderDeliveries)
        .values({ kind, subjectId: it.key.subjectId, userId: it.key.userId, createdAt: now })
        .onConflictDoNothing()
        .returning({ subjectId: reminderDeliveries.subjectId }),
    );
  }
  const results = await db.batch(statements as [BatchItem<"sqlite">, ...BatchItem<"sqlite">[]]);
  const won = built.filter((_, i) => (results[claimAt[i] as number] as unknown[]).length === 1);
  const messages = won.flat();
  await flushOutbox(env, db, { statements: [], messages });
  return { claimed: won.length, sent: messages.length };
}

export interface ClaimKey {
  subjectId: string;
  userId: string;
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

/**
 * The English wall-clock text of the in-app notification ("Tuesday 5 January 2027 at 14:00"), in the
 * given IANA zone (UTC when unknown). The in-app title and body are English (docs/i18n.md); emails
 * format the instant again in the recipient's language (`localWhen` in the reminder templates).
 */
export function formatInZone(ms: number, timeZone: string): { text: string; zone: string } {
  return formatWallClock("en-GB", ms, timeZone);
}
