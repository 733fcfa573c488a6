/**
 * Collaborative signals for recommendations: `job_neighbors`, how strongly the
 * seekers who engaged with one job (applied 3, saved 2, viewed 1) also engaged
 * with another. Maintained incrementally: each run counts only the rows added
 * to `applications`, `saved_jobs` and `job_views` since the last run (a rowid
 * watermark per source), at most BATCH rows per source, in one D1 batch (one
 * transaction) per source, so a rerun never counts a row twice.
 *
 * A pair is counted once, when its later engagement arrives: a new row is
 * paired with the same seeker's engagements that are older than it. Views are
 * stored under a daily viewer hash (no user id at rest), so views pair only
 * with views of the same viewer and day. Each touched job keeps its
 * MAX_NEIGHBORS strongest neighbours, so reading a job's neighbours stays bounded.
 */

import type { CronTask } from "../../platform/scheduler";

const BATCH = 500;
export const MAX_NEIGHBORS = 50;
/** Older engagements than this are not paired with a new one (a seeker's interests move on). */
const PAIR_WINDOW_MS = 60 * 86_400_000;

/** The seeker's engagements an application or a save pairs with: applications weigh 3, saves 2. */
const ENGAGEMENTS = `
  SELECT a.applicant_id AS u, a.job_id, a.created_at, 3 AS w FROM applications a WHERE a.applicant_id IN (SELECT u FROM n)
  UNION ALL
  SELECT s.user_id, s.job_id, s.created_at, 2 FROM saved_jobs s WHERE s.user_id IN (SELECT u FROM n)`;

interface Source {
  name: "applications" | "saved_jobs" | "job_views";
  /** The new rows (`r` rowid, `u` seeker, `job_id`, `created_at`, `w` weight) after the watermark `?1`. */
  newRows: string;
  /** Pairs (a = new job, b = older job, w = pair weight) from `n` (the new rows). */
  pairs: string;
}

const olderThanNew = "(o.created_at < n.created_at OR (o.created_at = n.created_at AND o.job_id < n.job_id))";

const SOURCES: Source[] = [
  {
    name: "applications",
    newRows: `SELECT rowid AS r, applicant_id AS u, job_id, created_at, 3 AS w FROM applications
               WHERE rowid > ?1 AND applicant_id IS NOT NULL ORDER BY rowid LIMIT ${BATCH}`,
    pairs: `SELECT n.job_id AS a, o.job_id AS b, n.w * o.w AS w FROM n JOIN (${ENGAGEMENTS}) o
              ON o.u = n.u AND o.job_id <> n.job_id AND o.created_at > n.created_at - ${PAIR_WINDOW_MS} AND ${olderThanNew}`,
  },
  {
    name: "saved_jobs",
    newRows: `SELECT rowid AS r, user_id AS u, job_id, created_at, 2 AS w FROM saved_jobs
               WHERE rowid > ?1 ORDER BY rowid LIMIT ${BATCH}`,
    pairs: `SELECT n.job_id AS a, o.job_id AS b, n.w * o.w AS w FROM n JOIN (${ENGAGEMENTS}) o
              ON o.u = n.u AND o.job_id <> n.job_id AND o.created_at > n.created_at - ${PAIR_WINDOW_MS} AND ${olderThanNew}`,
  },
  {
    // Views have no timestamp: rowid order stands in for time, and the viewer hash for the seeker.
    name: "job_views",
    newRows: `SELECT rowid AS r, viewer AS u, day, job_id, rowid AS created_at, 1 AS w FROM job_views
               WHERE rowid > ?1 ORDER BY rowid LIMIT ${BATCH}`,
    pairs: `SELECT n.job_id AS a, o.job_id AS b, 1 AS w FROM n JOIN job_views o
              ON o.viewer = n.u AND o.day = n.day AND o.job_id <> n.job_id AND o.rowid < n.r`,
  },
];

function sourceStatements(d1: D1Database, source: Source): D1PreparedStatement[] {
  const watermark = `coalesce((SELECT last_rowid FROM recommendation_watermarks WHERE source = '${source.name}'), 0)`;
  const n = `n AS (${source.newRows.replace("?1", watermark)})`;
  return [
    // How many new rows this batch counts (the same `n` as the statements after it: one transaction).
    d1.prepare(`WITH ${n} SELECT count(*) AS c FROM n`),
    // Both directions of every pair, summed per (job, other) before the upsert.
    d1.prepare(
      `WITH ${n}, p AS (${source.pairs})
       INSERT INTO job_neighbors (job_id, other_id, weight)
       SELECT a, b, sum(w) FROM (SELECT a, b, w FROM p UNION ALL SELECT b AS a, a AS b, w FROM p) WHERE true GROUP BY a, b
       ON CONFLICT (job_id, other_id) DO UPDATE SET weight = weight + excluded.weight`,
    ),
    // Keep each touched job's strongest neighbours only (touched: the new rows' jobs and their partners).
    d1.prepare(
      `WITH ${n}, p AS (${source.pairs}), touched AS (SELECT job_id FROM n UNION SELECT b FROM p)
       DELETE FROM job_neighbors WHERE rowid IN (
         SELECT rowid FROM (
           SELECT rowid, row_number() OVER (PARTITION BY job_id ORDER BY weight DESC, other_id) AS rank
             FROM job_neighbors WHERE job_id IN (SELECT job_id FROM touched)
         ) WHERE rank > ${MAX_NEIGHBORS})`,
    ),
    d1.prepare(
      `WITH ${n}
       INSERT INTO recommendation_watermarks (source, last_rowid)
       SELECT '${source.name}', max(r) FROM n WHERE true GROUP BY 1 HAVING count(*) > 0
       ON CONFLICT (source) DO UPDATE SET last_rowid = excluded.last_rowid`,
    ),
  ];
}

/** Counts the new engagements into `job_neighbors`; returns how many rows of each source were counted. */
export async function learnNeighbors(d1: D1Database, rounds = 4): Promise<Record<string, number>> {
  const counted: Record<string, number> = {};
  for (const source of SOURCES) {
    let total = 0;
    // A few batches per run, so a backlog drains within minutes but one run stays bounded.
    for (let i = 0; i < rounds; i++) {
      const [head] = await d1.batch<{ c: number }>(sourceStatements(d1, source));
      const c = Number(head?.results[0]?.c ?? 0);
      total += c;
      if (c < BATCH) break;
    }
    counted[source.name] = total;
  }
  return counted;
}

export const learnNeighborsTask: CronTask = {
  name: "jobs.learn-neighbors",
  run: ({ env }) => learnNeighbors(env.DB),
};

/** Feedback older than the admins' longest window (90 days) is no longer read: dismissals stay, the rest goes. */
export const pruneRecommendationEventsTask: CronTask = {
  name: "jobs.prune-recommendation-events",
  run: async ({ env, scheduledTime }) => {
    const res = await env.DB.prepare("DELETE FROM recommendation_events WHERE kind <> 'dismiss' AND created_at < ?")
      .bind(scheduledTime - 90 * 86_400_000)
      .run();
    return { deleted: res.meta.changes };
  },
};
