/**
 * `GET /jobs/recommendations`: explainable scoring (recommend-score.ts) over a
 * bounded, index-driven candidate set, in two D1 round trips:
 *
 * 1. one batch with the seeker's signals: profile, skills (profile + primary
 *    resume), the categories of their saved/applied jobs, a stamp of their
 *    applications and saved jobs, and the jobs cache version. These give the
 *    KV cache key, so an edit, an application or a job change is visible at once.
 * 2. on a cache miss, one batch of candidate statements, each reading a few
 *    dozen rows through an index: the newest live jobs per top skill
 *    (`job_skills (skill, job_id)`; job ids are time-ordered UUIDv7), per
 *    affinity category, in the seeker's desired locations, and the newest jobs
 *    overall (cold start). Applied jobs are excluded in SQL by the unique
 *    `(job_id, applicant_id)` index. At most ~350 candidates are scored in JS.
 */

import { foldText } from "../../lib/fold";
import { kvCache } from "../../platform/cache";
import { type Frag, prepare, rawSql, sq } from "../../platform/db/sql";
import { viewerHash } from "./discovery";
import { skillKey } from "./normalize";
import { type JobSummaryDto, presentSummary } from "./presenters";
import { type SeekerSignals, scoreJob, yearlyExpectation } from "./recommend-score";
import { JOB_RECORD_COLUMNS, JOB_RECORD_JOINS, type JobRecord, recordFromSql } from "./records";
import { jobEmbeddingText, nearestJobs, type SemanticIndex, semanticIndex } from "./semantic";

/**
 * The A/B variants: `blend` (content + behaviour + collaborative signals) and
 * `content` (the profile only: skills, job types, locations, remote, salary,
 * level, recency), kept as a holdout so the gain stays measurable in
 * production (admins see click-through and apply rates per variant).
 */
export const RECOMMENDER_VARIANTS = ["blend", "content"] as const;
export type RecommenderVariant = (typeof RECOMMENDER_VARIANTS)[number];

/** One seeker in ten is in the `content` holdout; the same one on every request (FNV-1a of the user id). */
export function variantFor(userId: string): RecommenderVariant {
  return fnv1a(`variant:${userId}`) % 10 === 0 ? "content" : "blend";
}

export interface Recommendation {
  job: JobSummaryDto;
  score: number;
  reasons: string[];
}

type Row = Record<string, unknown>;

/** How many skills, categories and locations drive candidate generation, and rows taken per source. */
const TOP_SKILLS = 8;
const PER_SKILL = 30;
const TOP_CATEGORIES = 3;
const PER_CATEGORY = 25;
const TOP_LOCATIONS = 3;
const PER_LOCATION = 20;
const RECENT = 40;
/** Jobs the seeker engaged with lately that seed collaborative candidates, and neighbours taken. */
const ANCHORS = 40;
const PER_NEIGHBORS = 60;
/** "Seekers like you": anchors that find them, how many are kept, and the jobs taken from them. */
const PEER_ANCHORS = 20;
const PEERS = 40;
const PER_PEERS = 60;
/** With the AI and VECTORIZE bindings: anchors whose text is embedded, and nearest jobs taken per anchor. */
const SEMANTIC_ANCHORS = 3;
const SEMANTIC_PER_ANCHOR = 20;
/** Personal results live briefly (see the namespace); the key changes with every relevant write anyway. */
const recommendationCache = kvCache<Recommendation[]>()("jobs.recommendations");

function json<T>(v: unknown, fallback: T): T {
  if (typeof v !== "string") return fallback;
  try {
    return JSON.parse(v) as T;
  } catch {
    return fallback;
  }
}

/**
 * The seeker's `job_views.viewer` values: views are stored as a salted daily
 * hash (discovery.ts `recordView`) and pruned after a day, so today's and
 * yesterday's hashes name every view that is still on record.
 */
export async function viewerHashes(secret: string, userId: string, now: number): Promise<[string, string]> {
  const today = Math.floor(now / 86_400_000);
  return [await viewerHash(secret, today, `u:${userId}`), await viewerHash(secret, today - 1, `u:${userId}`)];
}

