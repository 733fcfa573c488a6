/**
 * Scheduled reminders (interviews, saved-job deadlines, stale drafts). Every task is
 * idempotent (claims in D1) and bounded per run; the hourly tasks pick up whatever a run left.
 */
import { DAY } from "../../lib/time";
import { createDb } from "../../platform/db/client";
import type { CronTask } from "../../platform/scheduler";
import { pruneClaims } from "./claims";
import { sendDeadlineReminders } from "./deadlines";
import { sendStaleDraftNotices } from "./drafts";
import { sendInterviewReminders } from "./interviews";

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
