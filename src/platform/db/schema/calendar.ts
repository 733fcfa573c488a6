/** The calendar module's tables. */
import { integer, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { users } from "./accounts";

/**
 * A user's private calendar feed. The feed URL carries a token signed over
 * `key_id`; rotating writes a new key (old URLs stop verifying), revoking deletes the row.
 */
export const calendarFeeds = sqliteTable("calendar_feeds", {
  userId: text()
    .primaryKey()
    .references(() => users.id, { onDelete: "cascade" }),
  keyId: text().notNull(),
  createdAt: integer().notNull(),
});

export type CalendarFeedRow = typeof calendarFeeds.$inferSelect;
