-- Recommendations that learn (issue #22).

-- "Remote only": a seeker who will not work on site (open_to_remote only says remote is welcome).
ALTER TABLE `seeker_profiles` ADD `remote_only` integer DEFAULT false NOT NULL;

-- Co-engagement between jobs: how strongly the seekers who applied to, saved or viewed one job
-- also engaged with the other. Both directions are stored; at most 50 neighbours per job are kept
-- (the strongest), so a row read per candidate stays bounded. Maintained incrementally by the
-- `jobs.learn-neighbors` cron task from the rows added since its watermarks.
CREATE TABLE `job_neighbors` (
  `job_id` text NOT NULL REFERENCES `jobs`(`id`) ON DELETE CASCADE,
  `other_id` text NOT NULL REFERENCES `jobs`(`id`) ON DELETE CASCADE,
  `weight` real NOT NULL,
  PRIMARY KEY(`job_id`, `other_id`)
);
CREATE INDEX `job_neighbors_other_idx` ON `job_neighbors` (`other_id`);

-- Watermarks of incremental maintenance tasks (the last rowid of a source table already counted).
CREATE TABLE `recommendation_watermarks` (
  `source` text PRIMARY KEY NOT NULL,
  `last_rowid` integer NOT NULL
);

-- Feedback on recommended jobs: impressions (one per user, job and day), clicks and "not interested".
-- Saves and applications are attributed by joining saved_jobs / applications (they have their own tables).
CREATE TABLE `recommendation_events` (
  `user_id` text NOT NULL REFERENCES `users`(`id`) ON DELETE CASCADE,
  `job_id` text NOT NULL REFERENCES `jobs`(`id`) ON DELETE CASCADE,
  `kind` text NOT NULL,
  `variant` text NOT NULL,
  `day` integer NOT NULL,
  `created_at` integer NOT NULL,
  PRIMARY KEY(`user_id`, `kind`, `job_id`, `day`)
);
CREATE INDEX `recommendation_events_variant_idx` ON `recommendation_events` (`variant`, `created_at`);
CREATE INDEX `recommendation_events_job_idx` ON `recommendation_events` (`job_id`);
