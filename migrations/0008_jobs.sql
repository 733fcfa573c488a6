CREATE TABLE `job_view_daily` (
	`job_id` text NOT NULL,
	`day` integer NOT NULL,
	`views` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`job_id`, `day`),
	FOREIGN KEY (`job_id`) REFERENCES `jobs`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `job_view_daily_day_idx` ON `job_view_daily` (`day`);--> statement-breakpoint
CREATE TABLE `job_views` (
	`job_id` text NOT NULL,
	`day` integer NOT NULL,
	`viewer` text NOT NULL,
	PRIMARY KEY(`job_id`, `day`, `viewer`)
);
--> statement-breakpoint
CREATE INDEX `job_views_day_idx` ON `job_views` (`day`);--> statement-breakpoint
CREATE TABLE `saved_jobs` (
	`user_id` text NOT NULL,
	`job_id` text NOT NULL,
	`created_at` integer NOT NULL,
	PRIMARY KEY(`user_id`, `job_id`),
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`job_id`) REFERENCES `jobs`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `saved_jobs_user_created_idx` ON `saved_jobs` (`user_id`,`created_at`);--> statement-breakpoint
ALTER TABLE `jobs` ADD `approved_at` integer;--> statement-breakpoint
ALTER TABLE `jobs` ADD `moderation_note` text;--> statement-breakpoint
CREATE INDEX `jobs_status_deadline_idx` ON `jobs` (`status`,`application_deadline`);--> statement-breakpoint
CREATE INDEX `jobs_status_type_idx` ON `jobs` (`status`,`job_type`,`published_at`);--> statement-breakpoint
CREATE INDEX `jobs_status_level_idx` ON `jobs` (`status`,`experience_level`,`published_at`);--> statement-breakpoint
CREATE INDEX `jobs_status_remote_idx` ON `jobs` (`status`,`is_remote`,`published_at`);--> statement-breakpoint
CREATE INDEX `jobs_status_featured_idx` ON `jobs` (`status`,`is_featured`,`published_at`);--> statement-breakpoint
CREATE INDEX `jobs_status_currency_idx` ON `jobs` (`status`,`salary_currency`,`published_at`);--> statement-breakpoint
CREATE INDEX `jobs_geo_idx` ON `jobs` (`status`,`lat`,`lng`);--> statement-breakpoint
CREATE INDEX `jobs_city_idx` ON `jobs` (`status`,lower("city"));--> statement-breakpoint
CREATE INDEX `jobs_region_idx` ON `jobs` (`status`,lower("region"));--> statement-breakpoint
CREATE INDEX `jobs_country_idx` ON `jobs` (`status`,lower("country"));--> statement-breakpoint
CREATE INDEX `jobs_status_id_idx` ON `jobs` (`status`,`id`);--> statement-breakpoint
CREATE INDEX `jobs_company_created_idx` ON `jobs` (`company_id`,`created_at`,`id`);