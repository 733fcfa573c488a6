-- Search filters inside the FTS index (issue #14, cause 3). Until now every text
-- match was joined to its job row and tested against the filters, once for the
-- page, once for the count and once per facet, so a filtered search cost grew
-- with the number of matches. Now each search document also carries its filter
-- values as tokens in an indexed `filters` column, and a filter is one more
-- `AND filters : token` in the MATCH: FTS5 intersects the posting lists, and the
-- page, the count and the facet sample read only what they return.
--
-- Token format (src/modules/search/filter-tokens.ts builds the same strings):
--   `z`, one letter for the kind, the value as SQLite hex() of its UTF-8 text,
--   then the digit 0.
--     za0                 every document (a facet sample with no text and no token filter)
--     zr<0|1>0            is_remote                zf<0|1>0   is_featured
--     zt<hex job_type>0   zl<hex experience_level>0
--     zc<hex category_id>0   zo<hex company_id>0   zu<hex salary_currency>0
--     zp<hex key>0        city_key, region_key and country_key (one kind: a
--                         location part matches any of the three, as before)
--     zs<k>k0             salary band: one token per step k (thousands, the ladder
--                         below) at or under the job's upper yearly salary figure, so
--                         salary_min on a step is one token and salary_min between
--                         steps is the step below (a superset) plus the row check
-- Hex keeps every token a single word for the unicode61 tokenizer (ids and keys
-- hold '-' and spaces), and the final digit keeps the porter stemmer (the table's
-- tokenizer) from shortening a token that happens to end like a suffix
-- ("...ed", "...e"): no porter rule applies to a word ending in a digit.
--
-- The column has weight 0 in every bm25() call, so relevance is unchanged.

CREATE VIEW `job_search_filters` AS
SELECT j.id AS job_id,
  'za0 zr' || (CASE WHEN j.is_remote THEN 1 ELSE 0 END) || '0 zf' || (CASE WHEN j.is_featured THEN 1 ELSE 0 END) || '0'
  || ' zt' || hex(j.job_type) || '0 zl' || hex(j.experience_level) || '0 zo' || hex(j.company_id) || '0'
  || (CASE WHEN j.category_id IS NULL THEN '' ELSE ' zc' || hex(j.category_id) || '0' END)
  || (CASE WHEN coalesce(j.city_key, '') = '' THEN '' ELSE ' zp' || hex(j.city_key) || '0' END)
  || (CASE WHEN coalesce(j.region_key, '') = '' THEN '' ELSE ' zp' || hex(j.region_key) || '0' END)
  || (CASE WHEN coalesce(j.country_key, '') = '' THEN '' ELSE ' zp' || hex(j.country_key) || '0' END)
  || (CASE WHEN coalesce(j.salary_currency, '') = '' THEN '' ELSE ' zu' || hex(j.salary_currency) || '0' END)
  || coalesce((SELECT ' ' || group_concat('zs' || l.value || 'k0', ' ') FROM json_each('[0,10,20,30,40,50,60,70,80,90,100,120,140,150,160,180,200,250,300,400,500]') l
      WHERE l.value * 1000 <= coalesce(j.salary_max_yearly, j.salary_min_yearly, -1)), '')
  AS filters
FROM jobs j;
--> statement-breakpoint
DROP TRIGGER `job_search_docs_ai`;
--> statement-breakpoint
DROP TRIGGER `job_search_docs_ad`;
--> statement-breakpoint
DROP TRIGGER `job_search_docs_au`;
--> statement-breakpoint
DROP TRIGGER `jobs_search_ai`;
--> statement-breakpoint
DROP TRIGGER `jobs_search_au`;
--> statement-breakpoint
DROP TABLE `jobs_fts`;
--> statement-breakpoint
ALTER TABLE `job_search_docs` ADD `filters` TEXT NOT NULL DEFAULT '';
--> statement-breakpoint
UPDATE `job_search_docs` SET `filters` = coalesce((SELECT f.filters FROM job_search_filters f WHERE f.job_id = job_search_docs.job_id), '');
--> statement-breakpoint
CREATE VIRTUAL TABLE `jobs_fts` USING fts5(
  title, skills, company, category, description, filters,
  content='job_search_docs', content_rowid='doc_id',
  tokenize='porter unicode61 remove_diacritics 2'
);
--> statement-breakpoint
INSERT INTO jobs_fts(jobs_fts) VALUES ('rebuild');
--> statement-breakpoint
CREATE TRIGGER `job_search_docs_ai` AFTER INSERT ON `job_search_docs` BEGIN
  INSERT INTO jobs_fts(rowid, title, skills, company, category, description, filters)
  VALUES (NEW.doc_id, NEW.title, NEW.skills, NEW.company, NEW.category, NEW.description, NEW.filters);
END;
--> statement-breakpoint
CREATE TRIGGER `job_search_docs_ad` AFTER DELETE ON `job_search_docs` BEGIN
  INSERT INTO jobs_fts(jobs_fts, rowid, title, skills, company, category, description, filters)
  VALUES ('delete', OLD.doc_id, OLD.title, OLD.skills, OLD.company, OLD.category, OLD.description, OLD.filters);
END;
--> statement-breakpoint
CREATE TRIGGER `job_search_docs_au` AFTER UPDATE ON `job_search_docs` BEGIN
  INSERT INTO jobs_fts(jobs_fts, rowid, title, skills, company, category, description, filters)
  VALUES ('delete', OLD.doc_id, OLD.title, OLD.skills, OLD.company, OLD.category, OLD.description, OLD.filters);
  INSERT INTO jobs_fts(rowid, title, skills, company, category, description, filters)
  VALUES (NEW.doc_id, NEW.title, NEW.skills, NEW.company, NEW.category, NEW.description, NEW.filters);
END;
--> statement-breakpoint
-- jobs -> job_search_docs, as in migration 0009 plus the filter tokens (read from
-- the view: in an AFTER trigger the new row is already in `jobs`). The update
-- trigger also fires on every filter column, the location keys included (they
-- can be filled in after the insert).
CREATE TRIGGER `jobs_search_ai` AFTER INSERT ON `jobs` WHEN NEW.status = 'published' BEGIN
  INSERT INTO job_search_docs(job_id, title, skills, company, category, description, filters)
  VALUES (
    NEW.id,
    NEW.title,
    coalesce((SELECT group_concat(json_extract(value, '$.name'), ' ') FROM json_each(NEW.skills)), ''),
    coalesce((SELECT name FROM companies WHERE id = NEW.company_id), ''),
    coalesce((SELECT name FROM categories WHERE id = NEW.category_id), ''),
    NEW.description || char(10) || coalesce(NEW.requirements, '') || char(10) || coalesce(NEW.responsibilities, ''),
    coalesce((SELECT filters FROM job_search_filters WHERE job_id = NEW.id), '')
  );
END;
--> statement-breakpoint
CREATE TRIGGER `jobs_search_au` AFTER UPDATE OF status, title, description, requirements, responsibilities, skills, company_id, category_id,
  is_remote, is_featured, job_type, experience_level, city_key, region_key, country_key, salary_currency,
  salary_min_yearly, salary_max_yearly ON `jobs` BEGIN
  DELETE FROM job_search_docs WHERE job_id = OLD.id AND NEW.status <> 'published';
  INSERT INTO job_search_docs(job_id, title, skills, company, category, description, filters)
  SELECT
    NEW.id,
    NEW.title,
    coalesce((SELECT group_concat(json_extract(value, '$.name'), ' ') FROM json_each(NEW.skills)), ''),
    coalesce((SELECT name FROM companies WHERE id = NEW.company_id), ''),
    coalesce((SELECT name FROM categories WHERE id = NEW.category_id), ''),
    NEW.description || char(10) || coalesce(NEW.requirements, '') || char(10) || coalesce(NEW.responsibilities, ''),
    coalesce((SELECT filters FROM job_search_filters WHERE job_id = NEW.id), '')
  WHERE NEW.status = 'published'
  ON CONFLICT(job_id) DO UPDATE SET
    title = excluded.title, skills = excluded.skills, company = excluded.company,
    category = excluded.category, description = excluded.description, filters = excluded.filters;
END;
