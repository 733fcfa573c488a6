/**
 * Job alert digests and scheduled reminders. Every task is idempotent (claims
 * in D1) and bounded per run; the hourly tasks pick up whatever a run left.
 */

import type { CronTask } from "../../cron";
import { DAY } from "../../lib/time";
import { createDb } from "../../platform/db/client";
import { pruneClaims } from "../reminders/claims";
import { sendDeadlineReminders } from "../reminders/deadlines";
import { sendStaleDraftNotices } from "../reminders/drafts";
import { sendInterviewReminders } from "../reminders/interviews";
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

export const interviewReminder24hTask: CronTask = {
  name: "reminders.interviews-24h",
  run: ({ env, scheduledTime }) => sendInterviewReminders(env, "24h", scheduledTime),
};

/** Every five minutes, so "in about an hour" is never more than five minutes off. */
export const interviewReminder1hTask: CronTask = {
  name: "reminders.interviews-1h",
  run: ({ env, scheduledTime }) => sendInterviewReminders(env, "1h", scheduledTime),
};

export const deadlineReminderTask: CronTask = {
  name: "reminders.deadlines",
  run: ({ env, scheduledTime }) => sendDeadlineReminders(env, scheduledTime),
};

export const staleDraftTask: CronTask = {
  name: "reminders.stale-drafts",
  run: ({ env, scheduledTime }) => sendStaleDraftNotices(env, scheduledTime),
};

/** Claims only need to outlive their reminder windows (≤ 60 days for stale drafts). */
export const pruneReminderClaimsTask: CronTask = {
  name: "reminders.prune-claims",
  run: async ({ env, scheduledTime }) => ({ deleted: await pruneClaims(createDb(env.DB), scheduledTime, 90 * DAY) }),
};
