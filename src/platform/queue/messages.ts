/**
 * Every message on the EVENTS queue, as one zod discriminated union on `type`.
 * Producers call `enqueue()` so a malformed message can never be sent; the
 * consumer validates again because a queue is a trust boundary across deploys.
 */
import { z } from "zod";
import { APPLICATION_STATUSES } from "../db/schema/applications";

const base = {
  /** Unique per event; handlers use it as an idempotency key. */
  id: z.string().min(1),
  created_at: z.number().int(),
};

export const EmailSendMessage = z.object({
  ...base,
  type: z.literal("email.send"),
  to: z.string().email(),
  template: z.string().min(1),
  data: z.record(z.string(), z.unknown()).default({}),
  /** The email log row (accounts issue) this message delivers. */
  email_id: z.string().optional(),
  /** The recipient's account, when there is one (email log, GDPR erasure). */
  user_id: z.string().optional(),
  /** Overrides the generic per-category List-Unsubscribe link (e.g. an alert's own). */
  unsubscribe_url: z.string().url().optional(),
});

export const UserRegisteredMessage = z.object({
  ...base,
  type: z.literal("user.registered"),
  user_id: z.string(),
});

/**
 * Fan-out of a domain event to in-app, email and realtime. The event's shape is the
 * notifications module's (`NotificationEvent`, checked by its producers and again by
 * its handler); the queue only carries it.
 */
export const NotificationDispatchMessage = z.object({
  ...base,
  type: z.literal("notification.dispatch"),
  event: z.record(z.string(), z.unknown()),
});

const applicationStatus = z.enum(APPLICATION_STATUSES);

/** A seeker applied (not sent for external `apply_url` jobs). */
export const ApplicationSubmittedMessage = z.object({
  ...base,
  type: z.literal("application.submitted"),
  application_id: z.string(),
});

/** The company (or an admin, or interview scheduling) moved an application. */
export const ApplicationStatusChangedMessage = z.object({
  ...base,
  type: z.literal("application.status_changed"),
  application_id: z.string(),
  from_status: applicationStatus,
  to_status: applicationStatus,
  actor_role: z.enum(["applicant", "company", "admin", "system"]),
});

export const ApplicationWithdrawnMessage = z.object({
  ...base,
  type: z.literal("application.withdrawn"),
  application_id: z.string(),
  from_status: applicationStatus,
});

export const InterviewScheduledMessage = z.object({
  ...base,
  type: z.literal("interview.scheduled"),
  interview_id: z.string(),
});

export const InterviewUpdatedMessage = z.object({
  ...base,
  type: z.literal("interview.updated"),
  interview_id: z.string(),
  change: z.enum(["rescheduled", "cancelled", "details"]),
});

export const InterviewRespondedMessage = z.object({
  ...base,
  type: z.literal("interview.responded"),
  interview_id: z.string(),
  response: z.enum(["accepted", "declined"]),
});

/** R2 objects to delete (account erasure); deleting a missing key is a no-op, so redelivery is safe. */
export const FilesDeleteMessage = z.object({
  ...base,
  type: z.literal("files.delete"),
  keys: z.array(z.string().min(1)).min(1).max(1000),
  reason: z.string().optional(),
});

/** Extract text and skills from an uploaded resume (profiles issue). */
export const ResumeParseMessage = z.object({
  ...base,
  type: z.literal("resume.parse"),
  resume_id: z.string(),
});

/** A stored file lost its owning row; delete it from R2 if nothing else references it. */
export const FileOrphanedMessage = z.object({
  ...base,
  type: z.literal("file.orphaned"),
  key: z.string().min(1).max(512),
});

/** An admin approved or rejected a job in the moderation queue; the employer is emailed. */
export const JobModeratedMessage = z.object({
  ...base,
  type: z.literal("job.moderated"),
  job_id: z.string(),
  decision: z.enum(["approved", "rejected"]),
  reason: z.string().nullable(),
});

