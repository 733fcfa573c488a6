/**
 * The email log, and the one way to send an email: `queueEmail` (or, inside a
 * caller's own batch, `emailStatements`). Producers record a `queued` row and,
 * in the same D1 batch, an outbox row holding the `email.send` message
 * (message id = log id); the consumer (./send.ts) claims the row, sends, and
 * records the outcome. A row that stays `queued` (a message the queue lost) is
 * re-sent from the outbox by the sweep, or marked `failed` when there is
 * nothing left to re-send. No other code builds an `email.send` message
 * (test/email-pipeline.test.ts scans for one).
 */
import { and, asc, eq, getTableColumns, inArray, lt, type SQL, sql } from "drizzle-orm";
import type { BatchItem } from "drizzle-orm/batch";
import { newId } from "../../lib/ids";
import { MINUTE } from "../../lib/time";
import type { Db } from "../db/client";
import { emailLog } from "../db/schema";
import { type NewMessage, QueueMessage } from "../queue/messages";
import { flushOutbox, type OutboxWrite, outboxInsertIf, outboxRows, outboxWrite, resendOutbox } from "../queue/outbox";
import { renderTemplate } from "./templates";

export interface QueueEmailInput {
  to: string;
  template: string;
  data?: Record<string, unknown>;
  userId?: string | null;
  /** A page of its own (e.g. an alert's) instead of the generic category unsubscribe link. */
  unsubscribeUrl?: string;
  /**
   * A deterministic id (log row and message) for producers that may produce
   * the same email twice: a retried queue handler, an overlapping cron run.
   * The repeat records nothing new and the consumer sends the email once.
   * Without one, each call is a new email.
   */
  id?: string;
}

export interface EmailOptions {
  /**
   * Record the email only if this holds when the batch runs (e.g. a
   * reminder's claim is still free), so a lost race writes no email.
   */
  when?: SQL;
}

export interface EmailWrite {
  /** The email log ids (= message ids), in input order. */
  ids: string[];
  /** Add these to the caller's `db.batch`, then `flushOutbox(env, db, write)`. */
  statements: BatchItem<"sqlite">[];
  write: OutboxWrite;
}

/** 9 bound values per log row; D1 allows 100 per statement. */
const LOG_ROWS_PER_INSERT = 10;

/**
 * The statements that record the emails as `queued` with their `email.send`
 * outbox rows, for a caller's own `db.batch` (then `flushOutbox(env, db, write)`).
 * Rendering once here fails fast on an unknown template and fixes the category.
 */
export function emailStatements(
  db: Db,
  input: QueueEmailInput,
  now?: number,
  options?: EmailOptions,
): EmailWrite & { id: string };
export function emailStatements(db: Db, input: QueueEmailInput[], now?: number, options?: EmailOptions): EmailWrite;
export function emailStatements(
  db: Db,
  input: QueueEmailInput | QueueEmailInput[],
  now = Date.now(),
  options: EmailOptions = {},
): EmailWrite & { id?: string } {
  const inputs = Array.isArray(input) ? input : [input];
  const rows = inputs.map((e) => {
    const data = e.data ?? {};
    const { category } = renderTemplate(e.template, data);
    const id = e.id ?? newId(now);
    const message: NewMessage = {
      id,
      type: "email.send",
      to: e.to,
      template: e.template,
      data,
      email_id: id,
      ...(e.userId ? { user_id: e.userId } : {}),
      ...(e.unsubscribeUrl ? { unsubscribe_url: e.unsubscribeUrl } : {}),
    };
    const log = {
      id,
      userId: e.userId ?? null,
      to: e.to,
      template: e.template,
      category,
      status: "queued" as const,
      createdAt: now,
      updatedAt: now,
    };
    return { message, log };
  });
  // Deterministic ids may already have their rows (the repeat of a handler): that email exists.
  const write = outboxWrite(
    db,
    rows.map((r) => r.message),
    now,
    { ifAbsent: true },
  );
  const statements: BatchItem<"sqlite">[] = [];
  if (options.when) {
    const when = options.when;
    // Log row before its outbox row, each guarded by the caller's condition.
    for (const [i, r] of rows.entries()) {
      statements.push(logInsertIf(db, r.log, when));
      const built = write.messages[i];
      if (built) statements.push(outboxInsertIf(db, built, now, when));
    }
  } else {
    for (let i = 0; i < rows.length; i += LOG_ROWS_PER_INSERT) {
      const values = rows.slice(i, i + LOG_ROWS_PER_INSERT).map((r) => r.log);
      statements.push(db.insert(emailLog).values(values).onConflictDoNothing());
    }
    statements.push(...write.statements);
  }
  const ids = rows.map((r) => r.log.id);
  return { ids, id: ids[0], statements, write };
}

