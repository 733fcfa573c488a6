/** The saved-jobs module's tables. */
import { index, integer, primaryKey, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { users } from "./accounts";
import { jobs } from "./jobs";

/** Bookmarks. PUT/DELETE are idempotent thanks to the primary key. */
export const savedJobs = sqliteTable(
  "saved_jobs",
  {
    userId: text()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    jobId: text()
      .notNull()
      .references(() => jobs.id, { onDelete: "cascade" }),
    createdAt: integer().notNull(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.jobId] }), index("saved_jobs_user_created_idx").on(t.userId, t.createdAt)],
);

export type SavedJobRow = typeof savedJobs.$inferSelect;
