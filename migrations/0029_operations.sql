-- Operations (issue #20): cron task runs and dead-lettered queue messages, for /health/ready
-- and GET /api/v1/admin/operations.

-- One row per task per tick: inserted as `running` when the task starts and updated when it ends,
-- so a tick the runtime killed mid-task (CPU limit, deploy) stays visible as `running`.
CREATE TABLE `cron_runs` (
  `id` text PRIMARY KEY NOT NULL,
  `task` text NOT NULL,
  `cron` text NOT NULL,
  `scheduled_time` integer NOT NULL,
  `started_at` integer NOT NULL,
  `finished_at` integer,
  `outcome` text DEFAULT 'running' NOT NULL,
  `error` text
);
-- The last run of each task (GROUP BY task with MAX(started_at) walks this index).
CREATE INDEX `cron_runs_task_idx` ON `cron_runs` (`task`, `started_at`);
-- The daily prune deletes by age.
CREATE INDEX `cron_runs_started_idx` ON `cron_runs` (`started_at`);
-- The admin view's recent failures.
CREATE INDEX `cron_runs_error_idx` ON `cron_runs` (`started_at`) WHERE `outcome` = 'error';

-- Messages whose retries were spent and that reached `events-dlq`: the id and type only
-- (never the body, which may hold personal data).
CREATE TABLE `dead_letters` (
  `message_id` text PRIMARY KEY NOT NULL,
  `type` text NOT NULL,
  `received_at` integer NOT NULL
);
CREATE INDEX `dead_letters_received_idx` ON `dead_letters` (`received_at`);
