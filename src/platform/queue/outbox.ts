/**
 * Transactional outbox: a queue message announcing a D1 change is inserted in
 * the same `db.batch` as the change, so both commit or neither does. Right
 * after the commit the request enqueues it and stamps `sent_at` (the fast
 * path, no added latency); if the process stops first, or the queue refuses,
 * the cron sweep enqueues the rows still unsent once `available_at` has
 * passed. The consumer stamps `delivered_at` after the handler finished, so a
 * message the queue lost after accepting it is sent again too. A message may therefore arrive twice (fast path and sweep racing);
 * every consumer is idempotent on the message id or on the state it moves.
 *
 *   const out = outboxWrite(db, [{ type: "resume.parse", resume_id }]);
 *   await db.batch([db.insert(resumes).values(row), ...out.statements]);
 *   await flushOutbox(env, db, out);
 */
import { and, asc, inArray, isNotNull, isNull, lt, lte, type SQL, sql } from "drizzle-orm";
import type { BatchItem } from "drizzle-orm/batch";
import { DAY, MINUTE, SECOND } from "../../lib/time";
import type { Db } from "../db/client";
import { outbox } from "../db/schema";
import { sendQueueMessages, toQueueMessages } from "./enqueue";
import { type NewMessage, QueueMessage } from "./messages";

/** The sweep leaves a row to its request for this long (the fast path normally sends within ms). */
export const OUTBOX_GRACE_MS = 60 * SECOND;
/** After a failed sweep enqueue, the row waits this long before the next try. */
const RETRY_AFTER_MS = 5 * MINUTE;
/** Rows per sweep run (a burst larger than this drains over the following ticks). */
const SWEEP_LIMIT = 500;
/** A sent row the consumer has not stamped delivered after this was lost by the queue: send again. */
export const REDELIVER_AFTER_MS = 2 * MINUTE;
/** Sends of one message (fast path excluded) before the sweep leaves it alone. */
const MAX_SENDS = 4;
/** Sent rows are kept this long (re-sends of lost emails, debugging), then purged daily. */
export const OUTBOX_RETENTION_MS = 7 * DAY;
/** 6 bound values per row, D1 allows 100 per statement. */
const ROWS_PER_INSERT = 16;
const IDS_PER_UPDATE = 90;

type Statement = BatchItem<"sqlite">;

export interface OutboxWrite {
  /** Add these to the `db.batch` that makes the change. */
  statements: Statement[];
  /** The built messages (ids assigned), for `flushOutbox` after the commit. */
  messages: QueueMessage[];
}

/**
 * The column values of one outbox row, `message` already JSON, for a caller's
 * own conditional insert (`INSERT … SELECT … WHERE`, e.g. only while an
 * application is still in the status being left). Flush only what committed.
 */
export function outboxValues(message: QueueMessage, now: number) {
  return {
    id: message.id,
    message: JSON.stringify(message),
    createdAt: now,
    availableAt: now + OUTBOX_GRACE_MS,
    attempts: 0,
    sentAt: null,
    deliveredAt: null,
  };
}

/**
 * An outbox insert that happens only if `condition` holds when the statement
 * runs: put it before the conditional UPDATE it announces, in the same batch,
 * with the UPDATE's own condition, so a lost race writes no message.
 */
export function outboxInsertIf(db: Db, message: QueueMessage, now: number, condition: SQL) {
  const v = outboxValues(message, now);
  return (
    db
      .insert(outbox)
      .select(sql`SELECT ${v.id}, ${v.message}, ${v.createdAt}, ${v.availableAt}, 0, NULL, NULL WHERE ${condition}`)
      // Derived ids (e.g. `job-published:{job}`) may already have a row: that announcement exists.
      .onConflictDoNothing()
  );
}

/**
 * Builds the outbox inserts for `messages` (validated now; ids filled in when absent).
 * With `ifAbsent`, a row whose id already exists is left alone (derived ids of a
 * producer that may run twice) instead of failing the batch.
 */
