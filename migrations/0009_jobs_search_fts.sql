-- Job search: FTS5 index, suggestion vocabulary, cache versions, view rollups,
-- open-jobs counters and the salary sort-key indexes. Hand-written because
-- drizzle cannot express virtual tables, triggers or expression indexes with commas.
--
-- Only *published* jobs are indexed: public search never needs anything else,
-- so the index stays small and MATCH alone already implies "published".

-- The salary sort keys (src/modules/jobs/search-sql.ts uses the same expressions).
CREATE INDEX `jobs_salary_high_idx` ON `jobs` (`status`, coalesce(`salary_max_yearly`, `salary_min_yearly`, -1), `id`);
--> statement-breakpoint
CREATE INDEX `jobs_salary_low_idx` ON `jobs` (`status`, coalesce(`salary_min_yearly`, `salary_max_yearly`, 999999999999), `id`);
--> statement-breakpoint

-- External content for jobs_fts. An explicit INTEGER PRIMARY KEY gives FTS a
-- rowid that VACUUM can never renumber (jobs has a text primary key).
CREATE TABLE `job_search_docs` (
  `doc_id` INTEGER PRIMARY KEY,
  `job_id` TEXT NOT NULL UNIQUE,
  `title` TEXT NOT NULL,
  `skills` TEXT NOT NULL,
  `company` TEXT NOT NULL,
  `category` TEXT NOT NULL,
  `description` TEXT NOT NULL
);
--> statement-breakpoint
CREATE VIRTUAL TABLE `jobs_fts` USING fts5(
  title, skills, company, category, description,
  content='job_search_docs', content_rowid='doc_id',
  tokenize='porter unicode61 remove_diacritics 2'
);
--> statement-breakpoint
CREATE TRIGGER `job_search_docs_ai` AFTER INSERT ON `job_search_docs` BEGIN
  INSERT INTO jobs_fts(rowid, title, skills, company, category, description)
  VALUES (NEW.doc_id, NEW.title, NEW.skills, NEW.company, NEW.category, NEW.description);
END;
--> statement-breakpoint
CREATE TRIGGER `job_search_docs_ad` AFTER DELETE ON `job_search_docs` BEGIN
  INSERT INTO jobs_fts(jobs_fts, rowid, title, skills, company, category, description)
  VALUES ('delete', OLD.doc_id, OLD.title, OLD.skills, OLD.company, OLD.category, OLD.description);
END;
--> statement-breakpoint
CREATE TRIGGER `job_search_docs_au` AFTER UPDATE ON `job_search_docs` BEGIN
  INSERT INTO jobs_fts(jobs_fts, rowid, title, skills, company, category, description)
  VALUES ('delete', OLD.doc_id, OLD.title, OLD.skills, OLD.company, OLD.category, OLD.description);
  INSERT INTO jobs_fts(rowid, title, skills, company, category, description)
  VALUES (NEW.doc_id, NEW.title, NEW.skills, NEW.company, NEW.category, NEW.description);
END;
--> statement-breakpoint

-- jobs -> job_search_docs. The update trigger lists only the indexed columns,
-- so view and application counters never rewrite the index.
CREATE TRIGGER `jobs_search_ai` AFTER INSERT ON `jobs` WHEN NEW.status = 'published' BEGIN
  INSERT INTO job_search_docs(job_id, title, skills, company, category, description)
  VALUES (
    NEW.id,
    NEW.title,
    coalesce((SELECT group_concat(json_extract(value, '$.name'), ' ') FROM json_each(NEW.skills)), ''),
    coalesce((SELECT name FROM companies WHERE id = NEW.company_id), ''),
    coalesce((SELECT name FROM categories WHERE id = NEW.category_id), ''),
    NEW.description || char(10) || coalesce(NEW.requirements, '') || char(10) || coalesce(NEW.responsibilities, '')
  );
END;
--> statement-breakpoint
CREATE TRIGGER `jobs_search_au` AFTER UPDATE OF status, title, description, requirements, responsibilities, skills, company_id, category_id ON `jobs` BEGIN
  DELETE FROM job_search_docs WHERE job_id = OLD.id AND NEW.status <> 'published';
  INSERT INTO job_search_docs(job_id, title, skills, company, category, description)
  SELECT
    NEW.id,
    NEW.title,
    coalesce((SELECT group_concat(json_extract(value, '$.name'), ' ') FROM json_each(NEW.skills)), ''),
    coalesce((SELECT name FROM companies WHERE id = NEW.company_id), ''),
    coalesce((SELECT name FROM categories WHERE id = NEW.category_id), ''),
    NEW.description || char(10) || coalesce(NEW.requirements, '') || char(10) || coalesce(NEW.responsibilities, '')
  WHERE NEW.status = 'published'
  ON CONFLICT(job_id) DO UPDATE SET
    title = excluded.title, skills = excluded.skills, company = excluded.company,
    category = excluded.category, description = excluded.description;
