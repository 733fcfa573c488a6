-- Search at scale (notes/jobs.md, "Search at 100 000 jobs").
--
-- 1. job_facet_counts: how many *published* jobs have each facet value, plus the
--    total ('all', ''). Kept by triggers in the same statement as every job write,
--    so it cannot drift. The unfiltered list takes its total and its facets from
--    here (minus the few published rows already past expires_at that the cron has
--    not expired yet), instead of counting ~the whole table per request.
--    Values: category/company ids, job_type, experience_level, remote 'true'|'false',
--    location 'city<US>country' (char(31) separates them), salary bucket labels on
--    the yearly upper figure (the buckets of src/modules/jobs/facets.ts).
-- 2. jobs_geo_cell_idx: a coarse 1° grid cell per job (expression index), so a
--    radius search reads the jobs of a few cells instead of a whole latitude band.
CREATE TABLE `job_facet_counts` (
  `facet` TEXT NOT NULL,
  `value` TEXT NOT NULL,
  `n` INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (`facet`, `value`)
) WITHOUT ROWID;
--> statement-breakpoint
CREATE INDEX `job_facet_counts_top_idx` ON `job_facet_counts` (`facet`, `n` DESC, `value`);
--> statement-breakpoint
CREATE TRIGGER `jobs_facets_ai` AFTER INSERT ON `jobs` WHEN NEW.status = 'published' BEGIN
  INSERT INTO job_facet_counts(facet, value, n)
    SELECT column1, column2, 1 FROM (VALUES ('all', ''), ('category', NEW.category_id), ('company', NEW.company_id), ('job_type', NEW.job_type),
      ('experience_level', NEW.experience_level), ('remote', CASE NEW.is_remote WHEN 1 THEN 'true' ELSE 'false' END),
      ('location', CASE WHEN NEW.city IS NOT NULL THEN NEW.city || char(31) || coalesce(NEW.country, '') END),
      ('salary', CASE WHEN coalesce(NEW.salary_max_yearly, NEW.salary_min_yearly, -1) < 0 THEN NULL
        WHEN coalesce(NEW.salary_max_yearly, NEW.salary_min_yearly, -1) < 30000 THEN '0-30000'
        WHEN coalesce(NEW.salary_max_yearly, NEW.salary_min_yearly, -1) < 50000 THEN '30000-50000'
        WHEN coalesce(NEW.salary_max_yearly, NEW.salary_min_yearly, -1) < 75000 THEN '50000-75000'
        WHEN coalesce(NEW.salary_max_yearly, NEW.salary_min_yearly, -1) < 100000 THEN '75000-100000'
        WHEN coalesce(NEW.salary_max_yearly, NEW.salary_min_yearly, -1) < 150000 THEN '100000-150000'
        WHEN coalesce(NEW.salary_max_yearly, NEW.salary_min_yearly, -1) < 200000 THEN '150000-200000'
        ELSE '200000+' END)) WHERE column2 IS NOT NULL
    ON CONFLICT(facet, value) DO UPDATE SET n = n + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `jobs_facets_au` AFTER UPDATE OF status, category_id, company_id, job_type, experience_level, is_remote, city,
  country, salary_min_yearly, salary_max_yearly ON `jobs`
