-- Search (issue #14): unique job slugs (GET /jobs/{id} accepts the slug) and
-- zero-result search counts for admin analytics.
--
-- 1. Slugs. Existing duplicates keep the slug on their oldest row; the others get
--    `-` and the last 8 hex digits of their id (UUIDv7: random bits). Triggers keep
--    slugs unique from now on: a job inserted or renamed onto a slug another job
--    already has gets the same suffix in the same statement, so every writer (the
--    API, imports, seeds, test factories) stays correct without a retry loop.
--    A UNIQUE index would make those colliding INSERTs fail instead, so the index
--    is a plain one and the triggers are the guarantee (test/jobs-slug.test.ts).
CREATE INDEX `jobs_slug_idx` ON `jobs` (`slug`);
--> statement-breakpoint
UPDATE `jobs` SET `slug` = `slug` || '-' || lower(substr(replace(`id`, '-', ''), -8))
WHERE EXISTS (SELECT 1 FROM `jobs` o WHERE o.`slug` = `jobs`.`slug` AND (o.`created_at`, o.`id`) < (`jobs`.`created_at`, `jobs`.`id`));
--> statement-breakpoint
CREATE TRIGGER `jobs_slug_unique_ai` AFTER INSERT ON `jobs`
WHEN EXISTS (SELECT 1 FROM `jobs` o WHERE o.`slug` = NEW.`slug` AND o.`id` <> NEW.`id`) BEGIN
  UPDATE `jobs` SET `slug` = NEW.`slug` || '-' || lower(substr(replace(NEW.`id`, '-', ''), -8)) WHERE `id` = NEW.`id`;
END;
--> statement-breakpoint
CREATE TRIGGER `jobs_slug_unique_au` AFTER UPDATE OF `slug` ON `jobs`
WHEN EXISTS (SELECT 1 FROM `jobs` o WHERE o.`slug` = NEW.`slug` AND o.`id` <> NEW.`id`) BEGIN
  UPDATE `jobs` SET `slug` = NEW.`slug` || '-' || lower(substr(replace(NEW.`id`, '-', ''), -8)) WHERE `id` = NEW.`id`;
END;
--> statement-breakpoint
-- 2. Zero-result searches: counted in the same upsert as the search term itself.
ALTER TABLE `search_terms` ADD `zero_results` integer DEFAULT 0 NOT NULL;
--> statement-breakpoint
CREATE INDEX `search_terms_zero_idx` ON `search_terms` (`day`) WHERE `zero_results` > 0;
