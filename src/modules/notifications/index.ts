/** The notifications module's face: what other modules and the composition roots may use. */
export { dispatchNotification, notificationMessage } from "./dispatch";
export { clip, MAX_RECIPIENTS, NotificationEvent, type NotificationEventInput } from "./events";
export { notificationsGdpr } from "./gdpr";
export { type NotifyEnv, notify, onNotificationDispatch } from "./notify";
export { notificationsRouter } from "./routes";
export { pruneNotifications, pruneRealtimeTickets } from "./tasks";
