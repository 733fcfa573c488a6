import { index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { users } from "./users";

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
    index("notifications_user_idx").on(t.userId, t.createdAt),
    index("notifications_user_unread_idx").on(t.userId, t.readAt),
    uniqueIndex("notifications_event_user_unique").on(t.eventId, t.userId),
  ],
);

export type NotificationRow = typeof notifications.$inferSelect;
