CREATE TABLE `job_alerts` (
	`id` text PRIMARY KEY NOT NULL,
	`user_id` text NOT NULL,
	`name` text NOT NULL,
	`query` text NOT NULL,
	`frequency` text NOT NULL,
	`channels` text NOT NULL,
	`active` integer DEFAULT true NOT NULL,
	`paused_reason` text,
	`category_id` text,
	`remote` integer,
	`job_type_mask` integer DEFAULT 0 NOT NULL,
	`salary_min` integer,
	`last_period` text DEFAULT '' NOT NULL,
	`last_run_at` integer NOT NULL,
	`last_sent_at` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `job_alerts_user_idx` ON `job_alerts` (`user_id`,`created_at`,`id`);--> statement-breakpoint
CREATE INDEX `job_alerts_instant_idx` ON `job_alerts` (`frequency`,`active`,`category_id`,`id`);--> statement-breakpoint
CREATE INDEX `job_alerts_digest_idx` ON `job_alerts` (`frequency`,`active`,`last_period`,`id`);--> statement-breakpoint
CREATE INDEX `job_alerts_paused_idx` ON `job_alerts` (`paused_reason`,`user_id`);--> statement-breakpoint
CREATE TABLE `reminder_deliveries` (
	`kind` text NOT NULL,
	`subject_id` text NOT NULL,
	`user_id` text NOT NULL,
	`created_at` integer NOT NULL,
	PRIMARY KEY(`kind`, `subject_id`, `user_id`)
);
--> statement-breakpoint
CREATE INDEX `reminder_deliveries_user_idx` ON `reminder_deliveries` (`user_id`);--> statement-breakpoint
CREATE INDEX `reminder_deliveries_created_idx` ON `reminder_deliveries` (`created_at`);