-- Near-duplicate dedup v2 (issue #16): the SimHash fingerprints (Hamming ≤ 3 over 64 bits) gave
-- 80 % precision / 52 % recall; they are replaced by a normalised company/city/title key, a
-- 64-value MinHash of the description's shingles and four company-salted LSH band keys
-- (src/modules/ingestion/fingerprint.ts). Old rows cannot be converted in SQL (MinHash needs the
-- text), so they are dropped: a job imported before this migration is no merge target until its
-- primary posting changes (which rewrites its key) — exact dedup by URL and external id still holds.
DROP TABLE `job_fingerprints`;--> statement-breakpoint
CREATE TABLE `job_fingerprints` (
	`job_id` text PRIMARY KEY NOT NULL,
	`company_key` text NOT NULL,
	`location_key` text NOT NULL,
	`title_key` text NOT NULL,
	`minhash` text NOT NULL,
	`shingles` integer NOT NULL,
	`band0` integer NOT NULL,
	`band1` integer NOT NULL,
	`band2` integer NOT NULL,
	`band3` integer NOT NULL,
	FOREIGN KEY (`job_id`) REFERENCES `jobs`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `job_fingerprints_band0_idx` ON `job_fingerprints` (`band0`);--> statement-breakpoint
CREATE INDEX `job_fingerprints_band1_idx` ON `job_fingerprints` (`band1`);--> statement-breakpoint
CREATE INDEX `job_fingerprints_band2_idx` ON `job_fingerprints` (`band2`);--> statement-breakpoint
CREATE INDEX `job_fingerprints_band3_idx` ON `job_fingerprints` (`band3`);