function signalStatements(d1: D1Database, userId: string, viewers: [string, string]): D1PreparedStatement[] {
  return [
    d1.prepare("SELECT version FROM cache_versions WHERE scope = 'jobs'"),
    d1
      .prepare(
        `SELECT years_experience, desired_job_types, desired_locations, open_to_remote, remote_only, location,
                salary_min, salary_max, salary_currency, salary_period, updated_at
           FROM seeker_profiles WHERE user_id = ?`,
      )
      .bind(userId),
    d1.prepare("SELECT slug, name FROM profile_skills WHERE user_id = ? ORDER BY position, slug LIMIT 50").bind(userId),
    d1
      .prepare("SELECT id, extracted_skills, updated_at FROM resumes WHERE user_id = ? AND is_primary = 1")
      .bind(userId),
    // Categories of the latest applied (weight 2), saved (weight 1) and viewed (weight 0.5) jobs;
    // viewed jobs through `job_views_viewer_idx (viewer, day)` (migration 0018).
    d1
      .prepare(
        `SELECT j.category_id AS id, cat.name AS name, sum(x.w) AS w, max(x.w) AS top FROM (
           SELECT job_id, 2 AS w FROM (SELECT job_id FROM applications WHERE applicant_id = ?1 ORDER BY created_at DESC LIMIT 100)
           UNION ALL
           SELECT job_id, 1 AS w FROM (SELECT job_id FROM saved_jobs WHERE user_id = ?1 ORDER BY created_at DESC LIMIT 100)
           UNION ALL
           SELECT DISTINCT job_id, 0.5 AS w FROM (SELECT job_id FROM job_views WHERE viewer IN (?2, ?3) LIMIT 100)
         ) x JOIN jobs j ON j.id = x.job_id JOIN categories cat ON cat.id = j.category_id
         GROUP BY j.category_id ORDER BY w DESC, j.category_id LIMIT ${TOP_CATEGORIES}`,
      )
      .bind(userId, viewers[0], viewers[1]),
    // Changes whenever the seeker applies, saves, unsaves or views a job: part of the cache key.
    d1
      .prepare(
        `SELECT (SELECT count(*) || ':' || coalesce(max(created_at), 0) FROM applications WHERE applicant_id = ?1) AS a,
                (SELECT count(*) || ':' || coalesce(max(created_at), 0) FROM saved_jobs WHERE user_id = ?1) AS s,
                (SELECT count(*) FROM job_views WHERE viewer IN (?2, ?3)) AS v`,
      )
      .bind(userId, viewers[0], viewers[1]),
    // The jobs the seeker engaged with lately (applied 3, saved 2, viewed 1): collaborative anchors.
    d1
      .prepare(
        `SELECT job_id, max(w) AS w FROM (
           SELECT job_id, 3 AS w FROM (SELECT job_id FROM applications WHERE applicant_id = ?1 ORDER BY created_at DESC LIMIT 20)
           UNION ALL
           SELECT job_id, 2 AS w FROM (SELECT job_id FROM saved_jobs WHERE user_id = ?1 ORDER BY created_at DESC LIMIT 20)
           UNION ALL
           SELECT job_id, 1 AS w FROM (SELECT job_id FROM job_views WHERE viewer IN (?2, ?3) LIMIT 20)
         ) GROUP BY job_id ORDER BY w DESC, job_id LIMIT ${ANCHORS}`,
      )
      .bind(userId, viewers[0], viewers[1]),
    // "Not interested": left out, and their neighbours demoted (primary key prefix (user_id, kind)).
    d1
      .prepare(
        "SELECT DISTINCT job_id FROM recommendation_events WHERE user_id = ? AND kind = 'dismiss' ORDER BY job_id LIMIT 100",
      )
      .bind(userId),
    // Where (city or remote) and at which level the same engaged jobs are: what the profile may not say.
    d1
      .prepare(
        `SELECT j.city AS city, j.is_remote AS remote, j.experience_level AS level, sum(x.w) AS w, max(x.w) AS top FROM (
           SELECT job_id, 2 AS w FROM (SELECT job_id FROM applications WHERE applicant_id = ?1 ORDER BY created_at DESC LIMIT 100)
           UNION ALL
           SELECT job_id, 1 AS w FROM (SELECT job_id FROM saved_jobs WHERE user_id = ?1 ORDER BY created_at DESC LIMIT 100)
           UNION ALL
           SELECT DISTINCT job_id, 0.5 AS w FROM (SELECT job_id FROM job_views WHERE viewer IN (?2, ?3) LIMIT 100)
         ) x JOIN jobs j ON j.id = x.job_id
         GROUP BY j.city, j.is_remote, j.experience_level`,
      )
      .bind(userId, viewers[0], viewers[1]),
  ];
}

