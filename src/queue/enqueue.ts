import { newId } from "../lib/ids";
import { type NewMessage, QueueMessage } from "./messages";

/** Validates and sends one or more messages on the EVENTS queue (one call for many). */
export async function enqueue(env: Pick<Env, "EVENTS">, ...messages: NewMessage[]): Promise<void> {
  if (messages.length === 0) return;
  const now = Date.now();
  const bodies = messages.map((m) => QueueMessage.parse({ ...m, id: m.id ?? newId(now), created_at: now }));
  if (bodies.length === 1) {
    await env.EVENTS.send(bodies[0], { contentType: "json" });
  } else {
    // sendBatch accepts at most 100 messages.
    for (let i = 0; i < bodies.length; i += 100) {
      await env.EVENTS.sendBatch(bodies.slice(i, i + 100).map((body) => ({ body, contentType: "json" as const })));
    }
  }
}
