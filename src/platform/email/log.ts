/**
 * The email log: producers record a `queued` row and, in the same D1 batch,
 * an outbox row holding the `email.send` message (message id = log id); the
 * consumer claims the row, sends, and records the outcome. A row that stays
 * `queued` (a message the queue lost) is re-sent from the outbox by the sweep,
 * or marked `failed` when there is nothing left to re-send.
 */
import { and, asc, eq, inArray, lt } from "drizzle-orm";
import type { BatchItem } from "drizzle-orm/batch";
import { newId } from "../../lib/ids";
import { MINUTE } from "../../lib/time";
import type { Db } from "../db/client";
import { emailLog } from "../db/schema";
import { QueueMessage } from "../queue/messages";
import { flushOutbox, outboxRows, outboxWrite, resendOutbox } from "../queue/outbox";
import { renderTemplate } from "./templates";

export interface QueueEmailInput {
  to: string;
  template: string;
  data?: Record<string, unknown>;
  userId?: string | null;
  /** A page of its own (e.g. an alert's) instead of the generic category unsubscribe link. */
  unsubscribeUrl?: string;
}

/**
 * The statements that record the email as `queued` with its `email.send`
 * outbox row, for a caller's own `db.batch` (then `flushOutbox(env, db, write)`).
 * Rendering once here fails fast on an unknown template and fixes the category.
 */
export function emailStatements(db: Db, input: QueueEmailInput, now = Date.now()) {
  const data = input.data ?? {};
  const { category } = renderTemplate(input.template, data);
  const id = newId(now);
  const write = outboxWrite(
    db,
    [
      {
        id,
        type: "email.send",
        to: input.to,
        template: input.template,
        data,
        email_id: id,
        ...(input.userId ? { user_id: input.userId } : {}),
        ...(input.unsubscribeUrl ? { unsubscribe_url: input.unsubscribeUrl } : {}),
      },
    ],
    now,
  );
  const statements: BatchItem<"sqlite">[] = [
    db.insert(emailLog).values({
      id,
      userId: input.userId ?? null,
      to: input.to,
      template: input.template,
      category,
      status: "queued",
      createdAt: now,
      updatedAt: now,
    }),
    ...write.statements,
  ];
  return { id, statements, write };
}

/**
 * Records the email as `queued` and its `email.send` message in one batch
 * (with `also`, the caller's own statements, e.g. the token the email carries;
 * they run first, as they may insert the row the log refers to: registration
 * inserts the user there), then enqueues it.
 */
export async function queueEmail(
  db: Db,
  env: Pick<Env, "EVENTS">,
  input: QueueEmailInput,
  also: BatchItem<"sqlite">[] = [],
): Promise<string> {
  const email = emailStatements(db, input);
  const [first, ...rest] = [...also, ...email.statements];
  if (first) await db.batch([first, ...rest]);
  await flushOutbox(env, db, email.write);
  return email.id;
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
