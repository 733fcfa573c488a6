/** Job tasks: scheduled publishing/expiry (every 5 minutes), trending (hourly), view-dedupe pruning (daily). */

import { createDb } from "../../platform/db/client";
import type { CronTask } from "../../platform/scheduler";
import { computeTrending } from "./discovery";
import { runJobSchedules } from "./lifecycle";

export const jobSchedulesTask: CronTask = {
  name: "jobs.schedules",
  run: async ({ env, scheduledTime }) => {
    // Scheduled jobs that went live now are announced (outbox) to instant job alerts.
    const { publishedIds: _, ...counts } = await runJobSchedules(createDb(env.DB), env, scheduledTime);
    return counts;
  },
};

export const trendingJobsTask: CronTask = {
  name: "jobs.trending",
  run: async ({ env, scheduledTime }) => ({ jobs: (await computeTrending(env, env.DB, scheduledTime)).jobs.length }),
};

/** The per-viewer dedupe rows are only needed for the current day; the daily rollup keeps the counts. */
export const pruneJobViewsTask: CronTask = {
  name: "jobs.prune-views",
  run: async ({ env, scheduledTime }) => {
    const res = await env.DB.prepare("DELETE FROM job_views WHERE day < ?")
      .bind(Math.floor(scheduledTime / 86_400_000) - 1)
      .run();
    return { deleted: res.meta.changes };
  },
};
