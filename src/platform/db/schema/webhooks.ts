import { index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { users } from "./accounts";
import { companies } from "./companies";

export const WEBHOOK_ENDPOINT_STATUSES = ["enabled", "disabled"] as const;
export const WEBHOOK_DELIVERY_STATUSES = ["pending", "delivered", "failed"] as const;
export const WEBHOOK_ATTEMPT_TRIGGERS = ["automatic", "manual"] as const;
/** `sent`: an HTTP answer came back (see response_status); the others never got one. */
export const WEBHOOK_REQUEST_STATUSES = ["sent", "network_error", "timeout", "refused"] as const;

/**
 * A receiver of webhooks: a company's (company owners manage it) or, with no
 * company, platform-wide (admins). Secrets are AES-GCM encrypted with
 * ENCRYPTION_KEY; after a rotation the previous secret still signs until
 * `previous_secret_expires_at`. `failing_since` is the first failed attempt
 * since the last success (null while healthy).
 */
export const webhookEndpoints = sqliteTable(
  "webhook_endpoints",
  {
    id: text().primaryKey(),
    companyId: text().references(() => companies.id, { onDelete: "cascade" }),
    createdBy: text().references(() => users.id, { onDelete: "set null" }),
    url: text().notNull(),
    description: text(),
    eventTypes: text({ mode: "json" }).$type<string[]>().notNull(),
    secretEnc: text().notNull(),
    previousSecretEnc: text(),
    previousSecretExpiresAt: integer(),
    status: text({ enum: WEBHOOK_ENDPOINT_STATUSES }).notNull().default("enabled"),
    disabledReason: text(),
    failingSince: integer(),
    createdAt: integer().notNull(),
    updatedAt: integer().notNull(),
  },
  (t) => [
    index("webhook_endpoints_company_idx").on(t.companyId, t.createdAt, t.id),
    index("webhook_endpoints_created_idx").on(t.createdAt, t.id),
    index("webhook_endpoints_creator_idx").on(t.createdBy),
  ],
);

/** One event for one endpoint; its id is the `webhook-id` (the same on every attempt and redelivery). */
export const webhookDeliveries = sqliteTable(
  "webhook_deliveries",
  {
    id: text().primaryKey(),
    endpointId: text()
      .notNull()
      .references(() => webhookEndpoints.id, { onDelete: "cascade" }),
    eventId: text().notNull(),
    eventType: text().notNull(),
    /** The exact JSON body sent (snapshot at the event), so a redelivery sends the same bytes. */
    payload: text().notNull(),
    status: text({ enum: WEBHOOK_DELIVERY_STATUSES }).notNull().default("pending"),
    attempts: integer().notNull().default(0),
    nextAttemptAt: integer(),
    lastAttemptAt: integer(),
    createdAt: integer().notNull(),
  },
  (t) => [
    uniqueIndex("webhook_deliveries_event_idx").on(t.endpointId, t.eventId),
    index("webhook_deliveries_endpoint_idx").on(t.endpointId, t.createdAt, t.id),
    index("webhook_deliveries_created_idx").on(t.createdAt),
    index("webhook_deliveries_due_idx").on(t.status, t.nextAttemptAt),
  ],
);

export const webhookAttempts = sqliteTable(
  "webhook_attempts",
  {
    id: text().primaryKey(),
    deliveryId: text()
      .notNull()
      .references(() => webhookDeliveries.id, { onDelete: "cascade" }),
    attempt: integer().notNull(),
    trigger: text({ enum: WEBHOOK_ATTEMPT_TRIGGERS }).notNull(),
    requestStatus: text({ enum: WEBHOOK_REQUEST_STATUSES }).notNull(),
    responseStatus: integer(),
    durationMs: integer().notNull(),
    error: text(),
    createdAt: integer().notNull(),
  },
  (t) => [index("webhook_attempts_delivery_idx").on(t.deliveryId, t.createdAt)],
);

export type WebhookEndpointRow = typeof webhookEndpoints.$inferSelect;
export type WebhookDeliveryRow = typeof webhookDeliveries.$inferSelect;
export type WebhookAttemptRow = typeof webhookAttempts.$inferSelect;
