/** The webhooks module's face: what other modules and the composition roots may use. */
export { deliverWebhook, sweepLostWebhookAttempts } from "./deliver";
export { fanOut, publishFromMessage, WEBHOOK_EVENT_TYPES, type WebhookEvent, type WebhookEventType } from "./events";
export { pruneWebhookDeliveriesTask, webhookRetrySweepTask } from "./tasks";
