/**
 * Job CRUD and access rules. Lifecycle transitions live in lifecycle.ts, search
 * in search.ts. Every write that touches more than one table is one D1 batch.
 */
import { and, eq, inArray, ne, or, type SQL, sql } from "drizzle-orm";
import { requireVerifiedEmail } from "../../http/access";
import { nextVersion, preconditionFailed, versionIn } from "../../http/etag";
import { type ApiError, badRequest, conflict, forbidden, notFound } from "../../http/problem";
import { foldOrNull, foldText } from "../../lib/fold";
import { newId } from "../../lib/ids";
import type { Db } from "../../platform/db/client";
import { categories, type JobRow, jobSkills, jobs } from "../../platform/db/schema";
import { prepare, sq } from "../../platform/db/sql";
import type { AuthContext } from "../../platform/env";
import { requireCompanyAccess } from "../companies";
import { hasPublishableLocation, locationRequired } from "./json-ld";
import { normalizeSkills, skillKey, slugify, toYearly } from "./normalize";
import { JOB_RECORD_COLUMNS, JOB_RECORD_JOINS, type JobRecord, recordFromSql } from "./records";
import type { CreateJobInput, PatchJobInput } from "./schemas";

export const DEFAULT_EXPIRY_MS = 30 * 24 * 60 * 60 * 1000;

/**
 * Publishing and editing jobs needs a verified email address (the accounts
 * module's guard, `403 email-not-verified`); admins act as operators and are exempt.
 */
export function requireVerifiedPoster(auth: AuthContext): void {
  if (auth.role !== "admin") requireVerifiedEmail(auth);
}

export async function loadRecord(db: Db, id: string): Promise<JobRecord | null> {
  const { results } = await prepare(
    db.$client,
    sq`SELECT ${JOB_RECORD_COLUMNS} FROM jobs j ${JOB_RECORD_JOINS} WHERE j.id = ${id}`,
  ).all<Record<string, unknown>>();
  const row = results[0];
  return row ? recordFromSql(row) : null;
}

/**
 * A job by id or, failing that, by its slug (slugs are unique: migration 0023).
 * Two index lookups; an OR over id and slug could make SQLite scan jobs.
 */
export async function loadRecordByIdOrSlug(db: Db, idOrSlug: string): Promise<JobRecord | null> {
  const { results } = await prepare(
    db.$client,
    sq`SELECT ${JOB_RECORD_COLUMNS} FROM jobs j ${JOB_RECORD_JOINS} WHERE j.id = (SELECT id FROM (SELECT id, 0 AS o FROM jobs WHERE id = ${idOrSlug} UNION ALL SELECT id, 1 AS o FROM jobs WHERE slug = ${idOrSlug}) ORDER BY o LIMIT 1)`,
  ).all<Record<string, unknown>>();
  const row = results[0];
  return row ? recordFromSql(row) : null;
}

export async function loadRecords(db: Db, ids: readonly string[]): Promise<Map<string, JobRecord>> {
  const out = new Map<string, JobRecord>();
  for (let i = 0; i < ids.length; i += 90) {
    const chunk = ids.slice(i, i + 90);
    if (!chunk.length) continue;
    const placeholders = chunk.map(() => "?").join(", ");
    const { results } = await db.$client
      .prepare(`SELECT ${JOB_RECORD_COLUMNS.text} FROM jobs j ${JOB_RECORD_JOINS.text} WHERE j.id IN (${placeholders})`)
      .bind(...chunk)
      .all<Record<string, unknown>>();
    for (const r of results) {
      const rec = recordFromSql(r);
      out.set(rec.job.id, rec);
    }
  }
  return out;
}

/** Published and not past its expiry: what the public may see. */
export function isPublic(job: Pick<JobRow, "status" | "expiresAt">, now = Date.now()): boolean {
  return job.status === "published" && (job.expiresAt === null || job.expiresAt > now);
}

/** Whether the caller manages this job's company (admins manage everything). */
export async function canManage(db: Db, auth: AuthContext | undefined, companyId: string): Promise<boolean> {
  if (!auth) return false;
  if (auth.role === "admin") return true;
  if (auth.role !== "employer") return false;
  try {
    await requireCompanyAccess(db, auth, companyId);
    return true;
  } catch {
    return false;
  }
}

/** The job for a company member or admin; `404` for everyone else (existence is not revealed). */
export async function requireManagedJob(db: Db, auth: AuthContext, id: string): Promise<JobRecord> {
  const rec = await loadRecord(db, id);
  if (!rec || !(await canManage(db, auth, rec.job.companyId))) throw notFound("Job");
  return rec;
}

