-- Why a resume's parse failed (oversized when inflated, corrupt, no text), shown to its owner.
ALTER TABLE `resumes` ADD `parse_error` text;
--> statement-breakpoint
-- Transactional outbox: a queue message written in the same D1 batch as the change it
-- announces. The request enqueues it right after the batch commits and stamps sent_at;
-- the cron sweep enqueues rows still unsent once available_at has passed. The consumer stamps
-- delivered_at; a row sent but never delivered (a queue that lost it) is sent again.
CREATE TABLE `outbox` (
	`id` text PRIMARY KEY NOT NULL,
	`message` text NOT NULL,
	`created_at` integer NOT NULL,
	`available_at` integer NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`sent_at` integer,
	`delivered_at` integer
);
--> statement-breakpoint
CREATE INDEX `outbox_pending_idx` ON `outbox` (`available_at`) WHERE `sent_at` IS NULL;
--> statement-breakpoint
CREATE INDEX `outbox_sent_idx` ON `outbox` (`sent_at`) WHERE `sent_at` IS NOT NULL;
--> statement-breakpoint
CREATE INDEX `outbox_undelivered_idx` ON `outbox` (`sent_at`) WHERE `sent_at` IS NOT NULL AND `delivered_at` IS NULL;
