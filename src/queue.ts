/**
 * Composition root of the EVENTS queue: the handler of every message type and
 * what happens to a message whose retries are spent. The mapped `Handlers` type
 * makes a missing handler a compile error when a message type is added.
 */
import { reportBackgroundError } from "./http/error-tracking";
import { handleJobPublished } from "./modules/alerts";
import {
  onApplicationSubmitted,
  onInterviewResponded,
  onInterviewScheduled,
  onInterviewUpdated,
  onStatusChanged,
  onWithdrawn,
} from "./modules/applications";
import { deleteFiles, handleFileOrphaned } from "./modules/files";
import { failRun, runIngestion } from "./modules/ingestion";
import { handleJobModerated, handleJobViewed, indexPublishedJob } from "./modules/jobs";
import { onNotificationDispatch } from "./modules/notifications";
import { recordDeadLetter } from "./modules/operations";
import { failParse, GAVE_UP_REASON, parseResume } from "./modules/resumes";
import { deliverWebhook, publishFromMessage } from "./modules/webhooks";
import { createDb } from "./platform/db/client";
import { markEmailDeadLettered } from "./platform/email/log";
import { sendEmailMessage } from "./platform/email/send";
import {
  consumeBatch as consume,
  type DeadLetterHandler,
  type HandlerErrorReporter,
  type Handlers,
} from "./platform/queue/consumer";

export type { HandlerContext, Handlers } from "./platform/queue/consumer";

export const handlers: Handlers = {
  "email.send": (message, hc) => sendEmailMessage(hc.env, message),
  "user.registered": async () => {
    // Hook for welcome flows; verification mail is its own email.send message.
  },
  "notification.dispatch": (message, hc) => onNotificationDispatch(hc.env, message.event),
  // Domain events also fan out to webhook endpoints (idempotent per event and endpoint).
  "application.submitted": async (message, hc) => {
    await onApplicationSubmitted(hc.env, message);
    await publishFromMessage(hc.env, message);
  },
  "application.status_changed": async (message, hc) => {
    await onStatusChanged(hc.env, message);
    await publishFromMessage(hc.env, message);
  },
  "application.withdrawn": async (message, hc) => {
    await onWithdrawn(hc.env, message);
    await publishFromMessage(hc.env, message);
  },
  "interview.scheduled": async (message, hc) => {
    await onInterviewScheduled(hc.env, message);
    await publishFromMessage(hc.env, message);
  },
  "interview.updated": async (message, hc) => {
    await onInterviewUpdated(hc.env, message);
    await publishFromMessage(hc.env, message);
  },
  "interview.responded": (message, hc) => onInterviewResponded(hc.env, message),
  "files.delete": (message, hc) => deleteFiles(hc.env, message.keys),
  "resume.parse": async (message, hc) => {
    await parseResume(createDb(hc.env.DB), hc.env.FILES, message.resume_id);
  },
  "file.orphaned": async (message, hc) => {
    await handleFileOrphaned(createDb(hc.env.DB), hc.env.FILES, message.key);
  },
  "job.moderated": (message, hc) => handleJobModerated(hc.env, message),
  "job.viewed": (message, hc) => handleJobViewed(hc.env, message),
  "job.published": async (message, hc) => {
    await handleJobPublished(hc.env, message);
    await publishFromMessage(hc.env, message);
    // Semantic index (Workers AI + Vectorize): a no-op unless both bindings are configured.
    await indexPublishedJob(hc.env, message);
  },
  "webhook.deliver": (message, hc) => deliverWebhook(hc.env, message),
  // Announced only to webhook endpoints (no other consumer yet).
  "job.closed": (message, hc) => publishFromMessage(hc.env, message),
  "job.expired": (message, hc) => publishFromMessage(hc.env, message),
  "review.posted": (message, hc) => publishFromMessage(hc.env, message),
  "company.verified": (message, hc) => publishFromMessage(hc.env, message),
  // A transient source failure throws: retried with backoff, then dead-lettered (below).
  "ingestion.fetch": async (message, hc) => {
    await runIngestion(hc.env, message);
  },
};

/**
 * Retries spent: only the outcome is recorded, so nothing waits forever. An email's
 * log row becomes `failed`; a resume still `pending` becomes `failed` (e.g. a file that
 * kept exhausting the Worker's memory); an ingestion run still running becomes `failed`.
 */
export const deadLetter: DeadLetterHandler = async (env, message) => {
  if (message.type === "email.send") {
    await markEmailDeadLettered(createDb(env.DB), message.email_id ?? message.id);
  } else if (message.type === "resume.parse") {
    await failParse(createDb(env.DB), message.resume_id, GAVE_UP_REASON);
  } else if (message.type === "ingestion.fetch") {
    await failRun(createDb(env.DB), message.run_id, "gave up after the queue's retries (the source kept failing)");
  }
};

/** A failing handler goes to Sentry when `SENTRY_DSN` is set: type, ids and attempt, never the message body. */
export const reportHandlerError: HandlerErrorReporter = (err, failed, env, ctx) =>
  reportBackgroundError(err, env, ctx, {
    kind: "queue",
    message_type: failed.type,
    event_id: failed.eventId,
    message_id: failed.messageId,
    attempts: String(failed.attempts),
  });

/** The Worker's `queue` entry; tests pass their own `handlers` to exercise retries. */
export function consumeBatch(
  batch: MessageBatch<unknown>,
  env: Env,
  ctx: ExecutionContext,
  table: Handlers = handlers,
): Promise<void> {
  return consume(batch, env, ctx, { handlers: table, deadLetter, recordDeadLetter, reportError: reportHandlerError });
}
