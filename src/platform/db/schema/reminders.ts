/** The reminders module's tables. */
import { index, integer, primaryKey, sqliteTable, text } from "drizzle-orm/sqlite-core";

/**
 * Claims of scheduled reminders (interview, application deadline, stale
 * draft): one row per (kind, subject, user), inserted before the reminder is
 * enqueued, so a rerun of a cron tick finds the claim and sends nothing twice.
 * `subject_id` carries the time it is about (e.g. `interviewId@startsAt`), so a
 * rescheduled interview or moved deadline gets a fresh reminder.
 */
export const reminderDeliveries = sqliteTable(
  "reminder_deliveries",
  {
    kind: text().notNull(),
    subjectId: text().notNull(),
    userId: text().notNull(),
    createdAt: integer().notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.kind, t.subjectId, t.userId] }),
    index("reminder_deliveries_user_idx").on(t.userId),
    index("reminder_deliveries_created_idx").on(t.createdAt),
  ],
);
