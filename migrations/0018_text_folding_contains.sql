-- Folded keys for the remaining "contains" text filters (src/lib/fold.ts), the
-- same mechanism as 0013: the application writes foldText(value), folds the
-- input the same way, and compares keys.
--   jobs.title_key                     GET /employer/jobs?q=, GET /applications?q= (applicant)
--   users.first_name_key/last_name_key GET /applications?q= (employer), GET /admin/users?q=
--
-- Backfill: ASCII values fold to lower(value), done here. Other rows keep NULL
-- keys until the hourly cron `text.fold-keys` (src/cron/fold-keys.ts) computes
-- them in TypeScript, found through the partial indexes below; until then the
-- filters fall back to lower(value).
ALTER TABLE `jobs` ADD `title_key` text;
--> statement-breakpoint
ALTER TABLE `users` ADD `first_name_key` text;
--> statement-breakpoint
ALTER TABLE `users` ADD `last_name_key` text;
--> statement-breakpoint
UPDATE `jobs` SET `title_key` = lower(`title`) WHERE `title` NOT GLOB '*[^ -~]*';
--> statement-breakpoint
UPDATE `users` SET `first_name_key` = lower(`first_name`) WHERE `first_name` NOT GLOB '*[^ -~]*';
--> statement-breakpoint
UPDATE `users` SET `last_name_key` = lower(`last_name`) WHERE `last_name` NOT GLOB '*[^ -~]*';
--> statement-breakpoint
CREATE INDEX `jobs_untitled_key_idx` ON `jobs` (`id`) WHERE `title_key` IS NULL;
--> statement-breakpoint
CREATE INDEX `users_unfolded_idx` ON `users` (`id`) WHERE `first_name_key` IS NULL OR `last_name_key` IS NULL;
--> statement-breakpoint
CREATE INDEX `users_full_name_key_idx` ON `users` ((`first_name_key` || ' ' || `last_name_key`));
--> statement-breakpoint
CREATE INDEX `users_last_name_key_idx` ON `users` (`last_name_key`);
