/**
 * Job alert digests. Every task is idempotent (claims
 * in D1) and bounded per run; the hourly tasks pick up whatever a run left.
 */

import type { CronTask } from "../../platform/scheduler";
import { runDigests, syncAccountStatus } from "./digest";

/** The daily digest (03:00 UTC): pause alerts of inactive accounts first, then deliver. */
export const alertsDailyTask: CronTask = {
  name: "alerts.digest-daily",
  run: async ({ env, scheduledTime }) => ({
    accounts: await syncAccountStatus(env.DB, scheduledTime),
    daily: await runDigests(env, "daily", scheduledTime),
  }),
};

export const alertsWeeklyTask: CronTask = {
  name: "alerts.digest-weekly",
  run: async ({ env, scheduledTime }) => ({
    accounts: await syncAccountStatus(env.DB, scheduledTime),
    weekly: await runDigests(env, "weekly", scheduledTime),
  }),
};

/** Hourly: keeps alert states in step with accounts and finishes digests a bounded run left over. */
export const alertsContinueTask: CronTask = {
  name: "alerts.digest-continue",
  run: async ({ env, scheduledTime }) => ({
    accounts: await syncAccountStatus(env.DB, scheduledTime),
    daily: await runDigests(env, "daily", scheduledTime),
    weekly: await runDigests(env, "weekly", scheduledTime),
  }),
};