/** The job as the caller may see it: public ones for all, others for members and admins only. */
export async function requireVisibleJob(
  db: Db,
  auth: AuthContext | undefined,
  id: string,
): Promise<{ rec: JobRecord; member: boolean }> {
  const rec = await loadRecord(db, id);
  if (!rec) throw notFound("Job");
  const member = await canManage(db, auth, rec.job.companyId);
  if (!member && !isPublic(rec.job)) throw notFound("Job");
  return { rec, member };
}

/** Resolves category ids or slugs in one query; unknown ones come back missing. */
export async function resolveCategories(db: Db, refs: readonly string[]): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  const unique = [...new Set(refs)].slice(0, 500);
  for (let i = 0; i < unique.length; i += 45) {
    const chunk = unique.slice(i, i + 45);
    const rows = await db
      .select({ id: categories.id, slug: categories.slug })
      .from(categories)
      .where(or(inArray(categories.id, chunk), inArray(categories.slug, chunk)));
    for (const r of rows) {
      out.set(r.id, r.id);
      out.set(r.slug, r.id);
    }
  }
  return out;
}

const ms = (iso: string | null | undefined): number | null => (iso ? Date.parse(iso) : null);

type JobFields = Omit<CreateJobInput, "company_id">;

/** Column values for the job fields of a create body or a (partial) patch. */
export function columnsFromInput(input: Partial<JobFields>, categoryId: string | null | undefined) {
  const cols: Partial<JobRow> = {};
  if (input.title !== undefined) {
    cols.title = input.title;
    cols.titleKey = foldText(input.title);
    cols.slug = slugify(input.title);
  }
  if (categoryId !== undefined) cols.categoryId = categoryId;
  if (input.description !== undefined) cols.description = input.description;
  if (input.requirements !== undefined) cols.requirements = input.requirements ?? null;
  if (input.responsibilities !== undefined) cols.responsibilities = input.responsibilities ?? null;
  if (input.benefits !== undefined) cols.benefits = input.benefits ?? null;
  if (input.location !== undefined) {
    const l = input.location;
    cols.city = l?.city ?? null;
    cols.region = l?.region ?? null;
    cols.country = l?.country ?? null;
    cols.cityKey = foldOrNull(cols.city);
    cols.regionKey = foldOrNull(cols.region);
    cols.countryKey = foldOrNull(cols.country);
    cols.lat = l?.lat ?? null;
    cols.lng = l?.lng ?? null;
  }
  if (input.is_remote !== undefined) cols.isRemote = input.is_remote;
  if (input.job_type !== undefined) cols.jobType = input.job_type;
  if (input.experience_level !== undefined) cols.experienceLevel = input.experience_level;
  if (input.salary !== undefined) {
    const s = input.salary;
    cols.salaryMin = s?.min ?? null;
    cols.salaryMax = s?.max ?? null;
    cols.salaryCurrency = s?.currency ?? null;
    cols.salaryPeriod = s ? s.period : null;
    cols.salaryMinYearly = s ? toYearly(s.min, s.period) : null;
    cols.salaryMaxYearly = s ? toYearly(s.max, s.period) : null;
  }
  if (input.skills !== undefined) cols.skills = normalizeSkills(input.skills);
  if (input.screening_questions !== undefined) {
    cols.screeningQuestions = input.screening_questions.map((q, i) => ({
      id: q.id ?? `q${i + 1}`,
      question: q.question,
      type: q.type,
      ...(q.options ? { options: q.options } : {}),
      required: q.required,
    }));
    const ids = new Set(cols.screeningQuestions.map((q) => q.id));
    if (ids.size !== cols.screeningQuestions.length) {
      throw badRequest("Screening question ids must be unique.", [
        { path: "screening_questions", message: "duplicate id" },
      ]);
    }
  }
  if (input.apply_url !== undefined) cols.applyUrl = input.apply_url ?? null;
  if (input.application_deadline !== undefined) cols.applicationDeadline = ms(input.application_deadline);
  if (input.publish_at !== undefined) cols.publishAt = ms(input.publish_at);
  if (input.expires_at !== undefined) cols.expiresAt = ms(input.expires_at);
  return cols;
}