interface Signals {
  seeker: SeekerSignals;
  /** Recently engaged job ids with their weight (collaborative anchors). */
  anchors: { id: string; w: number }[];
  dismissed: string[];
  /** Everything the result depends on besides the jobs themselves. */
  fingerprint: unknown;
  version: number;
}

function readSignals(results: D1Result<Row>[], variant: RecommenderVariant): Signals {
  const [versionRes, profileRes, skillsRes, resumeRes, categoryRes, stampRes, anchorRes, dismissedRes, placeRes] =
    results;
  const profile = profileRes?.results[0];
  const skills = new Map<string, string>();
  for (const r of skillsRes?.results ?? []) skills.set(skillKey(String(r.slug)), String(r.name));
  const resume = resumeRes?.results[0];
  for (const name of json<string[]>(resume?.extracted_skills, [])) {
    const key = skillKey(String(name));
    if (key && !skills.has(key) && skills.size < 80) skills.set(key, String(name));
  }
  // The content variant reads the profile only: no behaviour (categories of engaged jobs, neighbours).
  const categories = variant === "content" ? [] : (categoryRes?.results ?? []);
  const totalWeight = categories.reduce((sum, r) => sum + Number(r.w), 0) || 1;
  const desiredLocations = json<string[]>(profile?.desired_locations, [])
    .map((l) => String(l).trim().toLowerCase())
    .filter(Boolean);
  if (!desiredLocations.length && typeof profile?.location === "string" && profile.location.trim()) {
    desiredLocations.push(profile.location.trim().toLowerCase());
  }
  const seeker: SeekerSignals = {
    skills,
    desiredJobTypes: json<string[]>(profile?.desired_job_types, []),
    desiredLocations: desiredLocations.slice(0, 10),
    openToRemote: profile ? Boolean(profile.open_to_remote) || Boolean(profile.remote_only) : null,
    remoteOnly: Boolean(profile?.remote_only),
    salary: profile
      ? yearlyExpectation({
          salaryMin: profile.salary_min === null ? null : Number(profile.salary_min),
          salaryMax: profile.salary_max === null ? null : Number(profile.salary_max),
          salaryCurrency: (profile.salary_currency as string | null) ?? null,
          salaryPeriod: (profile.salary_period as string | null) ?? null,
        })
      : null,
    yearsExperience:
      profile?.years_experience === null || profile?.years_experience === undefined
        ? null
        : Number(profile.years_experience),
    categoryAffinity: new Map(categories.map((r) => [String(r.id), Number(r.w) / totalWeight])),
    categoryNames: new Map(categories.map((r) => [String(r.id), String(r.name)])),
    // Views alone weigh 0.5 each: such a category's reason must say "viewed", not "saved or applied to".
    viewedOnlyCategories: new Set(categories.filter((r) => Number(r.top) < 1).map((r) => String(r.id))),
  };
  if (variant !== "content") {
    seeker.engaged = engagedProfile(placeRes?.results ?? []);
    seeker.usePopularity = true;
  }
  const stamp = stampRes?.results[0];
  const anchors =
    variant === "content" ? [] : (anchorRes?.results ?? []).map((r) => ({ id: String(r.job_id), w: Number(r.w) }));
  const dismissed = (dismissedRes?.results ?? []).map((r) => String(r.job_id));
  return {
    seeker,
    anchors,
    dismissed,
    version: Number(versionRes?.results[0]?.version ?? 0),
    fingerprint: [
      profile?.updated_at ?? null,
      [...skills.keys()],
      resume ? [resume.id, resume.updated_at] : null,
      categories.map((r) => [r.id, r.w]),
      stamp?.a ?? null,
      stamp?.s ?? null,
      stamp?.v ?? null,
      dismissed,
      variant,
    ],
  };
}

