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
import { type Frag, prepare, sq } from "../../platform/db/sql";
import { viewerHash } from "./discovery";
import { skillKey } from "./normalize";
import { type JobSummaryDto, presentSummary } from "./presenters";
import { type SeekerSignals, scoreJob, yearlyExpectation } from "./recommend-score";
import { JOB_RECORD_COLUMNS, JOB_RECORD_JOINS, type JobRecord, recordFromSql } from "./records";

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
        `SELECT years_experience, desired_job_types, desired_locations, open_to_remote, location,
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
  ];
}

interface Signals {
  seeker: SeekerSignals;
  /** Everything the result depends on besides the jobs themselves. */
  fingerprint: unknown;
  version: number;
}

function readSignals(results: D1Result<Row>[]): Signals {
  const [versionRes, profileRes, skillsRes, resumeRes, categoryRes, stampRes] = results;
  const profile = profileRes?.results[0];
  const skills = new Map<string, string>();
  for (const r of skillsRes?.results ?? []) skills.set(skillKey(String(r.slug)), String(r.name));
  const resume = resumeRes?.results[0];
  for (const name of json<string[]>(resume?.extracted_skills, [])) {
    const key = skillKey(String(name));
    if (key && !skills.has(key) && skills.size < 80) skills.set(key, String(name));
  }
  const categories = categoryRes?.results ?? [];
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
    openToRemote: profile ? Boolean(profile.open_to_remote) : null,
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
  const stamp = stampRes?.results[0];
  return {
    seeker,
    version: Number(versionRes?.results[0]?.version ?? 0),
    fingerprint: [
      profile?.updated_at ?? null,
      [...skills.keys()],
      resume ? [resume.id, resume.updated_at] : null,
      categories.map((r) => [r.id, r.w]),
      stamp?.a ?? null,
      stamp?.s ?? null,
      stamp?.v ?? null,
    ],
  };
}

/**
 * Live and still open for applications (applying after the deadline is a 409,
 * so such a job is never worth recommending), and not already applied to or
 * saved: the seeker has those in their lists. Both NOT EXISTS probes are
 * primary-key/unique lookups (`(job_id, applicant_id)`, `(user_id, job_id)`).
 */
const LIVE = (now: number, userId: string, viewers: [string, string]): Frag =>
  sq`j.status = 'published' AND (j.expires_at IS NULL OR j.expires_at > ${now})
     AND (j.application_deadline IS NULL OR j.application_deadline >= ${now})
     AND NOT EXISTS (SELECT 1 FROM applications a WHERE a.job_id = j.id AND a.applicant_id = ${userId})
     AND NOT EXISTS (SELECT 1 FROM saved_jobs sj WHERE sj.user_id = ${userId} AND sj.job_id = j.id)
     AND NOT EXISTS (SELECT 1 FROM job_views v WHERE v.job_id = j.id AND v.viewer IN (${viewers[0]}, ${viewers[1]}))`;

/** One statement per candidate source; each is a short walk down one index. */
export function candidateStatements(s: SeekerSignals, userId: string, now: number, viewers: [string, string]): Frag[] {
  const out: Frag[] = [];
  for (const skill of [...s.skills.keys()].slice(0, TOP_SKILLS)) {
    out.push(
      sq`SELECT ${JOB_RECORD_COLUMNS} FROM job_skills js CROSS JOIN jobs j ON j.id = js.job_id ${JOB_RECORD_JOINS}
         WHERE js.skill = ${skill} AND ${LIVE(now, userId, viewers)} ORDER BY js.job_id DESC LIMIT ${PER_SKILL}`,
    );
  }
  for (const categoryId of [...s.categoryAffinity.keys()].slice(0, TOP_CATEGORIES)) {
    out.push(
      sq`SELECT ${JOB_RECORD_COLUMNS} FROM jobs j ${JOB_RECORD_JOINS}
         WHERE j.category_id = ${categoryId} AND ${LIVE(now, userId, viewers)} ORDER BY j.published_at DESC LIMIT ${PER_CATEGORY}`,
    );
  }
  const cities = [...new Set(s.desiredLocations.map((l) => foldText(l.split(",")[0]?.trim() ?? "")).filter(Boolean))];
  for (const city of cities.slice(0, TOP_LOCATIONS)) {
    out.push(
      sq`SELECT ${JOB_RECORD_COLUMNS} FROM jobs j ${JOB_RECORD_JOINS}
         WHERE j.city_key = ${city} AND ${LIVE(now, userId, viewers)} LIMIT ${PER_LOCATION}`,
    );
  }
  out.push(
    sq`SELECT ${JOB_RECORD_COLUMNS} FROM jobs j ${JOB_RECORD_JOINS}
       WHERE ${LIVE(now, userId, viewers)} ORDER BY j.published_at DESC, j.id DESC LIMIT ${RECENT}`,
  );
  return out;
}

/** At most this many jobs from one company, and this share of a page from one category. */
export const MAX_PER_COMPANY = 3;
export const MAX_CATEGORY_SHARE = 0.5;

/**
 * A stable per-seeker tie-break: FNV-1a of `userId:jobId`. Equal scores are
 * ordered the same way on every call for one seeker, but differently across
 * seekers, so no job wins every tie merely for being newest.
 */
export function tieKey(userId: string, jobId: string): number {
  let h = 0x811c9dc5;
  const text = `${userId}:${jobId}`;
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

export async function recommendJobs(
  env: Pick<Env, "CACHE" | "PUBLIC_APP_URL" | "SIGNING_SECRET">,
  d1: D1Database,
  userId: string,
  limit: number,
  now = Date.now(),
): Promise<{ data: Recommendation[]; hit: boolean }> {
  const viewers = await viewerHashes(env.SIGNING_SECRET, userId, now);
  const signals = readSignals((await d1.batch<Row>(signalStatements(d1, userId, viewers))) as D1Result<Row>[]);
  // Private per user: the user id is part of the key, and the route never lets shared caches keep it.
  const key = { version: signals.version, userId, fingerprint: signals.fingerprint, limit };
  const { value, hit } = await recommendationCache.readThrough(env, key, async () => {
    const results = await d1.batch<Row>(
      candidateStatements(signals.seeker, userId, now, viewers).map((f) => prepare(d1, f)),
    );
    const candidates = new Map<string, JobRecord>();
    for (const res of results) {
      for (const row of res.results ?? []) {
        const rec = recordFromSql(row);
        candidates.set(rec.job.id, rec);
      }
    }
    return rank(candidates.values(), signals.seeker, now, limit, userId).map((r) => ({
      job: presentSummary(env, r.rec),
      score: r.score,
      reasons: r.reasons,
    }));
  });
  return { data: value, hit };
}