/** A complete new draft row plus its `job_skills` rows (shared by create and import). */
export function buildDraft(
  input: CreateJobInput,
  categoryId: string | null,
  postedBy: string,
  now: number,
): { row: JobRow; skillRows: { jobId: string; skill: string; required: boolean }[] } {
  const cols = columnsFromInput(input, categoryId);
  const id = newId(now);
  const row: JobRow = {
    id,
    companyId: input.company_id,
    categoryId,
    postedBy,
    title: input.title,
    titleKey: foldText(input.title),
    slug: slugify(input.title),
    description: input.description,
    requirements: null,
    responsibilities: null,
    benefits: null,
    city: null,
    region: null,
    country: null,
    cityKey: null,
    regionKey: null,
    countryKey: null,
    lat: null,
    lng: null,
    isRemote: false,
    jobType: input.job_type,
    experienceLevel: input.experience_level,
    salaryMin: null,
    salaryMax: null,
    salaryCurrency: null,
    salaryPeriod: null,
    salaryMinYearly: null,
    salaryMaxYearly: null,
    skills: [],
    screeningQuestions: [],
    applyUrl: null,
    status: "draft",
    isFeatured: false,
    featuredUntil: null,
    applicationDeadline: null,
    publishAt: null,
    publishedAt: null,
    expiresAt: null,
    closedAt: null,
    approvedAt: null,
    moderationNote: null,
    importSource: null,
    viewCount: 0,
    applicationCount: 0,
    createdAt: now,
    updatedAt: now,
    ...cols,
  };
  const skillRows = row.skills.map((s) => ({ jobId: id, skill: skillKey(s.name), required: s.required }));
  return { row, skillRows };
}

async function categoryIdFor(db: Db, ref: string | null | undefined): Promise<string | null | undefined> {
  if (ref === undefined) return undefined;
  if (ref === null) return null;
  const id = (await resolveCategories(db, [ref])).get(ref);
  if (!id) throw badRequest("Unknown category.", [{ path: "category_id", message: "no such category" }]);
  return id;
}

export async function createJob(db: Db, auth: AuthContext, input: CreateJobInput, now = Date.now()) {
  requireVerifiedPoster(auth);
  await requireCompanyAccess(db, auth, input.company_id);
  const categoryId = (await categoryIdFor(db, input.category_id)) ?? null;
  const { row, skillRows } = buildDraft(input, categoryId, auth.userId, now);
  await db.batch([db.insert(jobs).values(row), ...skillRows.map((s) => db.insert(jobSkills).values(s))]);
  const rec = await loadRecord(db, row.id);
  if (!rec) throw new Error("job vanished after insert");
  return rec;
}

/**
 * Edits a job. `ifMatch` (versions from `If-Match`, see http/etag.ts) makes the
 * write conditional on the stored `updated_at`: stale → `412`, nothing changed.
 */
