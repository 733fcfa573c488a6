/**
 * Reads for crawlers and aggregators (the public pages' sitemaps and XML job
 * feed): published jobs paged by id, and the newest ones with their full text.
 * Both ride `jobs_status_id_idx` / `jobs_status_published_idx`.
 */
import { JOB_RECORD_COLUMNS, JOB_RECORD_JOINS, type JobRecord, recordFromSql } from "./records";

export interface CrawlEntry {
  id: string;
  slug: string;
  updatedAt: number;
}

/**
 * The first id of every `size` published jobs in id order: the boundaries of
 * the sitemap files. One pass over the covering (status, id) index.
 */
export async function publishedJobBoundaries(d1: D1Database, size: number): Promise<string[]> {
  const { results } = await d1
    .prepare(
      `SELECT id FROM (SELECT id, row_number() OVER (ORDER BY id) AS rn FROM jobs WHERE status = 'published')
        WHERE (rn - 1) % ? = 0 ORDER BY id`,
    )
    .bind(size)
    .all<{ id: string }>();
  return results.map((r) => r.id);
}

/** Published jobs with `from <= id < to` (no `to`: to the end), in id order, at most `limit`. */
export async function publishedJobsByIdRange(
  d1: D1Database,
  range: { from: string; to?: string },
  limit: number,
): Promise<CrawlEntry[]> {
  const { results } = await d1
    .prepare(
      `SELECT id, slug, updated_at FROM jobs WHERE status = 'published' AND id >= ?1 AND (?2 IS NULL OR id < ?2)
        ORDER BY id LIMIT ?3`,
    )
    .bind(range.from, range.to ?? null, limit)
    .all<{ id: string; slug: string; updated_at: number }>();
  return results.map((r) => ({ id: r.id, slug: r.slug, updatedAt: Number(r.updated_at) }));
}

/** The newest live jobs with everything a job feed carries (description included). */
export async function latestJobRecords(d1: D1Database, limit: number, now = Date.now()): Promise<JobRecord[]> {
  const { results } = await d1
    .prepare(
      `SELECT ${JOB_RECORD_COLUMNS.text} FROM jobs j ${JOB_RECORD_JOINS.text}
        WHERE j.status = 'published' AND (j.expires_at IS NULL OR j.expires_at > ?)
        ORDER BY j.published_at DESC, j.id DESC LIMIT ?`,
    )
    .bind(now, limit)
    .all<Record<string, unknown>>();
  return results.map(recordFromSql);
}
