/**
 * The notification types, their defaults per channel, and which ones are
 * security notices (always delivered on every channel, cannot be switched off).
 * Adding a type: add it here and an email template in src/modules/notifications/email-templates.ts.
 */
export const NOTIFICATION_TYPES = [
  "application_received",
  "application_status_changed",
  "interview_scheduled",
  "job_alert",
  "job_moderated",
  "review_response",
  "new_message",
  "new_device_login",
  "password_changed",
  "webhook_endpoint_disabled",
] as const;

export type NotificationType = (typeof NOTIFICATION_TYPES)[number];

export const CHANNELS = ["in_app", "email"] as const;
export type Channel = (typeof CHANNELS)[number];

export interface TypeInfo {
  description: string;
  /** Security notices ignore preferences: a user must learn about a takeover attempt. */
  security: boolean;
  defaults: Record<Channel, boolean>;
}

export const TYPE_INFO: Record<NotificationType, TypeInfo> = {
  application_received: {
    description: "A candidate applied to one of your company's jobs.",
    security: false,
    defaults: { in_app: true, email: true },
  },
  application_status_changed: {
    description: "The status of one of your applications changed.",
    security: false,
    defaults: { in_app: true, email: true },
  },
  interview_scheduled: {
    description: "An interview was scheduled for one of your applications.",
    security: false,
    defaults: { in_app: true, email: true },
  },
  job_alert: {
    description: "New jobs match one of your saved searches.",
    security: false,
    defaults: { in_app: true, email: true },
  },
  job_moderated: {
    description: "A moderator approved or rejected one of your job posts.",
    security: false,
    defaults: { in_app: true, email: true },
  },
  review_response: {
    // A public reply is worth seeing in the app but rarely worth an email by default.
    description: "A company replied to your review.",
    security: false,
    defaults: { in_app: true, email: false },
  },
  new_message: {
    // Sent by the messages module's offline email only (in-app, the thread's unread count says it).
    description: "Unread messages in one of your application threads, when you were away.",
    security: false,
    defaults: { in_app: false, email: true },
  },
  new_device_login: {
    description: "Your account was signed in from a new device.",
    security: true,
    defaults: { in_app: true, email: true },
  },
  password_changed: {
    description: "Your password was changed.",
    security: true,
    defaults: { in_app: true, email: true },
  },
  webhook_endpoint_disabled: {
    description: "A webhook endpoint you manage kept failing and was disabled.",
    security: false,
    defaults: { in_app: true, email: true },
  },
};

export function isSecurityType(type: string): boolean {
  return (TYPE_INFO as Record<string, TypeInfo | undefined>)[type]?.security === true;
}
