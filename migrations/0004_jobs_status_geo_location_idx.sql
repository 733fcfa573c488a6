DROP INDEX `jobs_geo_idx`;--> statement-breakpoint
DROP INDEX `jobs_city_idx`;--> statement-breakpoint
DROP INDEX `jobs_region_idx`;--> statement-breakpoint
DROP INDEX `jobs_country_idx`;--> statement-breakpoint
CREATE INDEX `jobs_geo_idx` ON `jobs` (`status`,`lat`,`lng`);--> statement-breakpoint
CREATE INDEX `jobs_city_idx` ON `jobs` (`status`,lower("city"));--> statement-breakpoint
CREATE INDEX `jobs_region_idx` ON `jobs` (`status`,lower("region"));--> statement-breakpoint
CREATE INDEX `jobs_country_idx` ON `jobs` (`status`,lower("country"));