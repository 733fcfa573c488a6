-- Messages per application (#18): one thread per application between the applicant and the
-- company's members, read receipts per participant, and the offline-email high-water mark.
CREATE TABLE `message_threads` (
	`application_id` text PRIMARY KEY NOT NULL,
	`company_id` text NOT NULL,
	`applicant_blocked_at` integer,
	`company_blocked_at` integer,
	`company_blocked_by` text,
	`last_message_at` integer,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`application_id`) REFERENCES `applications`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`company_id`) REFERENCES `companies`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`company_blocked_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `message_threads_company_idx` ON `message_threads` (`company_id`,`last_message_at`);
--> statement-breakpoint
CREATE TABLE `messages` (
	`id` text PRIMARY KEY NOT NULL,
	`application_id` text NOT NULL,
	`sender_id` text,
	`sender_side` text NOT NULL,
	`body` text NOT NULL,
	`attachment_key` text,
	`attachment_name` text,
	`attachment_type` text,
	`attachment_size` integer,
	`status` text DEFAULT 'visible' NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`application_id`) REFERENCES `applications`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`sender_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `messages_thread_idx` ON `messages` (`application_id`,`id`);
--> statement-breakpoint
CREATE INDEX `messages_created_idx` ON `messages` (`created_at`);
--> statement-breakpoint
CREATE INDEX `messages_sender_idx` ON `messages` (`sender_id`);
--> statement-breakpoint
CREATE TABLE `message_reads` (
	`application_id` text NOT NULL,
	`user_id` text NOT NULL,
	`last_read_id` text,
	`read_at` integer,
	`emailed_up_to` text,
	`emailed_at` integer,
	PRIMARY KEY(`application_id`, `user_id`),
	FOREIGN KEY (`application_id`) REFERENCES `applications`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `message_reads_user_idx` ON `message_reads` (`user_id`);
--> statement-breakpoint
-- Employer ratings of candidates after a hire: one per application; the candidate answers once.
CREATE TABLE `candidate_ratings` (
	`id` text PRIMARY KEY NOT NULL,
	`application_id` text NOT NULL,
	`company_id` text NOT NULL,
	`candidate_id` text,
	`author_id` text,
	`rating` integer NOT NULL,
	`body` text NOT NULL,
	`response_body` text,
	`response_at` integer,
	`status` text DEFAULT 'published' NOT NULL,
	`hidden_at` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`application_id`) REFERENCES `applications`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`company_id`) REFERENCES `companies`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`candidate_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`author_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `candidate_ratings_application_unique` ON `candidate_ratings` (`application_id`);
--> statement-breakpoint
CREATE INDEX `candidate_ratings_candidate_idx` ON `candidate_ratings` (`candidate_id`,`status`,`created_at`,`id`);
--> statement-breakpoint
CREATE INDEX `candidate_ratings_author_idx` ON `candidate_ratings` (`author_id`);
--> statement-breakpoint
CREATE TABLE `candidate_rating_settings` (
	`user_id` text PRIMARY KEY NOT NULL,
	`show_on_profile` integer DEFAULT false NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
