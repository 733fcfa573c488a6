/**
 * The EVENTS queue consumer: each message is validated against the union and
 * dispatched to its handler. Unknown or malformed messages are logged and
 * acknowledged (retrying cannot fix them); a handler error retries the message
 * with exponential backoff, and after `max_retries` it lands in `events-dlq`.
 */

import { createDb } from "../db/client";
import { type MessageOf, QueueMessage, type QueueMessageType } from "./messages";
import { markDelivered } from "./outbox";

export interface HandlerContext {
  env: Env;
  ctx: ExecutionContext;
  attempts: number;
}

/**
 * One handler per message type (listed in src/queue.ts). The mapped type makes a
 * missing handler a compile error when a message type is added to the union.
 */
export type Handlers = {
  [T in QueueMessageType]: (message: MessageOf<T>, hc: HandlerContext) => Promise<void>;
};

/** Records what happens to a message whose retries are spent (it is never retried from here). */
export type DeadLetterHandler = (env: Env, message: QueueMessage) => Promise<void>;

/** Keeps a trace of every message that reached the dead-letter queue (id and type, never the body). */
export type DeadLetterRecorder = (env: Env, letter: { messageId: string; type: string }) => Promise<void>;

/**
 * Told of each failing handler run (error tracking, wired in src/queue.ts), with
 * the message's type, event id and attempt — never its body. Must not throw.
 */
export type HandlerErrorReporter = (
  err: unknown,
  failed: { type: string; eventId: string; messageId: string; attempts: number },
  env: Env,
  ctx: ExecutionContext,
) => Promise<void>;

export interface QueueRoutes {
  handlers: Handlers;
  deadLetter: DeadLetterHandler;
  /** Optional so tests of the dispatch alone need no storage (wired in src/queue.ts). */
  recordDeadLetter?: DeadLetterRecorder;
  /** Optional, like `recordDeadLetter`. */
  reportError?: HandlerErrorReporter;
}

const MAX_BACKOFF_SECONDS = 15 * 60;

export function retryDelaySeconds(attempts: number): number {
  return Math.min(MAX_BACKOFF_SECONDS, 10 * 2 ** Math.max(0, attempts - 1));
}

export async function consumeBatch(
  batch: MessageBatch<unknown>,
  env: Env,
  ctx: ExecutionContext,
  routes: QueueRoutes,
): Promise<void> {
  // Ids of messages finished with (handled, or dead-lettered): their outbox rows are delivered.
  const finished: string[] = [];
  try {
    await consume(batch, env, ctx, routes, finished);
  } finally {
    await stampDelivered(env, finished);
  }
}

async function stampDelivered(env: Env, ids: string[]): Promise<void> {
  if (ids.length === 0) return;
  try {
    await markDelivered(createDb(env.DB), ids, Date.now());
  } catch (err) {
    // Not fatal: the sweep may send the message once more, which the handler absorbs.
    console.warn(JSON.stringify({ level: "warn", msg: "outbox delivered stamp failed", error: String(err) }));
  }
}

async function consume(
  batch: MessageBatch<unknown>,
  env: Env,
  ctx: ExecutionContext,
  { handlers, deadLetter, recordDeadLetter, reportError }: QueueRoutes,
  finished: string[],
): Promise<void> {
  if (batch.queue === "events-dlq") {
    for (const msg of batch.messages) {
      console.error(
        JSON.stringify({
          level: "error",
          msg: "dead-lettered message",
          message_id: msg.id,
          body_type: typeOf(msg.body),
        }),
      );
      const id = (msg.body as { id?: unknown } | null)?.id;
      if (recordDeadLetter) {
        // Before the outcome handler, so even a letter whose handler throws is counted.
        await recordDeadLetter(env, { messageId: typeof id === "string" ? id : msg.id, type: typeOf(msg.body) });
      }
      const dead = QueueMessage.safeParse(msg.body);
      if (dead.success) await deadLetter(env, dead.data);
      msg.ack();
      if (typeof id === "string") finished.push(id);
    }
    return;
  }
  for (const msg of batch.messages) {
    const parsed = QueueMessage.safeParse(msg.body);
    if (!parsed.success) {
      console.warn(
        JSON.stringify({
          level: "warn",
          msg: "unknown queue message acknowledged",
          message_id: msg.id,
          body_type: typeOf(msg.body),
        }),
      );
      msg.ack();
      continue;
    }
    const message = parsed.data;
    try {
      const handler = handlers[message.type] as (
        m: typeof message,
        hc: Parameters<Handlers[typeof message.type]>[1],
      ) => Promise<void>;
      await handler(message, { env, ctx, attempts: msg.attempts });
      msg.ack();
      finished.push(message.id);
    } catch (err) {
      console.error(
        JSON.stringify({
          level: "error",
          msg: "queue handler failed; will retry",
          message_id: msg.id,
          type: message.type,
          event_id: message.id,
          attempts: msg.attempts,
          error: err instanceof Error ? err.message : String(err),
        }),
      );
      msg.retry({ delaySeconds: retryDelaySeconds(msg.attempts) });
      if (reportError) {
        // Every failed attempt is reported (Sentry groups them; `attempts` tells a retry from a first failure).
        await reportError(
          err,
          { type: message.type, eventId: message.id, messageId: msg.id, attempts: msg.attempts },
          env,
          ctx,
        ).catch((e) => console.warn(JSON.stringify({ level: "warn", msg: "error report failed", error: String(e) })));
      }
    }
  }
}

function typeOf(body: unknown): string {
  return body && typeof body === "object" && "type" in body
    ? String((body as { type: unknown }).type).slice(0, 64)
    : typeof body;
}