export function outboxWrite(
  db: Db,
  messages: NewMessage[],
  now = Date.now(),
  options: { ifAbsent?: boolean } = {},
): OutboxWrite {
  const built = toQueueMessages(messages, now);
  const statements: Statement[] = [];
  for (let i = 0; i < built.length; i += ROWS_PER_INSERT) {
    const insert = db.insert(outbox).values(
      built.slice(i, i + ROWS_PER_INSERT).map((m) => ({
        id: m.id,
        message: m as unknown as Record<string, unknown>,
        createdAt: now,
        availableAt: now + OUTBOX_GRACE_MS,
      })),
    );
    statements.push(options.ifAbsent ? insert.onConflictDoNothing() : insert);
  }
  return { statements, messages: built };
}

/**
 * The fast path, after the batch committed: enqueue and stamp the rows sent.
 * Never throws (the change is committed; failing the request now would lie):
 * a failure is logged and the sweep sends the rows later.
 */
export async function flushOutbox(env: Pick<Env, "EVENTS">, db: Db, write: OutboxWrite): Promise<boolean> {
  if (write.messages.length === 0) return true;
  try {
    await sendQueueMessages(env, write.messages);
  } catch (err) {
    console.warn(
      JSON.stringify({
        level: "warn",
        msg: "outbox enqueue failed; the sweep will send",
        count: write.messages.length,
        error: err instanceof Error ? err.message : String(err),
      }),
    );
    return false;
  }
  try {
    await markSent(
      db,
      write.messages.map((m) => m.id),
      Date.now(),
    );
  } catch (err) {
    // Sent but not stamped: the sweep sends it again, which consumers absorb.
    console.warn(JSON.stringify({ level: "warn", msg: "outbox stamp failed", error: String(err) }));
  }
  return true;
}

/** Change + messages in one batch, then the fast path. Returns the batch results of `changes`. */
export async function commitWithOutbox(
  db: Db,
  env: Pick<Env, "EVENTS">,
  changes: Statement[],
  messages: NewMessage[],
): Promise<unknown[]> {
  const write = outboxWrite(db, messages);
  const all = [...changes, ...write.statements];
  const [first, ...rest] = all;
  if (!first) return [];
  const results = await db.batch([first, ...rest]);
  await flushOutbox(env, db, write);
  return results.slice(0, changes.length);
}

async function markSent(db: Db, ids: string[], now: number): Promise<void> {
  for (let i = 0; i < ids.length; i += IDS_PER_UPDATE) {
    await db
      .update(outbox)
      .set({ sentAt: now })
      .where(inArray(outbox.id, ids.slice(i, i + IDS_PER_UPDATE)));
  }
}

/**
 * The cron sweep: enqueues rows still unsent after their grace period, oldest
 * first, and rows sent but not delivered after `REDELIVER_AFTER_MS` (at most
 * `MAX_SENDS` times), and stamps them. A queue failure pushes the batch's `available_at`
 * back; a row that no longer validates (a message type removed since) is
 * stamped and logged instead of blocking the sweep forever.
 */
