/** The moderation module's table: reports of jobs and reviews (the queue is worked through at /admin/reports). */
import { index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { users } from "./accounts";

/** Reports of jobs and reviews by users, worked through by admins at /admin/reports. */
export const reports = sqliteTable(
  "reports",
  {
    id: text().primaryKey(),
    targetType: text({ enum: ["job", "review", "message", "candidate_rating"] }).notNull(),
    targetId: text().notNull(),
    reporterId: text().references(() => users.id, { onDelete: "set null" }),
    reason: text().notNull(),
    status: text({ enum: ["open", "resolved"] })
      .notNull()
      .default("open"),
    resolution: text({ enum: ["hide", "dismiss"] }),
    resolutionNote: text(),
    resolvedBy: text().references(() => users.id, { onDelete: "set null" }),
    resolvedAt: integer(),
    createdAt: integer().notNull(),
  },
  (t) => [
    index("reports_status_created_idx").on(t.status, t.createdAt),
    index("reports_target_idx").on(t.targetType, t.targetId),
    // One open report per user per target; a second report from the same user is a no-op.
    uniqueIndex("reports_reporter_target_unique").on(t.reporterId, t.targetType, t.targetId),
  ],
);

export type ReportRow = typeof reports.$inferSelect;