/**
 * Shares of the seeker's engagement weight (applied 2, saved 1, viewed 0.5) per city of
 * on-site jobs, on remote jobs and per experience level. `viewedOnly` marks cities and
 * levels that only views put there, so a reason can say "viewed".
 */
function engagedProfile(rows: Row[]): NonNullable<SeekerSignals["engaged"]> {
  const total = rows.reduce((sum, r) => sum + Number(r.w), 0);
  const cities = new Map<string, { name: string; share: number; viewedOnly: boolean }>();
  const levels = new Map<string, { share: number; viewedOnly: boolean }>();
  let remote = 0;
  let remoteViewedOnly = true;
  for (const r of rows) {
    const share = total ? Number(r.w) / total : 0;
    const viewedOnly = Number(r.top) < 1;
    if (Number(r.remote)) {
      remote += share;
      remoteViewedOnly &&= viewedOnly;
    } else if (typeof r.city === "string" && r.city) {
      const key = foldText(r.city);
      const prev = cities.get(key);
      cities.set(key, {
        name: r.city,
        share: (prev?.share ?? 0) + share,
        viewedOnly: (prev?.viewedOnly ?? true) && viewedOnly,
      });
    }
    const level = String(r.level);
    const prev = levels.get(level);
    levels.set(level, { share: (prev?.share ?? 0) + share, viewedOnly: (prev?.viewedOnly ?? true) && viewedOnly });
  }
  return { weight: total, cities, remote: { share: remote, viewedOnly: remoteViewedOnly }, levels };
}

/**
 * Live and still open for applications (applying after the deadline is a 409,
 * so such a job is never worth recommending), and not already applied to or
 * saved (the seeker has those in their lists), viewed or dismissed ("not
 * interested"), and remote when the seeker said "remote only". Each NOT EXISTS
 * probe is a primary-key/unique lookup.
 */
const LIVE = (now: number, userId: string, viewers: [string, string], remoteOnly = false): Frag =>
  sq`j.status = 'published' AND (j.expires_at IS NULL OR j.expires_at > ${now})
     ${remoteOnly ? rawSql("AND j.is_remote = 1") : rawSql("")}
     AND NOT EXISTS (SELECT 1 FROM recommendation_events x WHERE x.user_id = ${userId} AND x.kind = 'dismiss' AND x.job_id = j.id)
     AND (j.application_deadline IS NULL OR j.application_deadline >= ${now})
     AND NOT EXISTS (SELECT 1 FROM applications a WHERE a.job_id = j.id AND a.applicant_id = ${userId})
     AND NOT EXISTS (SELECT 1 FROM saved_jobs sj WHERE sj.user_id = ${userId} AND sj.job_id = j.id)
     AND NOT EXISTS (SELECT 1 FROM job_views v WHERE v.job_id = j.id AND v.viewer IN (${viewers[0]}, ${viewers[1]}))`;

