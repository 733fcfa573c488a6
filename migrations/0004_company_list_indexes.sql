DROP INDEX `companies_name_idx`;--> statement-breakpoint
DROP INDEX `companies_industry_idx`;--> statement-breakpoint
DROP INDEX `companies_verified_idx`;--> statement-breakpoint
DROP INDEX `companies_size_idx`;--> statement-breakpoint
CREATE INDEX `companies_name_idx` ON `companies` (`name`,`id`);--> statement-breakpoint
CREATE INDEX `companies_industry_idx` ON `companies` (`industry`,`name`,`id`);--> statement-breakpoint
CREATE INDEX `companies_verified_idx` ON `companies` (`is_verified`,`name`,`id`);--> statement-breakpoint
CREATE INDEX `companies_size_idx` ON `companies` (`size`,`name`,`id`);