/**
 * Every message on the EVENTS queue, as one zod discriminated union on `type`.
 * Producers call `enqueue()` so a malformed message can never be sent; the
 * consumer validates again because a queue is a trust boundary across deploys.
 */
import { z } from "zod";

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
});

export const UserRegisteredMessage = z.object({
  ...base,
  type: z.literal("user.registered"),
  user_id: z.string(),
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

export const QueueMessage = z.discriminatedUnion("type", [
  EmailSendMessage,
  UserRegisteredMessage,
  JobModeratedMessage,
  JobViewedMessage,
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
