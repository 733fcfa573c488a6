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

export const QueueMessage = z.discriminatedUnion("type", [
  EmailSendMessage,
  UserRegisteredMessage,
  ResumeParseMessage,
  FileOrphanedMessage,
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
