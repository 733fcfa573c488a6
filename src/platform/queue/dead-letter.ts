/**
 * What happens to a message whose retries are spent. Only records the outcome
 * (nothing is retried from here): an email's log row becomes `failed`, a
 * resume still `pending` becomes `failed` (e.g. a file that kept exhausting
 * the Worker's memory), so neither waits forever.
 */

import { failParse, GAVE_UP_REASON } from "../../modules/resumes/parse";
import { createDb } from "../db/client";
import { markEmailDeadLettered } from "../email/log";
import { QueueMessage } from "./messages";

export async function onDeadLetter(env: Env, body: unknown): Promise<void> {
  const parsed = QueueMessage.safeParse(body);
  if (!parsed.success) return;
  const message = parsed.data;
  if (message.type === "email.send") {
    await markEmailDeadLettered(createDb(env.DB), message.email_id ?? message.id);
  } else if (message.type === "resume.parse") {
    await failParse(createDb(env.DB), message.resume_id, GAVE_UP_REASON);
  }
}
