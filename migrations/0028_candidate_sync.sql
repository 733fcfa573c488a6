-- Candidate-profile sync (#17): GET /api/v1/companies/{id}/candidates?updated_since=.

-- One row per (company, candidate who applied to one of its jobs), kept by the triggers below so
-- the sync list reads one indexed table instead of working out "who applied here" per request.
-- `updated_at` moves to "now" on every change a company can see (a first application, the
-- candidate's profile, name, email, username or account status); `removed_at` is set when the
-- candidate stops being visible to the company (no application of theirs is left: all deleted,
-- or anonymised by an account erasure): the row is then the candidate's tombstone and the daily
-- sync prune deletes it after the retention window. No foreign key on `user_id`: the tombstone
-- must outlive the account it speaks of (it keeps only the id, like sync_tombstones).
CREATE TABLE `company_candidates` (
  `company_id` text NOT NULL REFERENCES `companies`(`id`) ON DELETE CASCADE,
  `user_id` text NOT NULL,
  `updated_at` integer NOT NULL,
  `removed_at` integer,
  PRIMARY KEY (`company_id`, `user_id`)
);
-- The sync walk: one company's rows in (updated_at, user_id) order.
CREATE INDEX `company_candidates_sync_idx` ON `company_candidates` (`company_id`, `updated_at`, `user_id`);
-- The profile and account triggers fan out by user.
CREATE INDEX `company_candidates_user_idx` ON `company_candidates` (`user_id`);
-- The daily prune of old tombstones.
CREATE INDEX `company_candidates_removed_idx` ON `company_candidates` (`removed_at`) WHERE `removed_at` IS NOT NULL;

-- Candidates of the applications that exist already.
INSERT OR IGNORE INTO `company_candidates` (`company_id`, `user_id`, `updated_at`, `removed_at`)
  SELECT DISTINCT `company_id`, `applicant_id`, CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER), NULL
  FROM `applications` WHERE `applicant_id` IS NOT NULL;

-- Times are epoch milliseconds from SQLite's clock (as in 0022_sync.sql); `max(now, updated_at + 1)`
-- keeps a row's position strictly moving forward even for two changes in one millisecond.

-- A (first, or renewed) application makes the candidate visible; a further one changes nothing the
-- company reads here, so it does not move the row.
CREATE TRIGGER `company_candidates_app_insert` AFTER INSERT ON `applications`
WHEN NEW.`applicant_id` IS NOT NULL BEGIN
  INSERT INTO `company_candidates` (`company_id`, `user_id`, `updated_at`, `removed_at`)
  VALUES (NEW.`company_id`, NEW.`applicant_id`, CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER), NULL)
  ON CONFLICT (`company_id`, `user_id`) DO UPDATE
    SET `updated_at` = max(excluded.`updated_at`, `company_candidates`.`updated_at` + 1), `removed_at` = NULL
    WHERE `company_candidates`.`removed_at` IS NOT NULL;
END;
CREATE TRIGGER `company_candidates_app_relink` AFTER UPDATE OF `applicant_id`, `company_id` ON `applications`
WHEN NEW.`applicant_id` IS NOT NULL
  AND (OLD.`applicant_id` IS NOT NEW.`applicant_id` OR OLD.`company_id` IS NOT NEW.`company_id`) BEGIN
  INSERT INTO `company_candidates` (`company_id`, `user_id`, `updated_at`, `removed_at`)
  VALUES (NEW.`company_id`, NEW.`applicant_id`, CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER), NULL)
  ON CONFLICT (`company_id`, `user_id`) DO UPDATE
    SET `updated_at` = max(excluded.`updated_at`, `company_candidates`.`updated_at` + 1), `removed_at` = NULL
    WHERE `company_candidates`.`removed_at` IS NOT NULL;
END;

-- The last application of a candidate to the company is gone (deleted, cascades included, or
-- anonymised: `applicant_id` set to NULL by the erasure or by the users foreign key): tombstone.
CREATE TRIGGER `company_candidates_app_unlink` AFTER UPDATE OF `applicant_id`, `company_id` ON `applications`
WHEN OLD.`applicant_id` IS NOT NULL
  AND (OLD.`applicant_id` IS NOT NEW.`applicant_id` OR OLD.`company_id` IS NOT NEW.`company_id`) BEGIN
  UPDATE `company_candidates`
    SET `updated_at` = max(CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER), `updated_at` + 1),
        `removed_at` = max(CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER), `updated_at` + 1)
    WHERE `company_id` = OLD.`company_id` AND `user_id` = OLD.`applicant_id` AND `removed_at` IS NULL
      AND NOT EXISTS (SELECT 1 FROM `applications` a
                      WHERE a.`applicant_id` = OLD.`applicant_id` AND a.`company_id` = OLD.`company_id`);
END;
CREATE TRIGGER `company_candidates_app_delete` AFTER DELETE ON `applications`
WHEN OLD.`applicant_id` IS NOT NULL BEGIN
  UPDATE `company_candidates`
    SET `updated_at` = max(CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER), `updated_at` + 1),
        `removed_at` = max(CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER), `updated_at` + 1)
    WHERE `company_id` = OLD.`company_id` AND `user_id` = OLD.`applicant_id` AND `removed_at` IS NULL
      AND NOT EXISTS (SELECT 1 FROM `applications` a
                      WHERE a.`applicant_id` = OLD.`applicant_id` AND a.`company_id` = OLD.`company_id`);
END;

-- What the company reads of the candidate changed: the profile (created, edited, erased) ...
CREATE TRIGGER `company_candidates_profile_insert` AFTER INSERT ON `seeker_profiles` BEGIN
  UPDATE `company_candidates`
    SET `updated_at` = max(CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER), `updated_at` + 1)
    WHERE `user_id` = NEW.`user_id` AND `removed_at` IS NULL;
END;
CREATE TRIGGER `company_candidates_profile_update` AFTER UPDATE ON `seeker_profiles` BEGIN
  UPDATE `company_candidates`
    SET `updated_at` = max(CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER), `updated_at` + 1)
    WHERE `user_id` = NEW.`user_id` AND `removed_at` IS NULL;
END;
CREATE TRIGGER `company_candidates_profile_delete` AFTER DELETE ON `seeker_profiles` BEGIN
  UPDATE `company_candidates`
    SET `updated_at` = max(CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER), `updated_at` + 1)
    WHERE `user_id` = OLD.`user_id` AND `removed_at` IS NULL;
END;
-- ... or the account fields shown with it (logins and other writes to `users` do not move the row).
CREATE TRIGGER `company_candidates_user_update`
AFTER UPDATE OF `first_name`, `last_name`, `email`, `username`, `status` ON `users`
WHEN OLD.`first_name` IS NOT NEW.`first_name` OR OLD.`last_name` IS NOT NEW.`last_name`
  OR OLD.`email` IS NOT NEW.`email` OR OLD.`username` IS NOT NEW.`username` OR OLD.`status` IS NOT NEW.`status` BEGIN
  UPDATE `company_candidates`
    SET `updated_at` = max(CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER), `updated_at` + 1)
    WHERE `user_id` = NEW.`id` AND `removed_at` IS NULL;
END;