/** One statement per candidate source; each is a short walk down one index. */
export function candidateStatements(
  s: SeekerSignals,
  userId: string,
  now: number,
  viewers: [string, string],
  collab: { anchors: { id: string; w: number }[]; dismissed: string[]; semantic?: string[] } = {
    anchors: [],
    dismissed: [],
  },
): Frag[] {
  const live = LIVE(now, userId, viewers, s.remoteOnly ?? false);
  const out: Frag[] = [];
  for (const skill of [...s.skills.keys()].slice(0, TOP_SKILLS)) {
    out.push(
      sq`SELECT ${JOB_RECORD_COLUMNS} FROM job_skills js CROSS JOIN jobs j ON j.id = js.job_id ${JOB_RECORD_JOINS}
         WHERE js.skill = ${skill} AND ${live} ORDER BY js.job_id DESC LIMIT ${PER_SKILL}`,
    );
  }
  for (const categoryId of [...s.categoryAffinity.keys()].slice(0, TOP_CATEGORIES)) {
    out.push(
      sq`SELECT ${JOB_RECORD_COLUMNS} FROM jobs j ${JOB_RECORD_JOINS}
         WHERE j.category_id = ${categoryId} AND ${live} ORDER BY j.published_at DESC LIMIT ${PER_CATEGORY}`,
    );
  }
  const cities = [...new Set(s.desiredLocations.map((l) => foldText(l.split(",")[0]?.trim() ?? "")).filter(Boolean))];
  for (const city of cities.slice(0, TOP_LOCATIONS)) {
    out.push(
      sq`SELECT ${JOB_RECORD_COLUMNS} FROM jobs j ${JOB_RECORD_JOINS}
         WHERE j.city_key = ${city} AND ${live} LIMIT ${PER_LOCATION}`,
    );
  }
  out.push(
    sq`SELECT ${JOB_RECORD_COLUMNS} FROM jobs j ${JOB_RECORD_JOINS}
       WHERE ${live} ORDER BY j.published_at DESC, j.id DESC LIMIT ${RECENT}`,
  );
  if (collab.anchors.length) {
    // The strongest neighbours of the recently engaged jobs (≤ 50 rows per anchor, primary key
    // prefix), with the anchor that contributes most (SQLite's bare column beside a single max()).
    out.push(
      sq`SELECT ${JOB_RECORD_COLUMNS}, nb.s AS collab_score, an.title AS collab_anchor FROM (
           SELECT n.other_id AS id, sum(n.weight * a.w) AS s, max(n.weight * a.w) AS top, n.job_id AS anchor
             FROM (SELECT value ->> '$.id' AS id, value ->> '$.w' AS w FROM json_each(${JSON.stringify(collab.anchors)})) a
             CROSS JOIN job_neighbors n ON n.job_id = a.id
            GROUP BY n.other_id ORDER BY s DESC, n.other_id LIMIT ${PER_NEIGHBORS}
         ) nb CROSS JOIN jobs j ON j.id = nb.id ${JOB_RECORD_JOINS} JOIN jobs an ON an.id = nb.anchor
         WHERE ${live}`,
    );
  }
  if (collab.anchors.length) {
    // "Seekers like you": the seekers who applied to or saved the same jobs lately (the 30 most
    // recent per anchor job, through `(job_id, updated_at)` / `saved_jobs_job_idx`), weighted by how
    // much of the seeker's history they share; the 40 closest, then what they applied to or saved.
    const peerAnchors = JSON.stringify(collab.anchors.slice(0, PEER_ANCHORS));
    out.push(
      sq`WITH a AS (SELECT value ->> '$.id' AS id, value ->> '$.w' AS w FROM json_each(${peerAnchors})),
         p AS (
           SELECT u, sum(sim) AS sim FROM (
             SELECT ap.applicant_id AS u, 3 * a.w AS sim FROM a CROSS JOIN applications ap
                 ON ap.rowid IN (SELECT rowid FROM applications WHERE job_id = a.id ORDER BY updated_at DESC LIMIT 30)
              WHERE ap.applicant_id <> ${userId}
             UNION ALL
             SELECT sj.user_id, 2 * a.w FROM a CROSS JOIN saved_jobs sj
                 ON sj.rowid IN (SELECT rowid FROM saved_jobs WHERE job_id = a.id ORDER BY user_id LIMIT 30)
              WHERE sj.user_id <> ${userId}
           ) GROUP BY u ORDER BY sim DESC, u LIMIT ${PEERS}
         ),
         e AS (
           SELECT x.job_id, p.sim * 3 AS s FROM p CROSS JOIN applications x
               ON x.rowid IN (SELECT rowid FROM applications WHERE applicant_id = p.u ORDER BY created_at DESC LIMIT 20)
           UNION ALL
           SELECT x.job_id, p.sim * 2 FROM p CROSS JOIN saved_jobs x
               ON x.rowid IN (SELECT rowid FROM saved_jobs WHERE user_id = p.u ORDER BY created_at DESC LIMIT 20)
         ),
         nb AS (SELECT job_id AS id, sum(s) AS s FROM e GROUP BY job_id ORDER BY s DESC, job_id LIMIT ${PER_PEERS})
         SELECT ${JOB_RECORD_COLUMNS}, nb.s AS peer_score FROM nb CROSS JOIN jobs j ON j.id = nb.id ${JOB_RECORD_JOINS}
          WHERE ${live}`,
    );
  }
  if (collab.semantic?.length) {
    // The nearest jobs by embedding (semantic.ts; only with the AI and VECTORIZE bindings), by primary key.
    out.push(
      sq`SELECT ${JOB_RECORD_COLUMNS} FROM jobs j ${JOB_RECORD_JOINS}
         WHERE j.id IN (SELECT value FROM json_each(${JSON.stringify(collab.semantic)})) AND ${live}`,
    );
  }
  if (collab.dismissed.length) {
    // Neighbours of dismissed jobs are demoted, not candidates: this statement only returns weights.
    out.push(
      sq`SELECT n.other_id AS demote_id, sum(n.weight) AS demote_score FROM job_neighbors n
          WHERE n.job_id IN (SELECT value FROM json_each(${JSON.stringify(collab.dismissed)}))
          GROUP BY n.other_id ORDER BY demote_score DESC LIMIT 200`,
    );
  }
  return out;
}

