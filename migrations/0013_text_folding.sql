-- Case- and accent-folded keys for text filters (src/lib/fold.ts). SQLite's
-- lower() folds ASCII only, so `łódź` never matched `Łódź`; the application
-- writes foldText(value) into each *_key column and folds the input the same way.
--
-- Backfill: ASCII values fold to lower(value), done here. Rows with other
-- characters keep a NULL key until the hourly cron `text.fold-keys`
-- (src/cron/fold-keys.ts) computes it in TypeScript; the partial indexes below
-- let it find them without a scan.
ALTER TABLE `jobs` ADD `city_key` text;
--> statement-breakpoint
ALTER TABLE `jobs` ADD `region_key` text;
--> statement-breakpoint
ALTER TABLE `jobs` ADD `country_key` text;
--> statement-breakpoint
ALTER TABLE `companies` ADD `name_key` text;
--> statement-breakpoint
UPDATE `jobs` SET `city_key` = lower(`city`) WHERE `city` IS NOT NULL AND `city` NOT GLOB '*[^ -~]*';
--> statement-breakpoint
UPDATE `jobs` SET `region_key` = lower(`region`) WHERE `region` IS NOT NULL AND `region` NOT GLOB '*[^ -~]*';
--> statement-breakpoint
UPDATE `jobs` SET `country_key` = lower(`country`) WHERE `country` IS NOT NULL AND `country` NOT GLOB '*[^ -~]*';
--> statement-breakpoint
UPDATE `companies` SET `name_key` = lower(`name`) WHERE `name` NOT GLOB '*[^ -~]*';
--> statement-breakpoint
DROP INDEX `jobs_city_idx`;
--> statement-breakpoint
DROP INDEX `jobs_region_idx`;
--> statement-breakpoint
DROP INDEX `jobs_country_idx`;
--> statement-breakpoint
CREATE INDEX `jobs_city_key_idx` ON `jobs` (`status`, `city_key`);
--> statement-breakpoint
CREATE INDEX `jobs_region_key_idx` ON `jobs` (`status`, `region_key`);
--> statement-breakpoint
CREATE INDEX `jobs_country_key_idx` ON `jobs` (`status`, `country_key`);
--> statement-breakpoint
CREATE INDEX `jobs_unfolded_idx` ON `jobs` (`id`) WHERE (`city` IS NOT NULL AND `city_key` IS NULL) OR (`region` IS NOT NULL AND `region_key` IS NULL) OR (`country` IS NOT NULL AND `country_key` IS NULL);
--> statement-breakpoint
CREATE INDEX `companies_unfolded_idx` ON `companies` (`id`) WHERE `name_key` IS NULL;
