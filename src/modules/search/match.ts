/**
 * Matching for saved searches (job alerts). These entry points reuse the exact
 * filter code of `GET /jobs` (`planSearch` → `conditions` over `source`), and
 * only add a restriction: a publication window (digests) or one job (instant
 * alerts). No typo correction here: an alert delivers what its query matches.
 */

import { type Frag, prepare, rawSql, sq, where } from "../../platform/db/sql";
import { JOB_RECORD_COLUMNS, JOB_RECORD_JOINS, type JobSummaryDto, presentSummary, recordFromSql } from "../jobs";
import type { SearchQueryInput } from "./schemas";
import { planSearch } from "./search";
import { conditions, source } from "./sql";

export interface MatchWindow {
  /** Published strictly after this time (epoch ms)… */
  after: number;
  /** …and at or before this one. */
  until: number;
  /** At most this many jobs are returned (newest first); the count covers all. */
  limit: number;
  /** "Now" for the visibility conditions (not expired). */
  now: number;
}

/**
 * Two statements for one saved search: the newest `limit` visible jobs that
 * match it and were published in the window (full rows for presenting), and
 * how many there are in all. Meant for `d1.batch` over many alerts at once.
 */
export function windowStatements(params: SearchQueryInput, w: MatchWindow): [Frag, Frag] {
  const f = planSearch(params).filters;
  // Same convention as search-sql.ts: with a text query, keep SQLite on the FTS index.
  const published = rawSql(f.match !== undefined ? "+j.published_at" : "j.published_at");
  const conds = [...conditions(f, w.now), sq`${published} > ${w.after}`, sq`${published} <= ${w.until}`];
  const matches = sq`SELECT j.id AS id, j.published_at AS p FROM ${source(f)} WHERE ${where(conds)} ORDER BY j.published_at DESC, j.id DESC LIMIT ${w.limit}`;
  return [
    sq`WITH m AS (${matches}) SELECT ${JOB_RECORD_COLUMNS} FROM m JOIN jobs j ON j.id = m.id ${JOB_RECORD_JOINS} ORDER BY m.p DESC, m.id DESC`,
    sq`SELECT count(*) AS n FROM ${source(f)} WHERE ${where(conds)}`,
  ];
}

/** Reads the results of `windowStatements` (in the same order). */
export function readWindow(
  env: Pick<Env, "PUBLIC_APP_URL">,
  page: D1Result | undefined,
  count: D1Result | undefined,
): { jobs: JobSummaryDto[]; total: number } {
  const rows = (page?.results ?? []) as Record<string, unknown>[];
  const total = Number((count?.results?.[0] as { n?: unknown } | undefined)?.n ?? 0);
  return { jobs: rows.map((r) => presentSummary(env, recordFromSql(r))), total };
}

/**
 * One statement answering "does this saved search match job `jobId` now?":
 * a row with `tag` when it does, nothing otherwise. With a text query the FTS
 * index is restricted to the job's own document, so the cost does not grow
 * with the number of other jobs that contain the words.
 */
export function jobMatchStatement(params: SearchQueryInput, jobId: string, now: number, tag: string): Frag {
  const f = planSearch(params).filters;
  const only =
    f.match !== undefined
      ? sq`jobs_fts.rowid = (SELECT doc_id FROM job_search_docs WHERE job_id = ${jobId})`
      : sq`j.id = ${jobId}`;
  return sq`SELECT ${tag} AS tag FROM ${source(f)} WHERE ${where([...conditions(f, now), only])} LIMIT 1`;
}

/** Runs `jobMatchStatement` for many searches in batches; returns the tags that matched. */
export async function matchingTags(
  d1: D1Database,
  searches: { tag: string; params: SearchQueryInput }[],
  jobId: string,
  now: number,
): Promise<Set<string>> {
  const hits = new Set<string>();
  for (let i = 0; i < searches.length; i += 50) {
    const chunk = searches.slice(i, i + 50);
    const results = await d1.batch(chunk.map((s) => prepare(d1, jobMatchStatement(s.params, jobId, now, s.tag))));
    for (const r of results) for (const row of (r.results ?? []) as { tag: string }[]) hits.add(String(row.tag));
  }
  return hits;
}
