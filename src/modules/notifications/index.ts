/** The notifications module's face: what other modules and the composition roots may use. */

export { isSecurityType, NOTIFICATION_TYPES, type NotificationType, TYPE_INFO } from "./catalog";
export { dispatchNotification, notificationMessage } from "./dispatch";
export { clip, MAX_RECIPIENTS, NotificationEvent, type NotificationEventInput } from "./events";
export { notificationsGdpr } from "./gdpr";
export { type NotifyEnv, notify, onNotificationDispatch } from "./notify";
export { disableEmail, getPreference } from "./preferences";
export { pruneNotifications, pruneRealtimeTickets } from "./tasks";
