/**
 * Composition root of the Cron Triggers: cron expression → tasks, every task of
 * every module listed here. The expressions must match `[triggers] crons` in
 * wrangler.toml exactly (a test checks that). Each task is idempotent: a rerun of
 * the same tick does no work twice.
 */

import { reportBackgroundError } from "./http/error-tracking";
import { purgeAccountRecords } from "./modules/accounts";
import { alertsContinueTask, alertsDailyTask, alertsWeeklyTask } from "./modules/alerts";
import { pruneSearchTerms } from "./modules/analytics";
import { featuredExpiryTask, pruneBillingEventsTask } from "./modules/billing";
import { ingestionScheduleTask } from "./modules/ingestion";
import {
  jobSchedulesTask,
  learnNeighborsTask,
  pruneJobViewsTask,
  pruneRecommendationEventsTask,
  trendingJobsTask,
} from "./modules/jobs";
import { messagesOfflineEmailTask } from "./modules/messages";
import { pruneNotifications, pruneRealtimeTickets } from "./modules/notifications";
import { cronRunRecorder, pruneOperationsTask } from "./modules/operations";
import {
  deadlineReminderTask,
  interviewReminder1hTask,
  interviewReminder24hTask,
  pruneReminderClaimsTask,
  staleDraftTask,
} from "./modules/reminders";
import { searchIndexMergeTask } from "./modules/search";
import { recountPopularity } from "./modules/skills";
import { pruneSyncDeletionsTask } from "./modules/sync";
import { pruneWebhookDeliveriesTask, webhookRetrySweepTask } from "./modules/webhooks";
import { createDb } from "./platform/db/client";
import { foldMissingKeys } from "./platform/db/fold-keys";
import { outboxSweepTask, purgeOutboxTask } from "./platform/queue/tasks";
import {
  type CronContext,
  type CronErrorReporter,
  type CronRecorder,
  type CronTask,
  runTasks,
} from "./platform/scheduler";

export type { CronContext, CronTask } from "./platform/scheduler";

export const CRON = {
  everyFiveMinutes: "*/5 * * * *",
  hourly: "0 * * * *",
  daily: "0 3 * * *",
  weekly: "0 6 * * 1",
  everySixHours: "0 */6 * * *",
} as const;

export const schedules: Record<string, CronTask[]> = {
  [CRON.everyFiveMinutes]: [
    outboxSweepTask,
    jobSchedulesTask,
    interviewReminder1hTask,
    learnNeighborsTask,
    webhookRetrySweepTask,
    messagesOfflineEmailTask,
    featuredExpiryTask,
    searchIndexMergeTask,
  ],
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
    pruneRecommendationEventsTask,
    alertsDailyTask,
    staleDraftTask,
    pruneReminderClaimsTask,
    purgeOutboxTask,
    pruneWebhookDeliveriesTask,
    pruneBillingEventsTask,
    pruneOperationsTask,
    pruneSyncDeletionsTask,
  ],
  [CRON.weekly]: [alertsWeeklyTask],
  [CRON.everySixHours]: [ingestionScheduleTask],
};

/** A failing task goes to Sentry when `SENTRY_DSN` is set: the task's name and cron expression, no task data. */
export const reportCronError: CronErrorReporter = (err, run, cc) =>
  reportBackgroundError(err, cc.env, cc.ctx, { kind: "cron", task: run.task, cron: run.cron });

/**
 * The Worker's `scheduled` entry: runs the tasks of one cron expression (see `runTasks`).
 * Every run of every task is recorded in `cron_runs` (the operations module) for
 * `/health/ready` and `GET /api/v1/admin/operations`; a failing one is also
 * reported to error tracking (after it is recorded, so a report never hides it).
 */
export function runSchedule(
  cron: string,
  cc: CronContext,
  table: Record<string, CronTask[]> = schedules,
  recorder: CronRecorder = cronRunRecorder,
): Promise<string[]> {
  return runTasks(cron, table[cron], cc, recorder, reportCronError);
}