END;
--> statement-breakpoint
CREATE TRIGGER `jobs_search_ad` AFTER DELETE ON `jobs` WHEN OLD.status = 'published' BEGIN
  DELETE FROM job_search_docs WHERE job_id = OLD.id;
END;
--> statement-breakpoint
CREATE TRIGGER `companies_search_au` AFTER UPDATE OF name ON `companies` WHEN OLD.name IS NOT NEW.name BEGIN
  UPDATE job_search_docs SET company = NEW.name
  WHERE job_id IN (SELECT id FROM jobs WHERE company_id = NEW.id AND status = 'published');
END;
--> statement-breakpoint
CREATE TRIGGER `categories_search_au` AFTER UPDATE OF name ON `categories` WHEN OLD.name IS NOT NEW.name BEGIN
  UPDATE job_search_docs SET category = NEW.name
  WHERE job_id IN (SELECT id FROM jobs WHERE category_id = NEW.id AND status = 'published');
END;
--> statement-breakpoint

-- Suggestions: whole titles, company names, skills and locations of published
-- jobs, weighted by how many published jobs use them. A word-level FTS index with
-- prefix indexes answers "starts with" per word; its fts5vocab view is the
-- vocabulary for typo correction (search and suggest).
CREATE TABLE `suggest_terms` (
  `id` INTEGER PRIMARY KEY,
  `kind` TEXT NOT NULL,
  `value` TEXT NOT NULL,
  `norm` TEXT NOT NULL,
  `weight` INTEGER NOT NULL DEFAULT 0
);
--> statement-breakpoint
CREATE UNIQUE INDEX `suggest_terms_kind_norm_unique` ON `suggest_terms` (`kind`, `norm`);
--> statement-breakpoint
CREATE VIRTUAL TABLE `suggest_fts` USING fts5(
  value, content='suggest_terms', content_rowid='id',
  tokenize='unicode61 remove_diacritics 2', prefix='2 3'
);
--> statement-breakpoint
CREATE VIRTUAL TABLE `suggest_vocab` USING fts5vocab(suggest_fts, 'row');
--> statement-breakpoint
CREATE TRIGGER `suggest_terms_ai` AFTER INSERT ON `suggest_terms` BEGIN
  INSERT INTO suggest_fts(rowid, value) VALUES (NEW.id, NEW.value);
END;
--> statement-breakpoint
CREATE TRIGGER `suggest_terms_ad` AFTER DELETE ON `suggest_terms` BEGIN
  INSERT INTO suggest_fts(suggest_fts, rowid, value) VALUES ('delete', OLD.id, OLD.value);
END;
--> statement-breakpoint
CREATE TRIGGER `suggest_terms_prune` AFTER UPDATE OF weight ON `suggest_terms` WHEN NEW.weight <= 0 BEGIN
  DELETE FROM suggest_terms WHERE id = NEW.id;
