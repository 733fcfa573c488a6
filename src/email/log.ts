/**
 * The email log: producers record a `queued` row and enqueue `email.send`
 * carrying its id; the consumer claims the row, sends, and records the outcome.
 */
import { and, eq, inArray } from "drizzle-orm";
import type { Db } from "../db/client";
import { emailLog } from "../db/schema";
import { newId } from "../lib/ids";
import { enqueue } from "../queue/enqueue";
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
 * Records the email as `queued` and puts an `email.send` message on the queue.
 * Rendering once here fails fast on an unknown template and fixes the category.
 */
export async function queueEmail(db: Db, env: Pick<Env, "EVENTS">, input: QueueEmailInput): Promise<string> {
  const data = input.data ?? {};
  const { category } = renderTemplate(input.template, data);
  const now = Date.now();
  const id = newId(now);
  await db.insert(emailLog).values({
    id,
    userId: input.userId ?? null,
    to: input.to,
    template: input.template,
    category,
    status: "queued",
    createdAt: now,
    updatedAt: now,
  });
  await enqueue(env, {
    type: "email.send",
    to: input.to,
    template: input.template,
    data,
    email_id: id,
    ...(input.userId ? { user_id: input.userId } : {}),
    ...(input.unsubscribeUrl ? { unsubscribe_url: input.unsubscribeUrl } : {}),
  });
  return id;
}

/** Called for dead-lettered `email.send` messages: the retries are spent. */
export async function markEmailDeadLettered(db: Db, emailId: string, now = Date.now()): Promise<void> {
  await db
    .update(emailLog)
    .set({ status: "failed", updatedAt: now })
    .where(and(eq(emailLog.id, emailId), inArray(emailLog.status, ["queued", "sending"])));
}