WHEN OLD.status = 'published' OR NEW.status = 'published' BEGIN
  UPDATE job_facet_counts SET n = n - 1
    WHERE OLD.status = 'published' AND (facet, value) IN (SELECT column1, column2 FROM (VALUES ('all', ''), ('category', OLD.category_id), ('company', OLD.company_id), ('job_type', OLD.job_type),
      ('experience_level', OLD.experience_level), ('remote', CASE OLD.is_remote WHEN 1 THEN 'true' ELSE 'false' END),
      ('location', CASE WHEN OLD.city IS NOT NULL THEN OLD.city || char(31) || coalesce(OLD.country, '') END),
      ('salary', CASE WHEN coalesce(OLD.salary_max_yearly, OLD.salary_min_yearly, -1) < 0 THEN NULL
        WHEN coalesce(OLD.salary_max_yearly, OLD.salary_min_yearly, -1) < 30000 THEN '0-30000'
        WHEN coalesce(OLD.salary_max_yearly, OLD.salary_min_yearly, -1) < 50000 THEN '30000-50000'
        WHEN coalesce(OLD.salary_max_yearly, OLD.salary_min_yearly, -1) < 75000 THEN '50000-75000'
        WHEN coalesce(OLD.salary_max_yearly, OLD.salary_min_yearly, -1) < 100000 THEN '75000-100000'
        WHEN coalesce(OLD.salary_max_yearly, OLD.salary_min_yearly, -1) < 150000 THEN '100000-150000'
        WHEN coalesce(OLD.salary_max_yearly, OLD.salary_min_yearly, -1) < 200000 THEN '150000-200000'
        ELSE '200000+' END)));
  INSERT INTO job_facet_counts(facet, value, n)
    SELECT column1, column2, 1 FROM (VALUES ('all', ''), ('category', NEW.category_id), ('company', NEW.company_id), ('job_type', NEW.job_type),
      ('experience_level', NEW.experience_level), ('remote', CASE NEW.is_remote WHEN 1 THEN 'true' ELSE 'false' END),
      ('location', CASE WHEN NEW.city IS NOT NULL THEN NEW.city || char(31) || coalesce(NEW.country, '') END),
      ('salary', CASE WHEN coalesce(NEW.salary_max_yearly, NEW.salary_min_yearly, -1) < 0 THEN NULL
        WHEN coalesce(NEW.salary_max_yearly, NEW.salary_min_yearly, -1) < 30000 THEN '0-30000'
        WHEN coalesce(NEW.salary_max_yearly, NEW.salary_min_yearly, -1) < 50000 THEN '30000-50000'
        WHEN coalesce(NEW.salary_max_yearly, NEW.salary_min_yearly, -1) < 75000 THEN '50000-75000'
        WHEN coalesce(NEW.salary_max_yearly, NEW.salary_min_yearly, -1) < 100000 THEN '75000-100000'
        WHEN coalesce(NEW.salary_max_yearly, NEW.salary_min_yearly, -1) < 150000 THEN '100000-150000'
        WHEN coalesce(NEW.salary_max_yearly, NEW.salary_min_yearly, -1) < 200000 THEN '150000-200000'
        ELSE '200000+' END)) WHERE NEW.status = 'published' AND column2 IS NOT NULL
    ON CONFLICT(facet, value) DO UPDATE SET n = n + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `jobs_facets_ad` AFTER DELETE ON `jobs` WHEN OLD.status = 'published' BEGIN
  UPDATE job_facet_counts SET n = n - 1
    WHERE (facet, value) IN (SELECT column1, column2 FROM (VALUES ('all', ''), ('category', OLD.category_id), ('company', OLD.company_id), ('job_type', OLD.job_type),
      ('experience_level', OLD.experience_level), ('remote', CASE OLD.is_remote WHEN 1 THEN 'true' ELSE 'false' END),
      ('location', CASE WHEN OLD.city IS NOT NULL THEN OLD.city || char(31) || coalesce(OLD.country, '') END),
      ('salary', CASE WHEN coalesce(OLD.salary_max_yearly, OLD.salary_min_yearly, -1) < 0 THEN NULL
        WHEN coalesce(OLD.salary_max_yearly, OLD.salary_min_yearly, -1) < 30000 THEN '0-30000'
        WHEN coalesce(OLD.salary_max_yearly, OLD.salary_min_yearly, -1) < 50000 THEN '30000-50000'
        WHEN coalesce(OLD.salary_max_yearly, OLD.salary_min_yearly, -1) < 75000 THEN '50000-75000'
        WHEN coalesce(OLD.salary_max_yearly, OLD.salary_min_yearly, -1) < 100000 THEN '75000-100000'
        WHEN coalesce(OLD.salary_max_yearly, OLD.salary_min_yearly, -1) < 150000 THEN '100000-150000'
        WHEN coalesce(OLD.salary_max_yearly, OLD.salary_min_yearly, -1) < 200000 THEN '150000-200000'
        ELSE '200000+' END)));