END;
--> statement-breakpoint
-- One trigger per direction keeps the order explicit: additions run before
-- removals, so an unchanged term never drops to zero and churns the index.
CREATE TRIGGER `jobs_suggest_ai` AFTER INSERT ON `jobs` WHEN NEW.status = 'published' BEGIN
  INSERT INTO suggest_terms(kind, value, norm, weight) VALUES ('title', NEW.title, lower(NEW.title), 1)
    ON CONFLICT(kind, norm) DO UPDATE SET weight = weight + 1;
  INSERT INTO suggest_terms(kind, value, norm, weight) SELECT 'company', name, lower(name), 1 FROM companies WHERE id = NEW.company_id
    ON CONFLICT(kind, norm) DO UPDATE SET weight = weight + 1;
  INSERT INTO suggest_terms(kind, value, norm, weight)
    SELECT 'skill', json_extract(value, '$.name'), lower(json_extract(value, '$.name')), 1 FROM json_each(NEW.skills) WHERE 1
    ON CONFLICT(kind, norm) DO UPDATE SET weight = weight + 1;
  INSERT INTO suggest_terms(kind, value, norm, weight) SELECT 'location', NEW.city, lower(NEW.city), 1 WHERE NEW.city IS NOT NULL AND NEW.city <> ''
    ON CONFLICT(kind, norm) DO UPDATE SET weight = weight + 1;
  INSERT INTO suggest_terms(kind, value, norm, weight) SELECT 'location', NEW.country, lower(NEW.country), 1 WHERE NEW.country IS NOT NULL AND NEW.country <> ''
    ON CONFLICT(kind, norm) DO UPDATE SET weight = weight + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `jobs_suggest_au` AFTER UPDATE OF status, title, city, country, skills, company_id ON `jobs` BEGIN
  INSERT INTO suggest_terms(kind, value, norm, weight) SELECT 'title', NEW.title, lower(NEW.title), 1 WHERE NEW.status = 'published'
    ON CONFLICT(kind, norm) DO UPDATE SET weight = weight + 1;
  INSERT INTO suggest_terms(kind, value, norm, weight) SELECT 'company', name, lower(name), 1 FROM companies WHERE id = NEW.company_id AND NEW.status = 'published'
    ON CONFLICT(kind, norm) DO UPDATE SET weight = weight + 1;
  INSERT INTO suggest_terms(kind, value, norm, weight)
    SELECT 'skill', json_extract(value, '$.name'), lower(json_extract(value, '$.name')), 1 FROM json_each(NEW.skills) WHERE NEW.status = 'published'
    ON CONFLICT(kind, norm) DO UPDATE SET weight = weight + 1;
  INSERT INTO suggest_terms(kind, value, norm, weight) SELECT 'location', NEW.city, lower(NEW.city), 1
    WHERE NEW.status = 'published' AND NEW.city IS NOT NULL AND NEW.city <> ''
    ON CONFLICT(kind, norm) DO UPDATE SET weight = weight + 1;
  INSERT INTO suggest_terms(kind, value, norm, weight) SELECT 'location', NEW.country, lower(NEW.country), 1
    WHERE NEW.status = 'published' AND NEW.country IS NOT NULL AND NEW.country <> ''
    ON CONFLICT(kind, norm) DO UPDATE SET weight = weight + 1;
  UPDATE suggest_terms SET weight = weight - 1 WHERE OLD.status = 'published' AND kind = 'title' AND norm = lower(OLD.title);
  UPDATE suggest_terms SET weight = weight - 1 WHERE OLD.status = 'published' AND kind = 'company'
    AND norm = (SELECT lower(name) FROM companies WHERE id = OLD.company_id);
  UPDATE suggest_terms SET weight = weight - 1 WHERE OLD.status = 'published' AND kind = 'skill'
    AND norm IN (SELECT lower(json_extract(value, '$.name')) FROM json_each(OLD.skills));
  UPDATE suggest_terms SET weight = weight - 1 WHERE OLD.status = 'published' AND kind = 'location'
    AND norm IN (lower(OLD.city), lower(OLD.country));
END;
--> statement-breakpoint
CREATE TRIGGER `jobs_suggest_ad` AFTER DELETE ON `jobs` WHEN OLD.status = 'published' BEGIN
  UPDATE suggest_terms SET weight = weight - 1 WHERE kind = 'title' AND norm = lower(OLD.title);
  UPDATE suggest_terms SET weight = weight - 1 WHERE kind = 'company'
    AND norm = (SELECT lower(name) FROM companies WHERE id = OLD.company_id);
  UPDATE suggest_terms SET weight = weight - 1 WHERE kind = 'skill'
    AND norm IN (SELECT lower(json_extract(value, '$.name')) FROM json_each(OLD.skills));
  UPDATE suggest_terms SET weight = weight - 1 WHERE kind = 'location' AND norm IN (lower(OLD.city), lower(OLD.country));
END;
--> statement-breakpoint
CREATE TRIGGER `companies_suggest_au` AFTER UPDATE OF name ON `companies` WHEN OLD.name IS NOT NEW.name BEGIN
  INSERT INTO suggest_terms(kind, value, norm, weight)
    SELECT 'company', NEW.name, lower(NEW.name), count(*) FROM jobs WHERE company_id = NEW.id AND status = 'published'
    HAVING count(*) > 0
    ON CONFLICT(kind, norm) DO UPDATE SET weight = weight + excluded.weight;
  UPDATE suggest_terms SET weight = weight - (SELECT count(*) FROM jobs WHERE company_id = NEW.id AND status = 'published')
    WHERE kind = 'company' AND norm = lower(OLD.name);
END;
--> statement-breakpoint

-- companies.open_jobs_count: recounted (not incremented) on every transition into
-- or out of `published`, in the same statement as the change, so it cannot drift.
CREATE TRIGGER `jobs_open_count_ai` AFTER INSERT ON `jobs` WHEN NEW.status = 'published' BEGIN
  UPDATE companies SET open_jobs_count = (SELECT count(*) FROM jobs WHERE company_id = NEW.company_id AND status = 'published')
  WHERE id = NEW.company_id;
