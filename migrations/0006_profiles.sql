CREATE TABLE `certifications` (
	`id` text PRIMARY KEY NOT NULL,
	`user_id` text NOT NULL,
	`name` text NOT NULL,
	`issuer` text NOT NULL,
	`issued_on` text NOT NULL,
	`expires_on` text,
	`credential_url` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `certifications_user_idx` ON `certifications` (`user_id`,`issued_on`);--> statement-breakpoint
CREATE TABLE `education` (
	`id` text PRIMARY KEY NOT NULL,
	`user_id` text NOT NULL,
	`institution` text NOT NULL,
	`degree` text NOT NULL,
	`field_of_study` text,
	`start_date` text NOT NULL,
	`end_date` text,
	`grade` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `education_user_idx` ON `education` (`user_id`,`start_date`);--> statement-breakpoint
CREATE TABLE `employer_profiles` (
	`user_id` text PRIMARY KEY NOT NULL,
	`position_title` text,
	`phone` text,
	`linkedin_url` text,
	`show_email` integer DEFAULT false NOT NULL,
	`show_phone` integer DEFAULT false NOT NULL,
	`avatar_key` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `employer_profiles_avatar_idx` ON `employer_profiles` (`avatar_key`);--> statement-breakpoint
CREATE TABLE `experience` (
	`id` text PRIMARY KEY NOT NULL,
	`user_id` text NOT NULL,
	`company_name` text NOT NULL,
	`title` text NOT NULL,
	`location` text,
	`start_date` text NOT NULL,
	`end_date` text,
	`is_current` integer DEFAULT false NOT NULL,
	`description` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `experience_user_idx` ON `experience` (`user_id`,`start_date`);--> statement-breakpoint
CREATE TABLE `portfolio_items` (
	`id` text PRIMARY KEY NOT NULL,
	`user_id` text NOT NULL,
	`title` text NOT NULL,
	`description` text,
	`url` text,
	`technologies` text DEFAULT '[]' NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `portfolio_items_user_idx` ON `portfolio_items` (`user_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `profile_skills` (
	`user_id` text NOT NULL,
	`slug` text NOT NULL,
	`skill_id` text,
	`name` text NOT NULL,
	`level` text,
	`years` integer,
	`position` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`user_id`, `slug`),
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `profile_skills_slug_idx` ON `profile_skills` (`slug`);--> statement-breakpoint
CREATE TABLE `seeker_profiles` (
	`user_id` text PRIMARY KEY NOT NULL,
	`headline` text,
	`bio` text,
	`location` text,
	`phone` text,
	`website` text,
	`linkedin_url` text,
	`github_url` text,
	`years_experience` integer,
	`desired_job_types` text DEFAULT '[]' NOT NULL,
	`desired_locations` text DEFAULT '[]' NOT NULL,
	`open_to_remote` integer DEFAULT false NOT NULL,
	`salary_min` integer,
	`salary_max` integer,
	`salary_currency` text,
	`salary_period` text,
	`is_available` integer DEFAULT true NOT NULL,
	`visibility` text DEFAULT 'employers' NOT NULL,
	`show_email` integer DEFAULT false NOT NULL,
	`show_phone` integer DEFAULT false NOT NULL,
	`avatar_key` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `seeker_profiles_avatar_idx` ON `seeker_profiles` (`avatar_key`);--> statement-breakpoint
ALTER TABLE `resumes` ADD `parsed_at` integer;--> statement-breakpoint
CREATE UNIQUE INDEX `resumes_one_primary_unique` ON `resumes` (`user_id`) WHERE "resumes"."is_primary" = 1;--> statement-breakpoint
CREATE INDEX `resumes_r2_key_idx` ON `resumes` (`r2_key`);--> statement-breakpoint
ALTER TABLE `skill_aliases` ADD `label` text;--> statement-breakpoint
ALTER TABLE `skill_aliases` ADD `text_match` text DEFAULT 'any' NOT NULL;--> statement-breakpoint
CREATE INDEX `skill_aliases_skill_idx` ON `skill_aliases` (`skill_id`);--> statement-breakpoint
ALTER TABLE `skills` ADD `text_match` text DEFAULT 'any' NOT NULL;