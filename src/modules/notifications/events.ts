/**
 * The domain event `notify` fans out, as a zod schema so the queue message
 * `notification.dispatch` can carry it and the consumer validates it again.
 * This file must stay free of imports from the queue (it is imported by it).
 */
import { z } from "zod";
import { CHANNELS, NOTIFICATION_TYPES } from "./catalog";

/** App-relative paths only ("/applications/123"): emails turn them into PUBLIC_APP_URL links, and no producer can make us link off-site. */
export const AppPath = z
  .string()
  .max(2000)
  .regex(/^\/(?!\/)[^\s\\]*$/, "must be an app-relative path starting with a single '/'");

/**
 * Each recipient can cost a Durable Object RPC in the consumer (subrequests are
 * capped per invocation): larger audiences are split into several events.
 */
export const MAX_RECIPIENTS = 100;

/** Cuts `text` to at most `max` characters, ending with "…" when cut. */
export const clip =
  (max: number) =>
  (text: string): string =>
    text.length <= max ? text : `${text.slice(0, max - 1)}…`;

export const NotificationEvent = z.object({
  /** The domain event id: idempotency key per (event, recipient). */
  id: z.string().min(1).max(200),
  type: z.enum(NOTIFICATION_TYPES),
  /** User ids (≤ 100); duplicates are ignored, unknown or deleted users skipped. */
  recipients: z.array(z.string().min(1).max(100)).min(1).max(MAX_RECIPIENTS),
  /** Longer text (a long job title inside a sentence) is cut with an ellipsis rather than refused. */
  title: z.string().min(1).transform(clip(200)),
  body: z.string().transform(clip(2000)),
  data: z.record(z.string(), z.unknown()).default({}),
  action_url: AppPath.nullish(),
  /** Email template and extra data; the template defaults to the type's own. */
  email: z
    .object({
      template: z.string().min(1).max(100),
      data: z.record(z.string(), z.unknown()).default({}),
      /**
       * A more specific one-click unsubscribe link than the per-type one (e.g. a
       * job alert's own): used for the List-Unsubscribe header and the footer.
       */
      unsubscribe_url: z.string().url().max(2000).optional(),
    })
    .optional(),
  /**
   * Restricts the channels a producer wants (e.g. a job alert set to in-app
   * only). Preferences can still turn a channel off; security types ignore them.
   */
  channels: z.array(z.enum(CHANNELS)).min(1).optional(),
});

/** What `notify` accepts (defaults applied) and what producers pass (defaults optional). */
export type NotificationEvent = z.infer<typeof NotificationEvent>;
export type NotificationEventInput = z.input<typeof NotificationEvent>;
