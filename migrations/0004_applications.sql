CREATE TABLE `application_notes` (
	`id` text PRIMARY KEY NOT NULL,
	`application_id` text NOT NULL,
	`author_id` text,
	`body` text NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`application_id`) REFERENCES `applications`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`author_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `application_notes_app_idx` ON `application_notes` (`application_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `application_status_history` (
	`id` text PRIMARY KEY NOT NULL,
	`application_id` text NOT NULL,
	`from_status` text,
	`to_status` text NOT NULL,
	`actor_role` text NOT NULL,
	`actor_id` text,
	`reason` text,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`application_id`) REFERENCES `applications`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`actor_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `application_history_app_idx` ON `application_status_history` (`application_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `application_history_to_idx` ON `application_status_history` (`to_status`,`application_id`);--> statement-breakpoint
CREATE TABLE `apply_clicks` (
	`id` text PRIMARY KEY NOT NULL,
	`job_id` text NOT NULL,
	`user_id` text,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`job_id`) REFERENCES `jobs`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `apply_clicks_job_idx` ON `apply_clicks` (`job_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `interviews` (
	`id` text PRIMARY KEY NOT NULL,
	`application_id` text NOT NULL,
	`company_id` text NOT NULL,
	`applicant_id` text,
	`scheduled_by` text,
	`starts_at` integer NOT NULL,
	`duration_minutes` integer NOT NULL,
	`timezone` text NOT NULL,
	`kind` text NOT NULL,
	`location` text,
	`meeting_url` text,
	`notes` text,
	`status` text DEFAULT 'scheduled' NOT NULL,
	`response` text DEFAULT 'pending' NOT NULL,
	`responded_at` integer,
	`sequence` integer DEFAULT 0 NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`application_id`) REFERENCES `applications`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`company_id`) REFERENCES `companies`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`applicant_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`scheduled_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `interviews_application_idx` ON `interviews` (`application_id`,`starts_at`);--> statement-breakpoint
CREATE INDEX `interviews_applicant_idx` ON `interviews` (`applicant_id`,`starts_at`);--> statement-breakpoint
CREATE INDEX `interviews_company_idx` ON `interviews` (`company_id`,`starts_at`);--> statement-breakpoint
CREATE TABLE `search_terms` (
	`day` text NOT NULL,
	`term` text NOT NULL,
	`count` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`day`, `term`)
);
--> statement-breakpoint
CREATE INDEX `search_terms_term_idx` ON `search_terms` (`term`);--> statement-breakpoint
CREATE INDEX `applications_company_rating_idx` ON `applications` (`company_id`,`rating`,`created_at`);--> statement-breakpoint
CREATE INDEX `applications_job_rating_idx` ON `applications` (`job_id`,`rating`,`created_at`);