/** At most this many jobs from one company, and this share of a page from one category. */
export const MAX_PER_COMPANY = 3;
export const MAX_CATEGORY_SHARE = 0.7;

/**
 * A stable per-seeker tie-break: FNV-1a of `userId:jobId`. Equal scores are
 * ordered the same way on every call for one seeker, but differently across
 * seekers, so no job wins every tie merely for being newest.
 */
export function tieKey(userId: string, jobId: string): number {
  return fnv1a(`${userId}:${jobId}`);
}

function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/**
 * Scores the candidates and keeps the best `limit`, diversified: walking the
 * ranking best first, a job is deferred when its company already has
 * MAX_PER_COMPANY on the page or its category already fills
 * MAX_CATEGORY_SHARE of it. Deferred jobs fill any remaining room afterwards
 * (in rank order), so a short candidate list is never cut shorter.
 */
export function rank(records: Iterable<JobRecord>, s: SeekerSignals, now: number, limit: number, userId = "") {
  const sorted = [...records]
    .map((rec) => ({ rec, tie: tieKey(userId, rec.job.id), ...scoreJob(rec.job, s, now) }))
    .sort((a, b) => b.score - a.score || a.tie - b.tie || (a.rec.job.id < b.rec.job.id ? -1 : 1));
  const maxPerCategory = Math.max(1, Math.floor(limit * MAX_CATEGORY_SHARE));
  const perCompany = new Map<string, number>();
  const perCategory = new Map<string, number>();
  const page: typeof sorted = [];
  const deferred: typeof sorted = [];
  for (const item of sorted) {
    if (page.length >= limit) break;
    const company = item.rec.job.companyId;
    const category = item.rec.job.categoryId;
    if (
      (perCompany.get(company) ?? 0) >= MAX_PER_COMPANY ||
      (category !== null && (perCategory.get(category) ?? 0) >= maxPerCategory)
    ) {
      deferred.push(item);
      continue;
    }
    perCompany.set(company, (perCompany.get(company) ?? 0) + 1);
    if (category !== null) perCategory.set(category, (perCategory.get(category) ?? 0) + 1);
    page.push(item);
  }
  // Fill leftover room in rank order, then restore score order for the response.
  for (const item of deferred) {
    if (page.length >= limit) break;
    page.push(item);
  }
  return page.sort((a, b) => b.score - a.score || a.tie - b.tie || (a.rec.job.id < b.rec.job.id ? -1 : 1));
}