export async function sweepOutbox(
  env: Pick<Env, "EVENTS">,
  db: Db,
  now: number,
): Promise<{ sent: number; invalid: number; failed: number }> {
  const unsent = await db
    .select({ id: outbox.id, message: outbox.message })
    .from(outbox)
    .where(and(isNull(outbox.sentAt), lte(outbox.availableAt, now)))
    .orderBy(asc(outbox.availableAt))
    .limit(SWEEP_LIMIT);
  // Sent but never delivered: the queue lost it (a local queue lives in memory) or it is stuck.
  const lost = await db
    .select({ id: outbox.id, message: outbox.message })
    .from(outbox)
    .where(
      and(
        isNotNull(outbox.sentAt),
        isNull(outbox.deliveredAt),
        lt(outbox.sentAt, now - REDELIVER_AFTER_MS),
        lt(outbox.attempts, MAX_SENDS),
      ),
    )
    .orderBy(asc(outbox.sentAt))
    .limit(SWEEP_LIMIT);
  const rows = [...unsent, ...lost];
  const valid: QueueMessage[] = [];
  const invalid: string[] = [];
  for (const row of rows) {
    const parsed = QueueMessage.safeParse(row.message);
    if (parsed.success) valid.push(parsed.data);
    else invalid.push(row.id);
  }
  if (invalid.length) {
    console.error(JSON.stringify({ level: "error", msg: "outbox rows no longer valid; dropped", ids: invalid }));
    await markSent(db, invalid, now);
  }
  if (valid.length === 0) return { sent: 0, invalid: invalid.length, failed: 0 };
  const ids = valid.map((m) => m.id);
  try {
    await sendQueueMessages(env, valid);
  } catch (err) {
    for (let i = 0; i < ids.length; i += IDS_PER_UPDATE) {
      await db
        .update(outbox)
        .set({ attempts: sql`${outbox.attempts} + 1`, availableAt: now + RETRY_AFTER_MS })
        .where(inArray(outbox.id, ids.slice(i, i + IDS_PER_UPDATE)));
    }
    console.error(JSON.stringify({ level: "error", msg: "outbox sweep enqueue failed", error: String(err) }));
    return { sent: 0, invalid: invalid.length, failed: valid.length };
  }
  for (let i = 0; i < ids.length; i += IDS_PER_UPDATE) {
    await db
      .update(outbox)
      .set({ sentAt: now, attempts: sql`${outbox.attempts} + 1` })
      .where(inArray(outbox.id, ids.slice(i, i + IDS_PER_UPDATE)));
  }
  return { sent: valid.length, invalid: invalid.length, failed: 0 };
}

/** The outbox rows of the given message ids (for re-sending emails the queue lost). */
export async function outboxRows(db: Db, ids: string[]) {
  if (ids.length === 0) return [];
  return db
    .select({ id: outbox.id, message: outbox.message, attempts: outbox.attempts, sentAt: outbox.sentAt })
    .from(outbox)
    .where(inArray(outbox.id, ids));
}

/** Re-enqueues sent rows (a lost message) and counts the attempt. */
export async function resendOutbox(
  env: Pick<Env, "EVENTS">,
  db: Db,
  messages: QueueMessage[],
  now: number,
): Promise<void> {
  if (messages.length === 0) return;
  await sendQueueMessages(env, messages);
  const ids = messages.map((m) => m.id);
  await db
    .update(outbox)
    .set({ attempts: sql`${outbox.attempts} + 1`, sentAt: now })
    .where(inArray(outbox.id, ids));
}

/** The consumer's stamp: these messages were handled (or dead-lettered); ids not in the outbox match nothing. */
export async function markDelivered(db: Db, ids: string[], now: number): Promise<void> {
  for (let i = 0; i < ids.length; i += IDS_PER_UPDATE) {
    await db
      .update(outbox)
      .set({ deliveredAt: now })
      .where(and(inArray(outbox.id, ids.slice(i, i + IDS_PER_UPDATE)), isNull(outbox.deliveredAt)));
  }
}

/** Daily cleanup: sent rows past retention. */
export async function purgeOutbox(db: Db, now: number): Promise<{ deleted: number }> {
  const res = await db
    .delete(outbox)
    .where(and(isNotNull(outbox.sentAt), lt(outbox.sentAt, now - OUTBOX_RETENTION_MS)));
  return { deleted: res.meta.changes ?? 0 };
}

/**
 * Outbox rows computed by SQL, for set-based writes that enqueue one message per
 * selected row in the same batch (e.g. scheduled publishing). `rows` must select the
 * columns (id, message, created_at, deliver_after, attempts, delivered_at, last_error)
 * in that order; a row whose id already exists is skipped.
 */
export function outboxInsertSelect(db: Db, rows: SQL) {
  return db.insert(outbox).select(rows).onConflictDoNothing();
}
