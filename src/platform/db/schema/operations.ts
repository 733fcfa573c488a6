import { sql } from "drizzle-orm";
import { index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";

export const CRON_OUTCOMES = ["running", "ok", "error"] as const;
export type CronOutcome = (typeof CRON_OUTCOMES)[number];

/**
 * One row per cron task per tick (migration 0029): `running` from its start, then
 * `ok` or `error`. Written by the operations module through the cron runner's hooks.
 */
export const cronRuns = sqliteTable(
  "cron_runs",
  {
    id: text().primaryKey(),
    task: text().notNull(),
    cron: text().notNull(),
    scheduledTime: integer().notNull(),
    startedAt: integer().notNull(),
    finishedAt: integer(),
    outcome: text({ enum: CRON_OUTCOMES }).notNull().default("running"),
    /** The error's message, truncated; never a stack or a payload. */
    error: text(),
  },
  (t) => [
    index("cron_runs_task_idx").on(t.task, t.startedAt),
    index("cron_runs_started_idx").on(t.startedAt),
    index("cron_runs_error_idx").on(t.startedAt).where(sql`${t.outcome} = 'error'`),
  ],
);

/** Queue messages that reached `events-dlq`: id and type, never the body. */
export const deadLetters = sqliteTable(
  "dead_letters",
  {
    messageId: text().primaryKey(),
    type: text().notNull(),
    receivedAt: integer().notNull(),
  },
  (t) => [index("dead_letters_received_idx").on(t.receivedAt)],
);
