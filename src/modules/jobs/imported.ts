/**
 * Writes of imported jobs (the ingestion module's pipeline), as statements for
 * its per-page `db.batch`. Imported jobs are published at once (an admin
 * configured the source), carry `import_source`, and each sighting pushes
 * `expires_at` forward; the pipeline expires them when their postings vanish.
 * Every update is guarded by `import_source IS NOT NULL`: a job posted here is
 * never touched by an import.
 */
import { and, eq, inArray, isNotNull, sql } from "drizzle-orm";
import type { BatchItem } from "drizzle-orm/batch";
import { foldOrNull, foldText } from "../../lib/fold";
import type { Db } from "../../platform/db/client";
import {
  type EXPERIENCE_LEVELS,
  type JOB_TYPES,
  type JobRow,
  jobSkills,
  jobs,
  type SALARY_PERIODS,
} from "../../platform/db/schema";
import { normalizeSkills, skillKey, slugify, toYearly } from "./normalize";
import { DEFAULT_EXPIRY_MS } from "./service";

export interface ImportedJobInput {
  companyId: string;
  categoryId: string | null;
  /** The source kind (`greenhouse`…): the job's `import_source` label. */
  importSource: string;
  title: string;
  /** Markdown (the pipeline converts source HTML). */
  description: string;
  city: string | null;
  region: string | null;
  country: string | null;
  lat: number | null;
  lng: number | null;
  isRemote: boolean;
  jobType: (typeof JOB_TYPES)[number];
  experienceLevel: (typeof EXPERIENCE_LEVELS)[number];
  salary: {
    min: number | null;
    max: number | null;
    currency: string;
    period: (typeof SALARY_PERIODS)[number];
  } | null;
  skills: string[];
  applyUrl: string | null;
  /** When the source says it was posted (defaults to the import time). */
  postedAt: number | null;
  /** The source's last day to apply (JSON-LD `validThrough`); the job leaves listings after it. */
  applicationDeadline?: number | null;
}

function columns(input: ImportedJobInput, now: number) {
  const s = input.salary;
  return {
    companyId: input.companyId,
    categoryId: input.categoryId,
    title: input.title,
    titleKey: foldText(input.title),
    description: input.description,
    city: input.city,
    region: input.region,
    country: input.country,
    cityKey: foldOrNull(input.city),
    regionKey: foldOrNull(input.region),
    countryKey: foldOrNull(input.country),
    lat: input.lat,
    lng: input.lng,
    isRemote: input.isRemote,
    jobType: input.jobType,
    experienceLevel: input.experienceLevel,
    salaryMin: s?.min ?? null,
    salaryMax: s?.max ?? null,
    salaryCurrency: s?.currency ?? null,
    salaryPeriod: s?.period ?? null,
    salaryMinYearly: s ? toYearly(s.min, s.period) : null,
    salaryMaxYearly: s ? toYearly(s.max, s.period) : null,
    skills: normalizeSkills(input.skills.map((name) => ({ name, required: false }))),
    applyUrl: input.applyUrl,
    importSource: input.importSource,
    applicationDeadline: input.applicationDeadline ?? null,
    expiresAt: now + DEFAULT_EXPIRY_MS,
  };
}

/** The insert of a new imported job (published now) and its `job_skills` rows. */
export function importedJobInsert(db: Db, id: string, input: ImportedJobInput, now: number): BatchItem<"sqlite">[] {
  const cols = columns(input, now);
  const row: JobRow = {
    ...cols,
    id,
    postedBy: null,
    slug: slugify(input.title),
    requirements: null,
    responsibilities: null,
    benefits: null,
    screeningQuestions: [],
    status: "published",
    isFeatured: false,
    featuredUntil: null,
    publishAt: null,
    publishedAt: input.postedAt !== null && input.postedAt <= now ? input.postedAt : now,
    closedAt: null,
    approvedAt: now,
    moderationNote: null,
    viewCount: 0,
    applicationCount: 0,
    createdAt: now,
    updatedAt: now,
  };
  const skillRows = [...new Map(cols.skills.map((s) => [skillKey(s.name), s])).keys()]
    .slice(0, 30)
    .map((skill) => ({ jobId: id, skill, required: false }));
  // One multi-row insert (3 parameters a row, 30 rows at most: under D1's 100).
  return skillRows.length
    ? [db.insert(jobs).values(row), db.insert(jobSkills).values(skillRows)]
    : [db.insert(jobs).values(row)];
}

const importedGuard = (id: string) => and(eq(jobs.id, id), isNotNull(jobs.importSource));

/**
 * The update of an imported job whose posting changed: fields and skills
 * replaced (not its company); an `expired` job that reappeared is published again. Closed or
 * archived jobs (an admin's decision) keep their status.
 */
export function importedJobUpdate(
  db: Db,
  id: string,
  input: Omit<ImportedJobInput, "companyId">,
  now: number,
): BatchItem<"sqlite">[] {
  // The company and the import label stay as created: a merged job keeps its identity.
  const { companyId: _company, importSource: _source, ...cols } = columns({ ...input, companyId: "" }, now);
  return [
    db
      .delete(jobSkills)
      .where(and(eq(jobSkills.jobId, id), sql`EXISTS (SELECT 1 FROM jobs WHERE ${importedGuard(id)})`)),
    ...cols.skills.map((s) =>
      db
        .insert(jobSkills)
        .select(sql`SELECT ${id}, ${skillKey(s.name)}, 0 WHERE EXISTS (SELECT 1 FROM jobs WHERE ${importedGuard(id)})`)
        .onConflictDoNothing(),
    ),
    db
      .update(jobs)
      .set({
        ...cols,
        status: sql`CASE WHEN ${jobs.status} = 'expired' THEN 'published' ELSE ${jobs.status} END`,
        updatedAt: sql`MAX(${jobs.updatedAt} + 1, ${now})`,
      })
      .where(importedGuard(id)),
  ];
}

/**
 * An unchanged posting was seen again: only its expiry moves forward (and an
 * expired job that reappeared is published again).
 */
export function importedJobSeen(db: Db, ids: readonly string[], now: number): BatchItem<"sqlite">[] {
  const out: BatchItem<"sqlite">[] = [];
  for (let i = 0; i < ids.length; i += 90) {
    out.push(
      // `status` is set only where it changes: the search, suggest, facet and open-count triggers fire
      // on `UPDATE OF status` even when the value stays, re-indexing every job seen again (~130 rows read each).
      db
        .update(jobs)
        .set({ expiresAt: now + DEFAULT_EXPIRY_MS })
        .where(and(inArray(jobs.id, ids.slice(i, i + 90)), isNotNull(jobs.importSource))),
      db
        .update(jobs)
        .set({ status: "published" })
        .where(and(inArray(jobs.id, ids.slice(i, i + 90)), eq(jobs.status, "expired"), isNotNull(jobs.importSource))),
    );
  }
  return out;
}

/** Expires imported jobs that are still published; returns the statements (RETURNING the ids expired). */
export function expireImportedJobs(db: Db, ids: readonly string[], now: number) {
  const out = [];
  for (let i = 0; i < ids.length; i += 90) {
    out.push(
      db
        .update(jobs)
        .set({ status: "expired", expiresAt: now, updatedAt: sql`MAX(${jobs.updatedAt} + 1, ${now})` })
        .where(and(inArray(jobs.id, ids.slice(i, i + 90)), eq(jobs.status, "published"), isNotNull(jobs.importSource)))
        .returning({ id: jobs.id }),
    );
  }
  return out;
}