/** Stored once per (seeker, job, day): the denominator of the per-variant click-through and apply rates. */
export function recordImpressions(
  d1: D1Database,
  userId: string,
  variant: RecommenderVariant,
  jobIds: string[],
  now = Date.now(),
): Promise<unknown> {
  if (!jobIds.length) return Promise.resolve();
  const day = Math.floor(now / 86_400_000);
  return d1
    .prepare(
      `INSERT OR IGNORE INTO recommendation_events (user_id, job_id, kind, variant, day, created_at)
       SELECT ?1, value, 'impression', ?2, ?3, ?4 FROM json_each(?5)`,
    )
    .bind(userId, variant, day, now, JSON.stringify(jobIds))
    .run();
}

/**
 * Semantic neighbours of the seeker's strongest anchors (blend, with the AI and VECTORIZE
 * bindings): their texts are embedded in one call and each is queried for its nearest jobs;
 * job id → best cosine score. One more D1 read (≤ 3 rows by primary key) before the candidates.
 */
async function anchorMeaning(
  sem: SemanticIndex,
  d1: D1Database,
  anchors: { id: string; w: number }[],
): Promise<Map<string, number>> {
  const ids = anchors.slice(0, SEMANTIC_ANCHORS).map((a) => a.id);
  const { results } = await d1
    .prepare(
      `SELECT ${JOB_RECORD_COLUMNS.text} FROM jobs j ${JOB_RECORD_JOINS.text} WHERE j.id IN (SELECT value FROM json_each(?))`,
    )
    .bind(JSON.stringify(ids))
    .all<Row>();
  const texts = results.map((r) => {
    const rec = recordFromSql(r);
    return jobEmbeddingText(rec.job, rec.category?.name);
  });
  return nearestJobs(sem, texts, SEMANTIC_PER_ANCHOR, new Set(anchors.map((a) => a.id)));
}

export async function recommendJobs(
  env: Pick<Env, "CACHE" | "PUBLIC_APP_URL" | "SIGNING_SECRET">,
  d1: D1Database,
  userId: string,
  limit: number,
  now = Date.now(),
  variant: RecommenderVariant = variantFor(userId),
): Promise<{ data: Recommendation[]; hit: boolean; variant: RecommenderVariant }> {
  const viewers = await viewerHashes(env.SIGNING_SECRET, userId, now);
  const signals = readSignals((await d1.batch<Row>(signalStatements(d1, userId, viewers))) as D1Result<Row>[], variant);
  // Private per user: the user id is part of the key, and the route never lets shared caches keep it.
  const key = { version: signals.version, userId, fingerprint: signals.fingerprint, limit };
  const { value, hit } = await recommendationCache.readThrough(env, key, async () => {
    const sem = semanticIndex(env);
    const meaning =
      sem && signals.anchors.length ? await anchorMeaning(sem, d1, signals.anchors) : new Map<string, number>();
    const results = await d1.batch<Row>(
      candidateStatements(signals.seeker, userId, now, viewers, { ...signals, semantic: [...meaning.keys()] }).map(
        (f) => prepare(d1, f),
      ),
    );
    const candidates = new Map<string, JobRecord>();
    const collab = new Map<string, { score: number; anchor: string }>();
    const peers = new Map<string, number>();
    const demoted = new Map<string, number>();
    for (const res of results) {
      for (const row of res.results ?? []) {
        if (row.demote_id !== undefined) {
          demoted.set(String(row.demote_id), Number(row.demote_score));
          continue;
        }
        const rec = recordFromSql(row);
        candidates.set(rec.job.id, rec);
        if (row.peer_score !== undefined) peers.set(rec.job.id, Number(row.peer_score));
        if (row.collab_score !== undefined) {
          collab.set(rec.job.id, { score: Number(row.collab_score), anchor: String(row.collab_anchor) });
        }
      }
    }
    const seeker: SeekerSignals = { ...signals.seeker, collab, demoted, peers, semantic: meaning };
    return rank(candidates.values(), seeker, now, limit, userId).map((r) => ({
      job: presentSummary(env, r.rec),
      score: r.score,
      reasons: r.reasons,
    }));
  });
  return { data: value, hit, variant };
}