type LogRow = typeof emailLog.$inferInsert;

/** `INSERT INTO email_log SELECT … WHERE condition`: every column, in the table's order, defaults filled in. */
function logInsertIf(db: Db, row: LogRow, condition: SQL) {
  const full: typeof emailLog.$inferSelect = {
    userId: null,
    category: null,
    status: "queued",
    provider: null,
    providerId: null,
    error: null,
    attempts: 0,
    sentAt: null,
    ...row,
  };
  const values = Object.keys(getTableColumns(emailLog)).map((k) => sql`${full[k as keyof typeof full]}`);
  return db
    .insert(emailLog)
    .select(sql`SELECT ${sql.join(values, sql`, `)} WHERE ${condition}`)
    .onConflictDoNothing();
}

/**
 * Records the emails as `queued` and their `email.send` messages in one batch
 * (with `also`, the caller's own statements, e.g. the token the email carries;
 * they run first, as they may insert the row the log refers to: registration
 * inserts the user there), then enqueues them. Returns the email log id(s).
 */
export async function queueEmail(
  db: Db,
  env: Pick<Env, "EVENTS">,
  input: QueueEmailInput,
  also?: BatchItem<"sqlite">[],
): Promise<string>;
export async function queueEmail(
  db: Db,
  env: Pick<Env, "EVENTS">,
  input: QueueEmailInput[],
  also?: BatchItem<"sqlite">[],
): Promise<string[]>;
export async function queueEmail(
  db: Db,
  env: Pick<Env, "EVENTS">,
  input: QueueEmailInput | QueueEmailInput[],
  also: BatchItem<"sqlite">[] = [],
): Promise<string | string[]> {
  const email = emailStatements(db, Array.isArray(input) ? input : [input]);
  const [first, ...rest] = [...also, ...email.statements];
  if (first) await db.batch([first, ...rest]);
  await flushOutbox(env, db, email.write);
  return Array.isArray(input) ? email.ids : (email.ids[0] ?? "");
}

/** A `queued` email untouched this long was lost (queue retries take minutes, then the dead letter marks it). */
export const EMAIL_STUCK_AFTER_MS = 30 * MINUTE;
/** Re-sends of one lost email before it is given up as `failed`. */
const MAX_RESENDS = 3;

/**
 * The email half of the outbox sweep: re-sends stuck emails from their outbox
 * row (the consumer's claim makes a duplicate harmless) and marks `failed`
 * those with no message left (older than the outbox retention, or written
 * before the outbox), so no row stays `queued` forever.
 */
export async function recoverStuckEmails(
  env: Pick<Env, "EVENTS">,
  db: Db,
  now: number,
): Promise<{ resent: number; failed: number }> {
  const cutoff = now - EMAIL_STUCK_AFTER_MS;
  const stuck = await db
    .select({ id: emailLog.id })
    .from(emailLog)
    .where(
      and(
        inArray(emailLog.status, ["queued", "sending"]),
        lt(emailLog.createdAt, cutoff),
        lt(emailLog.updatedAt, cutoff),
      ),
    )
    .orderBy(asc(emailLog.createdAt))
    .limit(90);
  if (stuck.length === 0) return { resent: 0, failed: 0 };
  const rows = new Map(
    (
      await outboxRows(
        db,
        stuck.map((r) => r.id),
      )
    ).map((r) => [r.id, r]),
  );
  const resend: QueueMessage[] = [];
  const giveUp: string[] = [];
  for (const { id } of stuck) {
    const row = rows.get(id);
    if (row && row.sentAt === null) continue; // still pending: the outbox sweep sends it
    const parsed = row && row.attempts < MAX_RESENDS ? QueueMessage.safeParse(row.message) : null;
    if (parsed?.success) resend.push(parsed.data);
    else giveUp.push(id);
  }
  if (resend.length) {
    await resendOutbox(env, db, resend, now);
    // The next re-send waits a full period again.
    await db
      .update(emailLog)
      .set({ updatedAt: now })
      .where(
        inArray(
          emailLog.id,
          resend.map((m) => m.id),
        ),
      );
  }
  if (giveUp.length) {
    await db
      .update(emailLog)
      .set({ status: "failed", error: "Lost before delivery; nothing left to re-send.", updatedAt: now })
      .where(and(inArray(emailLog.id, giveUp), inArray(emailLog.status, ["queued", "sending"])));
  }
  return { resent: resend.length, failed: giveUp.length };
}

/** Called for dead-lettered `email.send` messages: the retries are spent. */
export async function markEmailDeadLettered(db: Db, emailId: string, now = Date.now()): Promise<void> {
  await db
    .update(emailLog)
    .set({ status: "failed", updatedAt: now })
    .where(and(eq(emailLog.id, emailId), inArray(emailLog.status, ["queued", "sending"])));
}
