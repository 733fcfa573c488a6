-- Indexes for the reminder crons (alerts helper). The tables belong to other
-- modules' schema files, so these live in a self-contained custom migration.
-- Interview reminders: scheduled interviews starting within the next day.
CREATE INDEX IF NOT EXISTS `interviews_status_starts_idx` ON `interviews` (`status`, `starts_at`);
--> statement-breakpoint
-- Stale-draft notices: drafts by last update time.
CREATE INDEX IF NOT EXISTS `jobs_status_updated_idx` ON `jobs` (`status`, `updated_at`);
--> statement-breakpoint
-- Deadline reminders: the seekers who saved a given job.
CREATE INDEX IF NOT EXISTS `saved_jobs_job_idx` ON `saved_jobs` (`job_id`, `user_id`);
