import { index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { users } from "./accounts";
import type { EXPERIENCE_LEVELS, JOB_TYPES } from "./jobs";

export const ALERT_FREQUENCIES = ["instant", "daily", "weekly"] as const;

export type AlertFrequency = (typeof ALERT_FREQUENCIES)[number];

export const ALERT_CHANNELS = ["email", "in_app"] as const;

export type AlertChannel = (typeof ALERT_CHANNELS)[number];

/** The saved search, as the client sent it (normalised); it is turned into GET /jobs parameters to match. */
export interface AlertQuery {
  q?: string;
  category?: string;
  location?: string;
  remote?: boolean;
  job_type?: (typeof JOB_TYPES)[number][];
  experience_level?: (typeof EXPERIENCE_LEVELS)[number][];
  salary_min?: number;
  skills?: string[];
}

/**
 * Job alerts (saved searches). Besides the query JSON, a few criteria are
 * copied into plain columns so "which instant alerts could match this newly
 * published job" is an indexed prefilter; the real test is always the shared
 * search matcher. `last_period` is the digest period (daily/weekly key) last
 * claimed, `last_run_at` the end of the last window whose jobs were delivered.
 */
export const jobAlerts = sqliteTable(
  "job_alerts",
  {
    id: text().primaryKey(),
    userId: text()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    name: text().notNull(),
    query: text({ mode: "json" }).$type<AlertQuery>().notNull(),
    frequency: text({ enum: ALERT_FREQUENCIES }).notNull(),
    channels: text({ mode: "json" }).$type<AlertChannel[]>().notNull(),
    active: integer({ mode: "boolean" }).notNull().default(true),
    /** Why an alert stopped: "unsubscribed", "account_inactive" or "user" (PATCH active=false). */
    pausedReason: text(),
    /** Prefilter columns (instant matching): the category id the query names, remote, job-type bit mask. */
    categoryId: text(),
    remote: integer({ mode: "boolean" }),
    jobTypeMask: integer().notNull().default(0),
    salaryMin: integer(),
    lastPeriod: text().notNull().default(""),
    lastRunAt: integer().notNull(),
    lastSentAt: integer(),
    createdAt: integer().notNull(),
    updatedAt: integer().notNull(),
  },
  (t) => [
    index("job_alerts_user_idx").on(t.userId, t.createdAt, t.id),
    index("job_alerts_instant_idx").on(t.frequency, t.active, t.categoryId, t.id),
    index("job_alerts_digest_idx").on(t.frequency, t.active, t.lastPeriod, t.id),
    // Resuming alerts paused with a suspended account once it is active again.
    index("job_alerts_paused_idx").on(t.pausedReason, t.userId),
  ],
);

export type JobAlertRow = typeof jobAlerts.$inferSelect;
