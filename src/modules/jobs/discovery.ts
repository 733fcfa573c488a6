/** Featured, trending and similar jobs, and view counting. */

import { sha256Hex } from "../../lib/crypto";
import { anyTermExpression, tokenize } from "../../lib/query-text";
import { kvCache } from "../../platform/cache";
import type { Db } from "../../platform/db/client";
import { joinFrags, prepare, sq } from "../../platform/db/sql";
import { enqueue } from "../../platform/queue/enqueue";
import { type JobSummaryDto, presentSummary } from "./presenters";
import { JOB_RECORD_COLUMNS, JOB_RECORD_JOINS, type JobRecord, recordFromSql } from "./records";
import { jobEmbeddingText, nearestJobs, semanticIndex, semanticPoints } from "./semantic";
import { isPublic, loadRecords } from "./service";

type Row = Record<string, unknown>;
const DAY_MS = 86_400_000;
/** Similar jobs: live and still open for applications (binds `now` twice). */
const OPEN =
  "j.status = 'published' AND (j.expires_at IS NULL OR j.expires_at > ?) AND (j.application_deadline IS NULL OR j.application_deadline >= ?)";

export async function featuredJobs(env: Pick<Env, "PUBLIC_APP_URL">, d1: D1Database, limit: number, now = Date.now()) {
  const { results } = await d1
    .prepare(
      `SELECT ${JOB_RECORD_COLUMNS.text} FROM jobs j ${JOB_RECORD_JOINS.text}
        WHERE j.status = 'published' AND j.is_featured = 1 AND (j.expires_at IS NULL OR j.expires_at > ?)
        ORDER BY j.published_at DESC, j.id DESC LIMIT ?`,
    )
    .bind(now, limit)
    .all<Row>();
  return results.map((r) => presentSummary(env, recordFromSql(r)));
}

// ------------------------------------------------------------------ trending

/** Views and applications lose half their weight every 3 days. */
const DECAY_PER_DAY = Math.LN2 / 3;
const WINDOW_DAYS = 14;
/** An application says more about interest than a view. */
const APPLICATION_WEIGHT = 5;

export interface TrendingSnapshot {
  computed_at: string;
  jobs: Array<{ id: string; score: number }>;
}

/** The latest snapshot in KV: the hourly task overwrites it, a cold read copies `trending_jobs`. */
export const trendingCache = kvCache<TrendingSnapshot>()("jobs.trending");

/** How many ranked jobs a snapshot keeps (the route's `limit` is at most this). */
const TRENDING_SIZE = 50;

/**
 * Scores jobs viewed in the last two weeks: Σ views·e^(−λ·age) plus
 * Σ applications·w·e^(−λ·age). Candidates come from the per-day view rollup
 * (indexed by day); applications are looked up per candidate by job id. This
 * reads every recent view, so only the hourly task runs it: it stores the top
 * jobs in `trending_jobs` (replaced in one batch) and in KV.
 */
export async function computeTrending(env: Pick<Env, "CACHE">, d1: D1Database, now: number): Promise<TrendingSnapshot> {
  const today = Math.floor(now / DAY_MS);
  const { results } = await d1
    .prepare(
      `SELECT t.job_id AS id,
              t.vs + ?1 * coalesce((SELECT sum(exp(-(?2 - a.created_at) / 86400000.0 * ?3)) FROM applications a
                                     WHERE a.job_id = t.job_id AND a.created_at >= ?4), 0) AS score
         FROM (SELECT job_id, sum(views * exp(-(?5 - day) * ?3)) AS vs FROM job_view_daily WHERE day >= ?6 GROUP BY job_id) t
         JOIN jobs j ON j.id = t.job_id
        WHERE j.status = 'published' AND (j.expires_at IS NULL OR j.expires_at > ?2)
        ORDER BY score DESC, t.job_id LIMIT ?7`,
    )
    .bind(APPLICATION_WEIGHT, now, DECAY_PER_DAY, now - WINDOW_DAYS * DAY_MS, today, today - WINDOW_DAYS, TRENDING_SIZE)
    .all<{ id: string; score: number }>();
  const snapshot: TrendingSnapshot = {
    computed_at: new Date(now).toISOString(),
    jobs: results.map((r) => ({ id: r.id, score: Math.round(r.score * 1000) / 1000 })),
  };
  // One batch (one transaction): readers see the old ranking or the new one, never a mix.
  const statements = [d1.prepare("DELETE FROM trending_jobs")];
  // D1 binds at most 100 parameters per statement: 4 per row, 20 rows per insert.
  for (let from = 0; from < snapshot.jobs.length; from += 20) {
    const chunk = snapshot.jobs.slice(from, from + 20);
    statements.push(
      d1
        .prepare(
          `INSERT INTO trending_jobs (position, job_id, score, computed_at) VALUES ${chunk.map(() => "(?, ?, ?, ?)").join(", ")}`,
        )
        .bind(...chunk.flatMap((j, i) => [from + i, j.id, j.score, now])),
    );
  }
  await d1.batch(statements);
  await trendingCache.put(env, undefined, snapshot);
  return snapshot;
}