/** A job detail view; the consumer dedupes per (job, UTC day, viewer) and counts it. */
export const JobViewedMessage = z.object({
  ...base,
  type: z.literal("job.viewed"),
  job_id: z.string(),
  /** Salted hash of the viewer (user id, or IP + user agent); never the raw values. */
  viewer: z.string().min(8).max(128),
  /** UTC day number (epoch ms / 86 400 000). */
  day: z.number().int(),
});

/** A job went live (publish, admin approval, scheduled publishing); instant job alerts are matched against it. */
export const JobPublishedMessage = z.object({
  ...base,
  type: z.literal("job.published"),
  job_id: z.string(),
  /** A continuation: only alerts with a greater id are left (bounded work per message). */
  after_alert_id: z.string().optional(),
});

/** A job stopped taking applications: closed by its company, or past its application deadline (cron). */
export const JobClosedMessage = z.object({
  ...base,
  type: z.literal("job.closed"),
  job_id: z.string(),
  reason: z.enum(["closed", "deadline"]),
});

/** A published job passed its `expires_at` (cron). */
export const JobExpiredMessage = z.object({
  ...base,
  type: z.literal("job.expired"),
  job_id: z.string(),
});

/** A seeker published a review of a company. */
export const ReviewPostedMessage = z.object({
  ...base,
  type: z.literal("review.posted"),
  review_id: z.string(),
});

/** An admin verified a company (not sent when verification is withdrawn). */
export const CompanyVerifiedMessage = z.object({
  ...base,
  type: z.literal("company.verified"),
  company_id: z.string(),
});

/**
 * One attempt at one webhook delivery (src/modules/webhooks). `attempt` is the
 * number of attempts already made when it was sent: a duplicate of an earlier
 * try claims nothing. A manual redelivery (`manual`) always sends once more.
 */
export const WebhookDeliverMessage = z.object({
  ...base,
  type: z.literal("webhook.deliver"),
  delivery_id: z.string().min(1),
  attempt: z.number().int().min(0),
  manual: z.boolean().optional(),
});

/**
 * One step of one run of one job ingestion source (src/modules/ingestion): the run
 * row exists; the handler claims it at `step` (absent: 0, the first), fetches and
 * writes one bounded chunk, then queues step + 1 or finishes the run. Redelivery is
 * harmless: a message for a step the run is past is skipped, and the write batches
 * are fenced on the run's position.
 */
export const IngestionFetchMessage = z.object({
  ...base,
  type: z.literal("ingestion.fetch"),
  run_id: z.string().min(1).max(100),
  source_id: z.string().min(1).max(100),
  step: z.number().int().min(0).max(100_000).optional(),
});

export const QueueMessage = z.discriminatedUnion("type", [
  EmailSendMessage,
  UserRegisteredMessage,
  NotificationDispatchMessage,
  ApplicationSubmittedMessage,
  ApplicationStatusChangedMessage,
  ApplicationWithdrawnMessage,
  InterviewScheduledMessage,
  InterviewUpdatedMessage,
  InterviewRespondedMessage,
  FilesDeleteMessage,
  ResumeParseMessage,
  FileOrphanedMessage,
  JobModeratedMessage,
  JobViewedMessage,
  JobPublishedMessage,
  WebhookDeliverMessage,
  JobClosedMessage,
  JobExpiredMessage,
  ReviewPostedMessage,
  CompanyVerifiedMessage,
  IngestionFetchMessage,
]);

export type QueueMessage = z.infer<typeof QueueMessage>;
export type QueueMessageType = QueueMessage["type"];
export type MessageOf<T extends QueueMessageType> = Extract<QueueMessage, { type: T }>;
/** What producers pass: `id` and `created_at` are filled in by `enqueue`. */
export type NewMessage = QueueMessage extends infer M
  ? M extends QueueMessage
    ? Omit<M, "id" | "created_at"> & { id?: string }
    : never
  : never;
