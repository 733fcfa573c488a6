-- Integrations (#17): incremental sync (tombstones and updated_at indexes) and calendar feeds.

-- One row per deleted job, application or interview, written by the triggers below (so a
-- deletion by any path, foreign-key cascades included, leaves its tombstone). The scope
-- columns say who may see it: the same people who could list the row before it went.
CREATE TABLE `sync_tombstones` (
  `kind` text NOT NULL,
  `entity_id` text NOT NULL,
  `company_id` text,
  `job_id` text,
  `user_id` text,
  `deleted_at` integer NOT NULL,
  PRIMARY KEY (`kind`, `entity_id`)
);
CREATE INDEX `sync_tombstones_company_idx` ON `sync_tombstones` (`kind`, `company_id`, `deleted_at`, `entity_id`);
CREATE INDEX `sync_tombstones_job_idx` ON `sync_tombstones` (`kind`, `job_id`, `deleted_at`, `entity_id`);
CREATE INDEX `sync_tombstones_user_idx` ON `sync_tombstones` (`kind`, `user_id`, `deleted_at`, `entity_id`);
CREATE INDEX `sync_tombstones_deleted_idx` ON `sync_tombstones` (`kind`, `deleted_at`, `entity_id`);

-- Epoch milliseconds, like every other timestamp (julianday works on every SQLite version D1 runs).
CREATE TRIGGER `sync_jobs_tombstone` AFTER DELETE ON `jobs` BEGIN
  INSERT OR REPLACE INTO `sync_tombstones` (`kind`, `entity_id`, `company_id`, `job_id`, `user_id`, `deleted_at`)
  VALUES ('job', OLD.`id`, OLD.`company_id`, OLD.`id`, NULL, CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER));
END;
CREATE TRIGGER `sync_applications_tombstone` AFTER DELETE ON `applications` BEGIN
  INSERT OR REPLACE INTO `sync_tombstones` (`kind`, `entity_id`, `company_id`, `job_id`, `user_id`, `deleted_at`)
  VALUES ('application', OLD.`id`, OLD.`company_id`, OLD.`job_id`, OLD.`applicant_id`, CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER));
END;
CREATE TRIGGER `sync_interviews_tombstone` AFTER DELETE ON `interviews` BEGIN
  INSERT OR REPLACE INTO `sync_tombstones` (`kind`, `entity_id`, `company_id`, `job_id`, `user_id`, `deleted_at`)
  VALUES ('interview', OLD.`id`, OLD.`company_id`, NULL, OLD.`applicant_id`, CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER));
END;

-- Sync reads walk (updated_at, id) within the caller's scope.
CREATE INDEX `jobs_company_updated_idx` ON `jobs` (`company_id`, `updated_at`, `id`);
CREATE INDEX `jobs_updated_idx` ON `jobs` (`updated_at`, `id`);
CREATE INDEX `applications_company_updated_idx` ON `applications` (`company_id`, `updated_at`, `id`);
CREATE INDEX `applications_job_updated_idx` ON `applications` (`job_id`, `updated_at`, `id`);
CREATE INDEX `applications_applicant_updated_idx` ON `applications` (`applicant_id`, `updated_at`, `id`);
CREATE INDEX `applications_updated_idx` ON `applications` (`updated_at`, `id`);
CREATE INDEX `interviews_company_updated_idx` ON `interviews` (`company_id`, `updated_at`, `id`);
CREATE INDEX `interviews_applicant_updated_idx` ON `interviews` (`applicant_id`, `updated_at`, `id`);

-- A user's private calendar feed (webcal): the URL carries a signed token naming the feed's
-- current key; rotating replaces the key (old URLs stop working), revoking deletes the row.
CREATE TABLE `calendar_feeds` (
  `user_id` text PRIMARY KEY NOT NULL REFERENCES `users`(`id`) ON DELETE CASCADE,
  `key_id` text NOT NULL,
  `created_at` integer NOT NULL
);
