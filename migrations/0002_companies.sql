CREATE TABLE `review_helpful_votes` (
	`review_id` text NOT NULL,
	`user_id` text NOT NULL,
	`created_at` integer NOT NULL,
	PRIMARY KEY(`review_id`, `user_id`),
	FOREIGN KEY (`review_id`) REFERENCES `reviews`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `review_helpful_votes_user_idx` ON `review_helpful_votes` (`user_id`);--> statement-breakpoint
CREATE TABLE `review_responses` (
	`review_id` text PRIMARY KEY NOT NULL,
	`company_id` text NOT NULL,
	`responder_id` text,
	`body` text NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`review_id`) REFERENCES `reviews`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`company_id`) REFERENCES `companies`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`responder_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE TABLE `reviews` (
	`id` text PRIMARY KEY NOT NULL,
	`company_id` text NOT NULL,
	`author_id` text,
	`rating` integer NOT NULL,
	`title` text NOT NULL,
	`body` text NOT NULL,
	`pros` text,
	`cons` text,
	`rating_culture` integer,
	`rating_work_life_balance` integer,
	`rating_compensation` integer,
	`rating_management` integer,
	`rating_career_growth` integer,
	`is_anonymous` integer DEFAULT false NOT NULL,
	`employment_status` text NOT NULL,
	`status` text DEFAULT 'published' NOT NULL,
	`helpful_count` integer DEFAULT 0 NOT NULL,
	`hidden_at` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`company_id`) REFERENCES `companies`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`author_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `reviews_company_author_unique` ON `reviews` (`company_id`,`author_id`);--> statement-breakpoint
CREATE INDEX `reviews_company_recent_idx` ON `reviews` (`company_id`,`status`,`created_at`,`id`);--> statement-breakpoint
CREATE INDEX `reviews_company_helpful_idx` ON `reviews` (`company_id`,`status`,`helpful_count`,`id`);--> statement-breakpoint
CREATE INDEX `reviews_company_rating_idx` ON `reviews` (`company_id`,`status`,`rating`,`id`);--> statement-breakpoint
CREATE INDEX `reviews_author_idx` ON `reviews` (`author_id`);--> statement-breakpoint
DROP INDEX `companies_name_idx`;--> statement-breakpoint
DROP INDEX `companies_industry_idx`;--> statement-breakpoint
DROP INDEX `companies_verified_idx`;--> statement-breakpoint
CREATE INDEX `companies_size_idx` ON `companies` (`size`,`name`,`id`);--> statement-breakpoint
CREATE INDEX `companies_logo_key_idx` ON `companies` (`logo_key`);--> statement-breakpoint
CREATE INDEX `companies_name_idx` ON `companies` (`name`,`id`);--> statement-breakpoint
CREATE INDEX `companies_industry_idx` ON `companies` (`industry`,`name`,`id`);--> statement-breakpoint
CREATE INDEX `companies_verified_idx` ON `companies` (`is_verified`,`name`,`id`);