/**
 * The stored ranking (≤ TRENDING_SIZE rows by primary key), for a cold KV. Before
 * the first hourly run there is none, and trending is empty: computing it here
 * would read every recent view on a request.
 */
async function storedTrending(env: Pick<Env, "CACHE">, d1: D1Database): Promise<TrendingSnapshot> {
  const { results } = await d1
    .prepare("SELECT job_id, score, computed_at FROM trending_jobs ORDER BY position LIMIT ?")
    .bind(TRENDING_SIZE)
    .all<{ job_id: string; score: number; computed_at: number }>();
  const first = results[0];
  if (!first) return { computed_at: new Date(0).toISOString(), jobs: [] };
  const snapshot: TrendingSnapshot = {
    computed_at: new Date(first.computed_at).toISOString(),
    jobs: results.map((r) => ({ id: r.job_id, score: r.score })),
  };
  await trendingCache.put(env, undefined, snapshot);
  return snapshot;
}

export async function trendingJobs(
  env: Pick<Env, "CACHE" | "PUBLIC_APP_URL">,
  db: Db,
  limit: number,
  now = Date.now(),
): Promise<Array<JobSummaryDto & { trending_score: number }>> {
  const snapshot = (await trendingCache.get(env, undefined)) ?? (await storedTrending(env, db.$client));
  const top = snapshot.jobs.slice(0, limit);
  const records = await loadRecords(
    db,
    top.map((t) => t.id),
  );
  return top.flatMap((t) => {
    const rec = records.get(t.id);
    if (!rec || !isPublic(rec.job, now)) return [];
    return [{ ...presentSummary(env, rec), trending_score: t.score }];
  });
}

// ------------------------------------------------------------------ similar

const STOP = new Set(["and", "the", "for", "with", "senior", "junior", "lead", "mid", "remote", "m", "f", "d", "w"]);

/** D1 allows at most 5 SELECTs in one compound SELECT: the terms are spread over 5 groups. */
const GROUPS = 5;
/** Candidates per group: the newest jobs whose text holds one of the group's terms. */
const PER_GROUP = 20;

/** The terms dealt round-robin into at most GROUPS groups, so title words and skills mix. */
function termGroups(terms: readonly string[]): string[][] {
  const groups: string[][] = [];
  terms.forEach((t, i) => {
    const g = i % GROUPS;
    groups[g] = [...(groups[g] ?? []), t];
  });
  return groups;
}

/**
 * Jobs sharing title words or skills plus the newest of the same category and the
 * co-engaged ones; scored by shared skills, same category, text rank and
 * co-engagement. The job itself and anything not published are excluded.
 *
 * The text candidates are the newest PER_GROUP matches of each group of terms
 * (FTS5 walks the doclists by rowid and stops), ranked by bm25 among themselves:
 * ranking all matches of the OR-query would score every job that shares one common
 * word, which grows with the table. So a request reads at most GROUPS × PER_GROUP
 * text candidates, plus 20 of the category and ≤ 50 neighbours, whatever the size
 * of the table. With the `AI` and `VECTORIZE` bindings (semantic.ts) the 20 nearest
 * jobs by embedding are candidates too and add up to 3 points for closeness in meaning.
 */
