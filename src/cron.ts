/**
 * Cron expression → tasks. The expressions must match `[triggers] crons` in
 * wrangler.toml exactly (a test checks that). Each task is idempotent: a rerun
 * of the same tick does no work twice.
 */

import { purgeAccountRecords } from "./modules/accounts/tasks";
import {
  alertsContinueTask,
  alertsDailyTask,
  alertsWeeklyTask,
  deadlineReminderTask,
  interviewReminder1hTask,
  interviewReminder24hTask,
  pruneReminderClaimsTask,
  staleDraftTask,
} from "./modules/alerts/tasks";
import { pruneSearchTerms } from "./modules/analytics/search-terms";
import { jobSchedulesTask, pruneJobViewsTask, trendingJobsTask } from "./modules/jobs/tasks";
import { pruneNotifications, pruneRealtimeTickets } from "./modules/notifications/tasks";
import { recountPopularity } from "./modules/skills/service";
import { createDb } from "./platform/db/client";
import { foldMissingKeys } from "./platform/db/fold-keys";
import { outboxSweepTask, purgeOutboxTask } from "./platform/queue/tasks";

export interface CronContext {
  env: Env;
  ctx: ExecutionContext;
  /** The tick's scheduled time (epoch ms); tasks use it instead of Date.now(). */
  scheduledTime: number;
}

export type CronTask = { name: string; run: (cc: CronContext) => Promise<unknown> };

export const CRON = {
  everyFiveMinutes: "*/5 * * * *",
  hourly: "0 * * * *",
  daily: "0 3 * * *",
  weekly: "0 6 * * 1",
  everySixHours: "0 */6 * * *",
} as const;

export const schedules: Record<string, CronTask[]> = {
  [CRON.everyFiveMinutes]: [outboxSweepTask, jobSchedulesTask, interviewReminder1hTask],
  [CRON.hourly]: [
    trendingJobsTask,
    { name: "realtime.prune-tickets", run: pruneRealtimeTickets },
    { name: "skills.recount-popularity", run: ({ env }) => recountPopularity(createDb(env.DB)) },
    { name: "text.fold-keys", run: ({ env }) => foldMissingKeys(createDb(env.DB)) },
    alertsContinueTask,
    interviewReminder24hTask,
    deadlineReminderTask,
  ],
  [CRON.daily]: [
    { name: "notifications.prune", run: pruneNotifications },
    { name: "prune-search-terms", run: ({ env, scheduledTime }) => pruneSearchTerms(createDb(env.DB), scheduledTime) },
    { name: "purge-account-records", run: purgeAccountRecords },
    pruneJobViewsTask,
    alertsDailyTask,
    staleDraftTask,
    pruneReminderClaimsTask,
    purgeOutboxTask,
  ],
  [CRON.weekly]: [alertsWeeklyTask],
  [CRON.everySixHours]: [],
};

/** Tasks run one after another; one failing task does not stop the others, but fails the tick. */
export async function runSchedule(
  cron: string,
  cc: CronContext,
  table: Record<string, CronTask[]> = schedules,
): Promise<string[]> {
  const tasks = table[cron];
  if (!tasks) {
    console.warn(JSON.stringify({ level: "warn", msg: "no tasks for cron expression", cron }));
    return [];
  }
  const ran: string[] = [];
  const failures: unknown[] = [];
  for (const task of tasks) {
    const started = Date.now();
    try {
      const result = await task.run(cc);
      ran.push(task.name);
      console.log(
        JSON.stringify({
          level: "info",
          msg: "cron task done",
          cron,
          task: task.name,
          duration_ms: Date.now() - started,
          result,
        }),
      );
    } catch (err) {
      failures.push(err);
      console.error(
        JSON.stringify({
          level: "error",
          msg: "cron task failed",
          cron,
          task: task.name,
          error: err instanceof Error ? err.message : String(err),
        }),
      );
    }
  }
  if (failures.length) throw new AggregateError(failures, `${failures.length} cron task(s) failed`);
  return ran;
}
