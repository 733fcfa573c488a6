import { newId } from "../../lib/ids";
import { type NewMessage, QueueMessage } from "./messages";

/** Validates messages and fills in `id` and `created_at` (a malformed message fails here, in the producer). */
export function toQueueMessages(messages: NewMessage[], now = Date.now()): QueueMessage[] {
  return messages.map((m) => QueueMessage.parse({ ...m, id: m.id ?? newId(now), created_at: now }));
}

/** Sends already-built messages on the EVENTS queue (sendBatch takes at most 100). */
export async function sendQueueMessages(env: Pick<Env, "EVENTS">, bodies: QueueMessage[]): Promise<void> {
  if (bodies.length === 0) return;
  if (bodies.length === 1) {
    await env.EVENTS.send(bodies[0], { contentType: "json" });
    return;
  }
  for (let i = 0; i < bodies.length; i += 100) {
    await env.EVENTS.sendBatch(bodies.slice(i, i + 100).map((body) => ({ body, contentType: "json" as const })));
  }
}

/**
 * Validates and sends one or more messages on the EVENTS queue (one call for many).
 * Request code and cron tasks never call this for a message that announces a D1
 * write: they use the outbox (./outbox.ts), so a process stopping between the write
 * and the send cannot lose it. The only direct callers are queue handlers (a failure
 * or crash there retries the whole incoming message, whose derived ids make the
 * repeat harmless) and `recordView` in jobs/discovery.ts (the message is the write: nothing precedes it).
 */
export async function enqueue(env: Pick<Env, "EVENTS">, ...messages: NewMessage[]): Promise<void> {
  await sendQueueMessages(env, toQueueMessages(messages));
}

/**
 * Sends one message that the queue holds back for `delaySeconds` (at most 12 h,
 * the Queues limit): a handler scheduling its own later retry (webhook
 * deliveries back off for up to a day, longer than the consumer's retries).
 */
export async function enqueueDelayed(
  env: Pick<Env, "EVENTS">,
  delaySeconds: number,
  message: NewMessage,
): Promise<void> {
  const [body] = toQueueMessages([message]);
  if (!body) return;
  await env.EVENTS.send(body, {
    contentType: "json",
    delaySeconds: Math.min(43_200, Math.max(0, Math.round(delaySeconds))),
  });
}