END;
--> statement-breakpoint
CREATE TRIGGER `jobs_open_count_au` AFTER UPDATE OF status, company_id ON `jobs`
WHEN (OLD.status = 'published') <> (NEW.status = 'published') OR OLD.company_id <> NEW.company_id BEGIN
  UPDATE companies SET open_jobs_count = (SELECT count(*) FROM jobs WHERE company_id = companies.id AND status = 'published')
  WHERE id IN (OLD.company_id, NEW.company_id);
END;
--> statement-breakpoint
CREATE TRIGGER `jobs_open_count_ad` AFTER DELETE ON `jobs` WHEN OLD.status = 'published' BEGIN
  UPDATE companies SET open_jobs_count = (SELECT count(*) FROM jobs WHERE company_id = OLD.company_id AND status = 'published')
  WHERE id = OLD.company_id;
END;
--> statement-breakpoint

-- Unique views: the queue consumer inserts one row per (job, day, viewer) with
-- INSERT OR IGNORE; only a new row counts.
CREATE TRIGGER `job_views_ai` AFTER INSERT ON `job_views` BEGIN
  INSERT INTO job_view_daily(job_id, day, views) SELECT NEW.job_id, NEW.day, 1 WHERE EXISTS (SELECT 1 FROM jobs WHERE id = NEW.job_id)
    ON CONFLICT(job_id, day) DO UPDATE SET views = views + 1;
  UPDATE jobs SET view_count = view_count + 1 WHERE id = NEW.job_id;
END;
--> statement-breakpoint

-- Cache versions: every change that can alter a public job list, search or detail
-- bumps the version that is part of every cache key, so stale entries are never read.
CREATE TABLE `cache_versions` (
  `scope` TEXT PRIMARY KEY NOT NULL,
  `version` INTEGER NOT NULL DEFAULT 0
);
--> statement-breakpoint
INSERT INTO cache_versions(scope, version) VALUES ('jobs', 1) ON CONFLICT(scope) DO NOTHING;
--> statement-breakpoint
CREATE TRIGGER `jobs_cache_ai` AFTER INSERT ON `jobs` WHEN NEW.status = 'published' BEGIN
  UPDATE cache_versions SET version = version + 1 WHERE scope = 'jobs';
END;
--> statement-breakpoint
CREATE TRIGGER `jobs_cache_au` AFTER UPDATE OF title, slug, description, requirements, responsibilities, benefits, city, region,
  country, lat, lng, is_remote, job_type, experience_level, salary_min, salary_max, salary_currency, salary_period, skills,
  screening_questions, apply_url, status, is_featured, application_deadline, publish_at, published_at, expires_at,
  company_id, category_id ON `jobs`
WHEN OLD.status = 'published' OR NEW.status = 'published' BEGIN
  UPDATE cache_versions SET version = version + 1 WHERE scope = 'jobs';
END;
--> statement-breakpoint
CREATE TRIGGER `jobs_cache_ad` AFTER DELETE ON `jobs` WHEN OLD.status = 'published' BEGIN
  UPDATE cache_versions SET version = version + 1 WHERE scope = 'jobs';
END;
--> statement-breakpoint
CREATE TRIGGER `companies_cache_au` AFTER UPDATE OF name, slug, logo_key, is_verified, website ON `companies` BEGIN
  UPDATE cache_versions SET version = version + 1 WHERE scope = 'jobs';
END;
--> statement-breakpoint
CREATE TRIGGER `companies_cache_ad` AFTER DELETE ON `companies` BEGIN
  UPDATE cache_versions SET version = version + 1 WHERE scope = 'jobs';
END;
--> statement-breakpoint
CREATE TRIGGER `categories_cache_ai` AFTER INSERT ON `categories` BEGIN
  UPDATE cache_versions SET version = version + 1 WHERE scope = 'jobs';
END;
--> statement-breakpoint
CREATE TRIGGER `categories_cache_au` AFTER UPDATE ON `categories` BEGIN
  UPDATE cache_versions SET version = version + 1 WHERE scope = 'jobs';
END;
--> statement-breakpoint
CREATE TRIGGER `categories_cache_ad` AFTER DELETE ON `categories` BEGIN
  UPDATE cache_versions SET version = version + 1 WHERE scope = 'jobs';
END;
--> statement-breakpoint

-- Backfill for databases that already hold published jobs.
INSERT INTO job_search_docs(job_id, title, skills, company, category, description)
SELECT j.id, j.title,
  coalesce((SELECT group_concat(json_extract(value, '$.name'), ' ') FROM json_each(j.skills)), ''),
  coalesce((SELECT name FROM companies WHERE id = j.company_id), ''),
  coalesce((SELECT name FROM categories WHERE id = j.category_id), ''),
  j.description || char(10) || coalesce(j.requirements, '') || char(10) || coalesce(j.responsibilities, '')
FROM jobs j WHERE j.status = 'published';