/**
 * Records a click or a dismissal of a published job; false when there is no such job
 * (a `404` for the caller). Dismissing changes what the next list holds, so the
 * fingerprint of the recommendations cache (the dismissed ids) changes with it.
 */
export async function recommendationFeedback(
  d1: D1Database,
  userId: string,
  jobId: string,
  kind: "click" | "dismiss",
  now = Date.now(),
): Promise<boolean> {
  const res = await d1
    .prepare(
      `INSERT OR IGNORE INTO recommendation_events (user_id, job_id, kind, variant, day, created_at)
       SELECT ?1, j.id, ?2, ?3, ?4, ?5 FROM jobs j WHERE j.id = ?6 AND j.status = 'published'`,
    )
    .bind(userId, kind, variantFor(userId), Math.floor(now / 86_400_000), now, jobId)
    .run();
  if (res.meta.changes > 0) return true;
  // Already recorded today counts as recorded; only an unknown job is a 404.
  const job = await d1.prepare("SELECT 1 AS ok FROM jobs WHERE id = ? AND status = 'published'").bind(jobId).first();
  return job !== null;
}

export interface VariantFigures {
  variant: RecommenderVariant;
  seekers: number;
  impressions: number;
  clicks: number;
  dismissals: number;
  saves: number;
  applications: number;
  click_through_rate: number;
  save_rate: number;
  apply_rate: number;
}

/**
 * Per variant since `since`: each impression counts a click or dismissal of the same job by
 * the same seeker, and a save or application made after it (primary-key probes per impression;
 * the window bounds the rows read through `recommendation_events_variant_idx`).
 */
export async function variantStats(d1: D1Database, since: number): Promise<VariantFigures[]> {
  const { results } = await d1
    .prepare(
      `SELECT e.variant, count(DISTINCT e.user_id) AS seekers, count(*) AS impressions,
              sum(EXISTS (SELECT 1 FROM recommendation_events c WHERE c.user_id = e.user_id AND c.kind = 'click' AND c.job_id = e.job_id)) AS clicks,
              sum(EXISTS (SELECT 1 FROM recommendation_events d WHERE d.user_id = e.user_id AND d.kind = 'dismiss' AND d.job_id = e.job_id)) AS dismissals,
              sum(EXISTS (SELECT 1 FROM saved_jobs s WHERE s.user_id = e.user_id AND s.job_id = e.job_id AND s.created_at >= e.created_at)) AS saves,
              sum(EXISTS (SELECT 1 FROM applications a WHERE a.job_id = e.job_id AND a.applicant_id = e.user_id AND a.created_at >= e.created_at)) AS applications
         FROM recommendation_events e
        WHERE e.variant IN (${RECOMMENDER_VARIANTS.map((v) => `'${v}'`).join(", ")}) AND e.created_at >= ? AND e.kind = 'impression'
        GROUP BY e.variant ORDER BY e.variant`,
    )
    .bind(since)
    .all<Row>();
  const byVariant = new Map(results.map((r) => [String(r.variant), r]));
  const rate = (n: number, d: number) => (d ? Math.round((n / d) * 10_000) / 10_000 : 0);
  return RECOMMENDER_VARIANTS.map((variant) => {
    const r = byVariant.get(variant);
    const impressions = Number(r?.impressions ?? 0);
    const clicks = Number(r?.clicks ?? 0);
    const saves = Number(r?.saves ?? 0);
    const applications = Number(r?.applications ?? 0);
    return {
      variant,
      seekers: Number(r?.seekers ?? 0),
      impressions,
      clicks,
      dismissals: Number(r?.dismissals ?? 0),
      saves,
      applications,
      click_through_rate: rate(clicks, impressions),
      save_rate: rate(saves, impressions),
      apply_rate: rate(applications, impressions),
    };
  });
}
