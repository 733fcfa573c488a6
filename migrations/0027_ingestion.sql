-- Multi-source job ingestion (issue #16): sources, runs, each job's source postings,
-- SimHash fingerprints for near-duplicate merging, the imported label on jobs, and the
-- company columns imported postings are matched on (domain, folded name).
CREATE TABLE `ingestion_runs` (
	`id` text PRIMARY KEY NOT NULL,
	`source_id` text NOT NULL,
	`trigger` text NOT NULL,
	`status` text DEFAULT 'queued' NOT NULL,
	`fetched` integer DEFAULT 0 NOT NULL,
	`created` integer DEFAULT 0 NOT NULL,
	`updated` integer DEFAULT 0 NOT NULL,
	`duplicates` integer DEFAULT 0 NOT NULL,
	`expired` integer DEFAULT 0 NOT NULL,
	`errors` integer DEFAULT 0 NOT NULL,
	`error` text,
	`created_at` integer NOT NULL,
	`started_at` integer,
	`finished_at` integer,
	FOREIGN KEY (`source_id`) REFERENCES `ingestion_sources`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `ingestion_runs_source_idx` ON `ingestion_runs` (`source_id`,`created_at`,`id`);--> statement-breakpoint
CREATE INDEX `ingestion_runs_created_idx` ON `ingestion_runs` (`created_at`,`id`);--> statement-breakpoint
CREATE TABLE `ingestion_sources` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`kind` text NOT NULL,
	`config` text DEFAULT '{}' NOT NULL,
	`credentials_enc` text,
	`enabled` integer DEFAULT true NOT NULL,
	`etag` text,
	`last_modified` text,
	`last_run_at` integer,
	`last_success_at` integer,
	`last_error` text,
	`consecutive_failures` integer DEFAULT 0 NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `ingestion_sources_enabled_idx` ON `ingestion_sources` (`enabled`,`id`);--> statement-breakpoint
CREATE INDEX `ingestion_sources_created_idx` ON `ingestion_sources` (`created_at`,`id`);--> statement-breakpoint
CREATE TABLE `job_fingerprints` (
	`job_id` text PRIMARY KEY NOT NULL,
	`simhash` text NOT NULL,
	`band0` integer NOT NULL,
	`band1` integer NOT NULL,
	`band2` integer NOT NULL,
	`band3` integer NOT NULL,
	FOREIGN KEY (`job_id`) REFERENCES `jobs`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `job_fingerprints_band0_idx` ON `job_fingerprints` (`band0`);--> statement-breakpoint
CREATE INDEX `job_fingerprints_band1_idx` ON `job_fingerprints` (`band1`);--> statement-breakpoint
CREATE INDEX `job_fingerprints_band2_idx` ON `job_fingerprints` (`band2`);--> statement-breakpoint
CREATE INDEX `job_fingerprints_band3_idx` ON `job_fingerprints` (`band3`);--> statement-breakpoint
CREATE TABLE `job_sources` (
	`source_id` text NOT NULL,
	`external_id` text NOT NULL,
	`job_id` text NOT NULL,
	`source_url` text,
	`canonical_url` text,
	`content_hash` text NOT NULL,
	`is_primary` integer DEFAULT false NOT NULL,
	`first_seen_at` integer NOT NULL,
	`last_seen_at` integer NOT NULL,
	`missed_runs` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`source_id`, `external_id`),
	FOREIGN KEY (`source_id`) REFERENCES `ingestion_sources`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`job_id`) REFERENCES `jobs`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `job_sources_job_idx` ON `job_sources` (`job_id`);--> statement-breakpoint
CREATE INDEX `job_sources_canonical_idx` ON `job_sources` (`canonical_url`);--> statement-breakpoint
CREATE INDEX `job_sources_seen_idx` ON `job_sources` (`source_id`,`last_seen_at`);--> statement-breakpoint
ALTER TABLE `companies` ADD `imported_at` integer;--> statement-breakpoint
ALTER TABLE `companies` ADD `domain` text;--> statement-breakpoint
CREATE INDEX `companies_domain_idx` ON `companies` (`domain`);--> statement-breakpoint
CREATE INDEX `companies_name_key_idx` ON `companies` (`name_key`);--> statement-breakpoint
ALTER TABLE `jobs` ADD `import_source` text;--> statement-breakpoint
CREATE INDEX `jobs_status_import_source_idx` ON `jobs` (`status`,`import_source`,`published_at`) WHERE `import_source` IS NOT NULL;
--> statement-breakpoint
-- Existing companies get their website's host as domain (scheme, `www.`, path and port dropped),
-- so imported postings match them from the first run.
UPDATE `companies` SET `domain` = lower(
  rtrim(
    substr(
      replace(replace(replace(`website`, 'https://', ''), 'http://', ''), 'www.', ''),
      1,
      CASE
        WHEN instr(replace(replace(replace(`website`, 'https://', ''), 'http://', ''), 'www.', '') || '/', '/') < instr(replace(replace(replace(`website`, 'https://', ''), 'http://', ''), 'www.', '') || ':', ':')
        THEN instr(replace(replace(replace(`website`, 'https://', ''), 'http://', ''), 'www.', '') || '/', '/') - 1
        ELSE instr(replace(replace(replace(`website`, 'https://', ''), 'http://', ''), 'www.', '') || ':', ':') - 1
      END
    ),
    '.'
  )
) WHERE `website` IS NOT NULL AND `website` <> '';
