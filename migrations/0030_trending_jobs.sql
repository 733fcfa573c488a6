-- The hourly trending ranking, stored so a cold GET /jobs/trending reads its
-- first rows by primary key instead of aggregating every recent view (#21).
CREATE TABLE `trending_jobs` (
	`position` integer PRIMARY KEY NOT NULL,
	`job_id` text NOT NULL,
	`score` real NOT NULL,
	`computed_at` integer NOT NULL,
	FOREIGN KEY (`job_id`) REFERENCES `jobs`(`id`) ON UPDATE no action ON DELETE cascade
);