export async function similarJobs(
  env: Pick<Env, "PUBLIC_APP_URL"> & object,
  d1: D1Database,
  rec: JobRecord,
  limit: number,
  now = Date.now(),
) {
  const job = rec.job;
  const terms = [
    ...new Set([...tokenize(job.title), ...job.skills.flatMap((s) => tokenize(s.name))].filter((t) => !STOP.has(t))),
  ].slice(0, 12);
  const statements = [];
  if (terms.length) {
    statements.push(
      prepare(
        d1,
        sq`WITH cand AS MATERIALIZED (${joinFrags(
          termGroups(terms).map(
            (group) =>
              sq`SELECT doc_id FROM (SELECT rowid AS doc_id FROM jobs_fts WHERE jobs_fts MATCH ${anyTermExpression(group)} ORDER BY rowid DESC LIMIT ${PER_GROUP})`,
          ),
          " UNION ",
        )})
           SELECT ${JOB_RECORD_COLUMNS}, m.r AS fts_rank FROM (SELECT cand.doc_id AS doc_id, bm25(jobs_fts, 10.0, 4.0, 1.0, 1.0, 0.2, 0.0) AS r
               FROM cand CROSS JOIN jobs_fts ON jobs_fts.rowid = cand.doc_id WHERE jobs_fts MATCH ${anyTermExpression(terms)} ORDER BY r LIMIT 100) m
           CROSS JOIN job_search_docs d ON d.doc_id = m.doc_id CROSS JOIN jobs j ON j.id = d.job_id ${JOB_RECORD_JOINS}
           WHERE j.id <> ${job.id} AND j.status = 'published' AND (j.expires_at IS NULL OR j.expires_at > ${now})
             AND (j.application_deadline IS NULL OR j.application_deadline >= ${now})
           ORDER BY m.r`,
      ),
    );
  }
  const sem = semanticIndex(env);
  const meaning = sem
    ? await nearestJobs(sem, [jobEmbeddingText(job, rec.category?.name)], 20, new Set([job.id]))
    : new Map<string, number>();
  if (meaning.size) {
    statements.push(
      d1
        .prepare(
          `SELECT ${JOB_RECORD_COLUMNS.text} FROM jobs j ${JOB_RECORD_JOINS.text}
            WHERE j.id IN (SELECT value FROM json_each(?)) AND ${OPEN}`,
        )
        .bind(JSON.stringify([...meaning.keys()]), now, now),
    );
  }
  if (job.categoryId) {
    statements.push(
      d1
        .prepare(
          `SELECT ${JOB_RECORD_COLUMNS.text} FROM jobs j ${JOB_RECORD_JOINS.text}
            WHERE j.category_id = ? AND j.id <> ? AND ${OPEN} ORDER BY j.published_at DESC LIMIT 20`,
        )
        .bind(job.categoryId, job.id, now, now),
    );
  }
  // Co-engagement (`job_neighbors`, the recommender's collaborative signal): what seekers who
  // engaged with this job also engaged with; ≤ 50 rows by primary-key prefix.
  statements.push(
    d1
      .prepare(
        `SELECT ${JOB_RECORD_COLUMNS.text}, n.weight AS co_weight FROM job_neighbors n CROSS JOIN jobs j ON j.id = n.other_id ${JOB_RECORD_JOINS.text}
          WHERE n.job_id = ? AND ${OPEN}`,
      )
      .bind(job.id, now, now),
  );
  const results = await d1.batch<Row>(statements);
  const coWeight = new Map((results.at(-1)?.results ?? []).map((r) => [String(r.id), Number(r.co_weight)]));
  const mySkills = new Set(job.skills.map((s) => s.name.toLowerCase()));
  const scored = new Map<string, { rec: JobRecord; score: number }>();
  results.forEach((res, i) => {
    const fromFts = terms.length > 0 && i === 0;
    (res.results ?? []).forEach((r, position) => {
      const other = recordFromSql(r);
      const shared = other.job.skills.filter((s) => mySkills.has(s.name.toLowerCase())).length;
      const sameCategory = job.categoryId !== null && other.job.categoryId === job.categoryId ? 1 : 0;
      // Text rank contributes up to 1 point, decreasing with the bm25 position.
      const text = fromFts ? 1 - position / 100 : 0;
      // Up to 3 points for co-engagement, saturating (half at weight 6, two applications ≈ 9).
      const w = coWeight.get(other.job.id) ?? 0;
      const co = 3 * (w / (w + 6));
      const score = 1.5 * shared + 2 * sameCategory + text + co + semanticPoints(meaning.get(other.job.id), 3);
      const prev = scored.get(other.job.id);
      if (!prev || prev.score < score) scored.set(other.job.id, { rec: other, score });
    });
  });
  return [...scored.values()]
    .sort((a, b) => b.score - a.score || (b.rec.job.publishedAt ?? 0) - (a.rec.job.publishedAt ?? 0))
    .slice(0, limit)
    .map((s) => ({ ...presentSummary(env, s.rec), similarity: Math.round(s.score * 100) / 100 }));
}

// ------------------------------------------------------------------ views

/** How a viewer is stored in `job_views`: a salted hash that changes every day (no user id at rest). */
export async function viewerHash(secret: string, day: number, who: string): Promise<string> {
  return (await sha256Hex(`${secret}:${day}:${who}`)).slice(0, 32);
}

/**
 * Counts a detail view without writing to D1 on the request path: the viewer is
 * reduced to a salted daily hash and handed to the queue, whose consumer keeps
 * one row per (job, day, viewer). Members viewing their own jobs are not counted.
 */
export async function recordView(
  env: Pick<Env, "EVENTS" | "SIGNING_SECRET">,
  jobId: string,
  viewer: { userId?: string; ip?: string | null; userAgent?: string | null },
  now = Date.now(),
): Promise<void> {
  const day = Math.floor(now / DAY_MS);
  const who = viewer.userId ? `u:${viewer.userId}` : `a:${viewer.ip ?? "?"}:${viewer.userAgent ?? ""}`;
  const hash = await viewerHash(env.SIGNING_SECRET, day, who);
  // Direct, not the outbox: no D1 write precedes it (the handler's insert is the write).
  await enqueue(env, { type: "job.viewed", job_id: jobId, viewer: hash, day });
}
