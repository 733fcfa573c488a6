/**
 * What producers (applications, moderation, reviews, auth) call from a request:
 * the event is an outbox row (src/platform/queue/outbox.ts) written in the same D1 batch
 * as the change it announces, and `notify` runs in the consumer, so the request
 * neither waits for nor fails because of the fan-out, and a process stopping
 * after the commit loses nothing (the sweep sends it). The consumer dedupes per
 * (event id, user), so the fast path and the sweep both delivering is harmless.
 */
import type { BatchItem } from "drizzle-orm/batch";
import type { Db } from "../../platform/db/client";
import type { NewMessage } from "../../platform/queue/messages";
import { commitWithOutbox } from "../../platform/queue/outbox";
import { NotificationEvent, type NotificationEventInput } from "./events";

/** The `notification.dispatch` message of `event` (validated now), for a caller's own outbox write. */
export function notificationMessage(event: NotificationEventInput): NewMessage {
  return { type: "notification.dispatch", event: NotificationEvent.parse(event) };
}

/**
 * Commits `changes` (the write the event announces) with the event's outbox row
 * in one batch, then enqueues it. Returns the batch results of `changes`.
 */
export async function dispatchNotification(
  db: Db,
  env: Pick<Env, "EVENTS">,
  event: NotificationEventInput,
  changes: BatchItem<"sqlite">[] = [],
): Promise<unknown[]> {
  return commitWithOutbox(db, env, changes, [notificationMessage(event)]);
}
