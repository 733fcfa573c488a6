/** The 6-hourly cron task: one `ingestion.fetch` run per enabled source. */
import { createDb } from "../../platform/db/client";
import type { CronTask } from "../../platform/scheduler";
import { queueScheduledRuns } from "./service";

export const ingestionScheduleTask: CronTask = {
  name: "ingestion.schedule",
  run: ({ env, scheduledTime }) => queueScheduledRuns(createDb(env.DB), env, scheduledTime),
};