END;
--> statement-breakpoint
-- Backfill for databases that already hold published jobs (one statement per facet).
INSERT INTO job_facet_counts(facet, value, n)
  SELECT 'all', v, count(*) FROM (SELECT '' AS v FROM jobs WHERE status = 'published') WHERE v IS NOT NULL GROUP BY v
  ON CONFLICT(facet, value) DO UPDATE SET n = excluded.n;
--> statement-breakpoint
INSERT INTO job_facet_counts(facet, value, n)
  SELECT 'category', v, count(*) FROM (SELECT category_id AS v FROM jobs WHERE status = 'published') WHERE v IS NOT NULL GROUP BY v
  ON CONFLICT(facet, value) DO UPDATE SET n = excluded.n;
--> statement-breakpoint
INSERT INTO job_facet_counts(facet, value, n)
  SELECT 'company', v, count(*) FROM (SELECT company_id AS v FROM jobs WHERE status = 'published') WHERE v IS NOT NULL GROUP BY v
  ON CONFLICT(facet, value) DO UPDATE SET n = excluded.n;
--> statement-breakpoint
INSERT INTO job_facet_counts(facet, value, n)
  SELECT 'job_type', v, count(*) FROM (SELECT job_type AS v FROM jobs WHERE status = 'published') WHERE v IS NOT NULL GROUP BY v
  ON CONFLICT(facet, value) DO UPDATE SET n = excluded.n;
--> statement-breakpoint
INSERT INTO job_facet_counts(facet, value, n)
  SELECT 'experience_level', v, count(*) FROM (SELECT experience_level AS v FROM jobs WHERE status = 'published') WHERE v IS NOT NULL GROUP BY v
  ON CONFLICT(facet, value) DO UPDATE SET n = excluded.n;
--> statement-breakpoint
INSERT INTO job_facet_counts(facet, value, n)
  SELECT 'remote', v, count(*) FROM (SELECT CASE is_remote WHEN 1 THEN 'true' ELSE 'false' END AS v FROM jobs WHERE status = 'published') WHERE v IS NOT NULL GROUP BY v
  ON CONFLICT(facet, value) DO UPDATE SET n = excluded.n;
--> statement-breakpoint
INSERT INTO job_facet_counts(facet, value, n)
  SELECT 'location', v, count(*) FROM (SELECT CASE WHEN city IS NOT NULL THEN city || char(31) || coalesce(country, '') END AS v FROM jobs WHERE status = 'published') WHERE v IS NOT NULL GROUP BY v
  ON CONFLICT(facet, value) DO UPDATE SET n = excluded.n;
--> statement-breakpoint
INSERT INTO job_facet_counts(facet, value, n)
  SELECT 'salary', v, count(*) FROM (SELECT CASE WHEN coalesce(salary_max_yearly, salary_min_yearly, -1) < 0 THEN NULL
        WHEN coalesce(salary_max_yearly, salary_min_yearly, -1) < 30000 THEN '0-30000'
        WHEN coalesce(salary_max_yearly, salary_min_yearly, -1) < 50000 THEN '30000-50000'
        WHEN coalesce(salary_max_yearly, salary_min_yearly, -1) < 75000 THEN '50000-75000'
        WHEN coalesce(salary_max_yearly, salary_min_yearly, -1) < 100000 THEN '75000-100000'
        WHEN coalesce(salary_max_yearly, salary_min_yearly, -1) < 150000 THEN '100000-150000'
        WHEN coalesce(salary_max_yearly, salary_min_yearly, -1) < 200000 THEN '150000-200000'
        ELSE '200000+' END AS v FROM jobs WHERE status = 'published') WHERE v IS NOT NULL GROUP BY v
  ON CONFLICT(facet, value) DO UPDATE SET n = excluded.n;
--> statement-breakpoint
CREATE INDEX `jobs_geo_cell_idx` ON `jobs` (`status`, (floor(`lat`) * 1000 + floor(`lng`)));
