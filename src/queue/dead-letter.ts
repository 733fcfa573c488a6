/**
 * What happens to a message whose retries are spent. Only records the outcome
 * (nothing is retried from here): an email's log row becomes `failed`.
 */
import { createDb } from "../db/client";
import { markEmailDeadLettered } from "../email/log";
import { QueueMessage } from "./messages";

export async function onDeadLetter(env: Env, body: unknown): Promise<void> {
  const parsed = QueueMessage.safeParse(body);
  if (!parsed.success) return;
  const message = parsed.data;
  if (message.type === "email.send") {
    await markEmailDeadLettered(createDb(env.DB), message.email_id ?? message.id);
  }
}