export async function updateJob(
  db: Db,
  auth: AuthContext,
  id: string,
  patch: PatchJobInput,
  options: { ifMatch?: number[] | undefined } = {},
  now = Date.now(),
) {
  requireVerifiedPoster(auth);
  const rec = await requireManagedJob(db, auth, id);
  const job = rec.job;
  const { ifMatch } = options;
  if (ifMatch && !ifMatch.includes(job.updatedAt)) throw preconditionFailed();
  if (job.status === "archived") throw conflict("invalid-transition", "Archived jobs cannot be edited.");
  if (patch.is_featured !== undefined && auth.role !== "admin") throw forbidden("Only admins can feature jobs.");
  const { is_featured, ...fields } = patch;
  const cols = columnsFromInput(fields, await categoryIdFor(db, patch.category_id));
  if (is_featured !== undefined) cols.isFeatured = is_featured;

  const publishAt = cols.publishAt !== undefined ? cols.publishAt : job.publishAt;
  const expiresAt = cols.expiresAt !== undefined ? cols.expiresAt : job.expiresAt;
  if (publishAt !== null && expiresAt !== null && expiresAt <= publishAt) {
    throw badRequest("expires_at must be after publish_at.", [{ path: "expires_at", message: "before publish_at" }]);
  }
  if (job.status === "published" && cols.expiresAt !== undefined && (cols.expiresAt ?? now + 1) <= now) {
    throw badRequest("A published job cannot expire in the past.", [{ path: "expires_at", message: "in the past" }]);
  }

  // A job that is live, in review or scheduled keeps what publishing required (lifecycle.ts); only an
  // edit of the location itself is refused, so older jobs without one can still be edited otherwise.
  const scheduled = job.status === "draft" && job.approvedAt !== null && job.publishAt !== null;
  if (
    (patch.location !== undefined || patch.is_remote !== undefined) &&
    (job.status === "published" || job.status === "pending_review" || scheduled) &&
    !hasPublishableLocation({ ...job, ...cols })
  )
    throw locationRequired();

  // Conditional on the status we read: a concurrent transition makes this a 409, not a lost update.
  // The date rule is checked again here against the stored values (a concurrent PATCH of the
  // other date cannot slip past it), and so is If-Match's version. updated_at always moves
  // forward, so two writes never share a version (ETag).
  const newPublish = cols.publishAt !== undefined ? sql`${cols.publishAt}` : sql`${jobs.publishAt}`;
  const newExpires = cols.expiresAt !== undefined ? sql`${cols.expiresAt}` : sql`${jobs.expiresAt}`;
  const guard = and(
    eq(jobs.id, id),
    eq(jobs.status, job.status),
    sql`NOT (${newPublish} IS NOT NULL AND ${newExpires} IS NOT NULL AND ${newExpires} <= ${newPublish})`,
    versionIn(jobs.updatedAt, ifMatch),
  ) as SQL;
  // The skill rows are replaced only when the update will apply: they run first, in the same
  // batch (= transaction), under the update's own guard, so a 409/412 leaves them as they were.
  const applies = sql`EXISTS (SELECT 1 FROM jobs WHERE ${guard})`;
  const skillStatements = cols.skills
    ? [
        db.delete(jobSkills).where(and(eq(jobSkills.jobId, id), applies)),
        ...cols.skills.map((s) =>
          db.insert(jobSkills).select(sql`SELECT ${id}, ${skillKey(s.name)}, ${s.required ? 1 : 0} WHERE ${applies}`),
        ),
      ]
    : [];
  const update = db
    .update(jobs)
    .set({ ...cols, updatedAt: nextVersion(jobs.updatedAt, now) })
    .where(guard)
    .returning({ id: jobs.id });
  const results = await db.batch([...skillStatements, update] as [typeof update]);
  const updated = results[results.length - 1] as { id: string }[];
  if (updated.length !== 1) throw await whyNotUpdated(db, id, ifMatch);
  const fresh = await loadRecord(db, id);
  if (!fresh) throw notFound("Job");
  return fresh;
}

/** The error for a guarded job update that matched no row, from the row as it is now. */
async function whyNotUpdated(db: Db, id: string, ifMatch: number[] | undefined): Promise<ApiError> {
  const now = await db
    .select({ updatedAt: jobs.updatedAt, publishAt: jobs.publishAt, expiresAt: jobs.expiresAt })
    .from(jobs)
    .where(eq(jobs.id, id))
    .get();
  if (!now) return notFound("Job");
  if (ifMatch && !ifMatch.includes(now.updatedAt)) return preconditionFailed();
  return conflict("concurrent-update", "The job changed meanwhile (its dates may now conflict); reload and retry.");
}

/** Drafts are deleted; everything else is archived (kept for applications and history). */
export async function deleteJob(db: Db, auth: AuthContext, id: string, now = Date.now()): Promise<void> {
  requireVerifiedPoster(auth);
  const rec = await requireManagedJob(db, auth, id);
  if (rec.job.status === "archived") return;
  if (rec.job.status === "draft") {
    // RETURNING, not meta.changes: D1 also counts the cascaded job_skills rows.
    const res = await db
      .delete(jobs)
      .where(and(eq(jobs.id, id), eq(jobs.status, "draft")))
      .returning({ id: jobs.id });
    if (res.length === 1) return;
    throw conflict("concurrent-update", "The job changed meanwhile; reload and retry.");
  }
  // Already archived by a concurrent request is the same outcome: nothing to check.
  await db
    .update(jobs)
    .set({ status: "archived", updatedAt: now })
    .where(and(eq(jobs.id, id), ne(jobs.status, "archived")));
}

/** The statement that counts one more application on the job (run in the applications module's apply batch). */
export function countApplicationStatement(db: Db, jobId: string) {
  return db
    .update(jobs)
    .set({ applicationCount: sql`${jobs.applicationCount} + 1` })
    .where(eq(jobs.id, jobId));
}

/** The statement that files every job of category `from` under `to` (when the categories module deletes `from`). */
export function recategorizeStatement(db: Db, from: string, to: string, now: number) {
  return db.update(jobs).set({ categoryId: to, updatedAt: now }).where(eq(jobs.categoryId, from));
}
