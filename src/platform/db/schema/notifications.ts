import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { users } from "./accounts";

/**
 * In-app notifications. `event_id` makes fan-out idempotent: a redelivered
 * queue message cannot create the same notification twice.
 */
export const notifications = sqliteTable(
  "notifications",
  {
    id: text().primaryKey(),
    userId: text()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    type: text().notNull(),
    title: text().notNull(),
    body: text().notNull(),
    data: text({ mode: "json" }).$type<Record<string, unknown>>().notNull().default({}),
    actionUrl: text(),
    eventId: text(),
    readAt: integer(),
    createdAt: integer().notNull(),
  },
  (t) => [
    // The list (newest first, keyset cursor on created_at + id).
    index("notifications_user_idx").on(t.userId, t.createdAt, t.id),
    // `?unread=true` and unread_count: read_at IS NULL within one user.
    index("notifications_user_unread_idx").on(t.userId, t.readAt, t.createdAt, t.id),
    // Retention: the daily prune walks read notifications by age across all users.
    index("notifications_read_at_idx").on(t.readAt),
    index("notifications_created_idx").on(t.createdAt),
    uniqueIndex("notifications_event_user_unique").on(t.eventId, t.userId),
  ],
);

/**
 * Per-user overrides of the notification defaults, one row per type. Absent
 * rows (and null columns) mean "use the type's default", so adding a type or
 * changing a default needs no backfill.
 */
export const notificationPreferences = sqliteTable(
  "notification_preferences",
  {
    userId: text()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    type: text().notNull(),
    inApp: integer({ mode: "boolean" }),
    email: integer({ mode: "boolean" }),
    updatedAt: integer().notNull(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.type] })],
);

/**
 * Claims of side effects that have no row of their own (the email of an event
 * to a user). Inserted before the effect with ON CONFLICT DO NOTHING, so a
 * redelivered queue message finds the claim and sends nothing twice.
 */
export const notificationDeliveries = sqliteTable(
  "notification_deliveries",
  {
    eventId: text().notNull(),
    userId: text().notNull(),
    channel: text({ enum: ["email"] }).notNull(),
    createdAt: integer().notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.eventId, t.userId, t.channel] }),
    index("notification_deliveries_created_idx").on(t.createdAt),
  ],
);

export type NotificationRow = typeof notifications.$inferSelect;

export type NotificationPreferenceRow = typeof notificationPreferences.$inferSelect;
