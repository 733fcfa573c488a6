-- Job ingestion (issue #16), two changes:
--
-- 1. Continuation messages: a run spans several `ingestion.fetch` messages, one bounded chunk each.
--    `step` is the number of chunks the run has finished (a message for another step is a duplicate
--    and does nothing), `cursor` the AES-GCM encrypted position of the next chunk (next page request,
--    pages so far, the first page's validators; encrypted because a page URL or header may carry the
--    source's API key), `written` the write batches of the current chunk already committed (each batch
--    is fenced on it, so a redelivered message resumes after them and never counts them twice),
--    `unchanged` the postings seen again unchanged, `heartbeat_at` the last progress (a run without
--    progress for 15 minutes no longer blocks the source's next run).
ALTER TABLE `ingestion_runs` ADD `step` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `ingestion_runs` ADD `written` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `ingestion_runs` ADD `unchanged` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `ingestion_runs` ADD `cursor` text;--> statement-breakpoint
ALTER TABLE `ingestion_runs` ADD `heartbeat_at` integer;--> statement-breakpoint
-- 2. One company-name rule: `companies.match_key` is `companyMatchKey(name)` (src/lib/company-name.ts:
--    folded, punctuation dropped, a leading "The" and trailing legal forms removed), what imported
--    postings and dedup both compare, so "Northwind GmbH" finds "Northwind". `name_key` stays
--    `foldText(name)`: the `q` name search does substring matches on it, and "acme inc" must still
--    find "Acme Inc.". The key cannot be computed in SQL (Unicode folding, word splitting, suffix list),
--    so existing rows start NULL and the `text.fold-keys` cron fills them (companies_unmatched_idx
--    lists exactly those rows); until then imported postings also match on `name_key`. The index is
--    not UNIQUE: existing companies that collapse to one key ("Northwind" and "Northwind GmbH") both
--    stay, and imports link to the verified one first, then the oldest.
ALTER TABLE `companies` ADD `match_key` text;--> statement-breakpoint
CREATE INDEX `companies_match_key_idx` ON `companies` (`match_key`);--> statement-breakpoint
CREATE INDEX `companies_unmatched_idx` ON `companies` (`id`) WHERE `match_key` IS NULL;
