/**
 * Bulk import (CSV with a header row, or a JSON array; ≤ 500 rows) and export
 * (CSV or JSON) of an employer's jobs. Every imported row is validated exactly
 * like `POST /jobs`; valid rows become drafts in batches, invalid rows report
 * their errors, and one bad row never blocks the others.
 */
import Papa from "papaparse";
import { ApiError, type FieldError, zodIssuesToErrors } from "../../http/problem";
import type { Db } from "../../platform/db/client";
import { jobSkills, jobs } from "../../platform/db/schema";
import { type Frag, inList, prepare, sq, where } from "../../platform/db/sql";
import type { AuthContext } from "../../platform/env";
import { companyIdsOf } from "../companies";
import { presentJob } from "./presenters";
import { JOB_RECORD_COLUMNS, JOB_RECORD_JOINS, type JobRecord, recordFromSql } from "./records";
import { CreateJobBody } from "./schemas";
import { buildDraft, requireVerifiedPoster, resolveCategories } from "./service";

export const MAX_IMPORT_ROWS = 500;
const JOBS_PER_BATCH = 25;

export const CSV_COLUMNS = [
  "company_id",
  "title",
  "category",
  "description",
  "requirements",
  "responsibilities",
  "benefits",
  "city",
  "region",
  "country",
  "lat",
  "lng",
  "is_remote",
  "job_type",
  "experience_level",
  "salary_min",
  "salary_max",
  "salary_currency",
  "salary_period",
  "skills",
  "apply_url",
  "application_deadline",
  "publish_at",
  "expires_at",
] as const;

export interface ImportRowResult {
  row: number;
  id?: string;
  errors?: FieldError[];
}

/** Parses CSV text into row objects; unknown or missing header columns are a 400. */
export function parseCsv(text: string): Record<string, string>[] {
  const parsed = Papa.parse<Record<string, string>>(text.replace(/^\uFEFF/, ""), {
    header: true,
    skipEmptyLines: "greedy",
    transformHeader: (h) => h.trim().toLowerCase(),
  });
  const fields = parsed.meta.fields ?? [];
  const unknown = fields.filter((f) => !(CSV_COLUMNS as readonly string[]).includes(f));
  if (!fields.includes("title") || unknown.length) {
    throw new ApiError(400, "validation-error", "The CSV header is not valid.", {
      errors: [
        ...(fields.includes("title") ? [] : [{ path: "header", message: "a `title` column is required" }]),
        ...unknown.map((f) => ({ path: `header.${f.slice(0, 40)}`, message: "unknown column" })),
      ],
    });
  }
  return parsed.data;
}

const blank = (v: unknown) => v === undefined || v === null || (typeof v === "string" && v.trim() === "");
const numberOr = (v: string | undefined) => (blank(v) ? undefined : Number(v));
const boolOr = (v: string | undefined) =>
  blank(v) ? undefined : ["true", "yes", "1", "y"].includes(String(v).trim().toLowerCase());
const textOr = (v: string | undefined) => (blank(v) ? undefined : String(v).trim());

/** A CSV row → the `POST /jobs` body shape (validation happens afterwards, on that shape). */
export function csvRowToBody(r: Record<string, string>): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  const set = (k: string, v: unknown) => {
    if (v !== undefined) body[k] = v;
  };
  set("company_id", textOr(r.company_id));
  set("title", textOr(r.title));
  set("category_id", textOr(r.category));
  for (const k of ["description", "requirements", "responsibilities", "benefits", "apply_url"] as const) {
    set(k, textOr(r[k]));
  }
  for (const k of ["application_deadline", "publish_at", "expires_at"] as const) set(k, textOr(r[k]));
  for (const k of ["job_type", "experience_level"] as const) set(k, textOr(r[k])?.toLowerCase());
  const location = {
    city: textOr(r.city),
    region: textOr(r.region),
    country: textOr(r.country),
    lat: numberOr(r.lat),
    lng: numberOr(r.lng),
  };
  if (Object.values(location).some((v) => v !== undefined)) body.location = location;
  set("is_remote", boolOr(r.is_remote));
  if (!blank(r.salary_min) || !blank(r.salary_max) || !blank(r.salary_currency)) {
    body.salary = {
      min: numberOr(r.salary_min),
      max: numberOr(r.salary_max),
      currency: textOr(r.salary_currency),
      period: textOr(r.salary_period)?.toLowerCase() ?? "year",
    };
  }
  if (!blank(r.skills)) {
    body.skills = String(r.skills)
      .split(/[;|,]/)
      .map((s) => s.trim())
      .filter(Boolean)
      .map((name) => ({ name }));
  }
  return body;
}

export async function importJobs(
  db: Db,
  auth: AuthContext,
  rows: unknown[],
  defaultCompanyId: string | undefined,
  now = Date.now(),
): Promise<{ created: number; failed: number; results: ImportRowResult[] }> {
  requireVerifiedPoster(auth);
  if (rows.length > MAX_IMPORT_ROWS) {
    throw new ApiError(413, "too-many-rows", `At most ${MAX_IMPORT_ROWS} rows per import.`);
  }
  const allowed = auth.role === "admin" ? null : new Set(await companyIdsOf(db, auth.userId));
  const parsed = rows.map((raw) => {
    const input =
      raw && typeof raw === "object" && !Array.isArray(raw)
        ? { ...(defaultCompanyId && !("company_id" in raw) ? { company_id: defaultCompanyId } : {}), ...raw }
        : raw;
    return CreateJobBody.safeParse(input);
  });
  const categoryRefs = parsed.flatMap((p) => (p.success && p.data.category_id ? [p.data.category_id] : []));
  const categoriesByRef = await resolveCategories(db, categoryRefs);
  // Admins may import into any existing company.
  const adminCompanies =
    allowed === null
      ? new Set(
          (
            await prepare(
              db.$client,
              sq`SELECT id FROM companies WHERE id IN ${inList([...new Set(parsed.flatMap((p) => (p.success ? [p.data.company_id] : [])))].slice(0, 90).concat(""))}`,
            ).all<{ id: string }>()
          ).results.map((r) => r.id),
        )
      : null;

  const results: ImportRowResult[] = [];
  const drafts: Array<{ index: number; built: ReturnType<typeof buildDraft> }> = [];
  parsed.forEach((p, i) => {
    const rowNumber = i + 1;
    if (!p.success) {
      results.push({ row: rowNumber, errors: zodIssuesToErrors(p.error.issues) });
      return;
    }
    const errors: FieldError[] = [];
    const companyOk = allowed ? allowed.has(p.data.company_id) : adminCompanies?.has(p.data.company_id);
    if (!companyOk) errors.push({ path: "company_id", message: "no such company among yours" });
    const categoryId = p.data.category_id ? categoriesByRef.get(p.data.category_id) : null;
    if (p.data.category_id && !categoryId) errors.push({ path: "category_id", message: "no such category" });
    if (errors.length) {
      results.push({ row: rowNumber, errors });
      return;
    }
    const built = buildDraft(p.data, categoryId ?? null, auth.userId, now + i);
    drafts.push({ index: results.length, built });
    results.push({ row: rowNumber, id: built.row.id });
  });

  for (let i = 0; i < drafts.length; i += JOBS_PER_BATCH) {
    const chunk = drafts.slice(i, i + JOBS_PER_BATCH);
    const skillRows = chunk.flatMap((d) => d.built.skillRows);
    const statements = [
      ...chunk.map((d) => db.insert(jobs).values(d.built.row)),
      // 3 parameters per skill row: 30 rows stay under D1's 100-parameter limit.
      ...Array.from({ length: Math.ceil(skillRows.length / 30) }, (_, k) =>
        db.insert(jobSkills).values(skillRows.slice(k * 30, k * 30 + 30)),
      ),
    ];
    await db.batch(statements as unknown as Parameters<Db["batch"]>[0]);
  }
  return { created: drafts.length, failed: results.length - drafts.length, results };
}

// ------------------------------------------------------------------ export

export const MAX_EXPORT_ROWS = 5000;

export async function exportRecords(
  db: Db,
  auth: AuthContext,
  filter: { company_id?: string; status?: string },
): Promise<JobRecord[]> {
  const conds: Frag[] = [];
  if (auth.role !== "admin") {
    const ids = await companyIdsOf(db, auth.userId);
    const scoped = filter.company_id ? ids.filter((id) => id === filter.company_id) : ids;
    if (!scoped.length) return [];
    conds.push(sq`j.company_id IN ${inList(scoped.slice(0, 90))}`);
  } else if (filter.company_id) {
    conds.push(sq`j.company_id = ${filter.company_id}`);
  } else {
    throw new ApiError(400, "validation-error", "Admins export one company at a time: pass company_id.");
  }
  if (filter.status) conds.push(sq`j.status = ${filter.status}`);
  const { results } = await prepare(
    db.$client,
    sq`SELECT ${JOB_RECORD_COLUMNS} FROM jobs j ${JOB_RECORD_JOINS} WHERE ${where(conds)}
       ORDER BY j.created_at DESC, j.id DESC LIMIT ${MAX_EXPORT_ROWS}`,
  ).all<Record<string, unknown>>();
  return results.map(recordFromSql);
}

/**
 * Spreadsheet formula injection (CWE-1236): a text cell starting with = + - @,
 * tab or carriage return is prefixed with `'` so Excel/Sheets show it as text.
 * Numbers stay numbers (a negative longitude is data, not a formula).
 */
export function neutralizeCell(value: unknown): string | number | boolean {
  if (value === null || value === undefined) return "";
  if (typeof value === "number" || typeof value === "boolean") return value;
  const text = String(value);
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

const iso = (ms: number | null) => (ms === null ? "" : new Date(ms).toISOString());

export function toCsv(records: JobRecord[]): string {
  const header = [
    "id",
    "status",
    "company_id",
    "company_name",
    "title",
    "category",
    "city",
    "region",
    "country",
    "lat",
    "lng",
    "is_remote",
    "job_type",
    "experience_level",
    "salary_min",
    "salary_max",
    "salary_currency",
    "salary_period",
    "skills",
    "apply_url",
    "application_deadline",
    "publish_at",
    "published_at",
    "expires_at",
    "view_count",
    "application_count",
    "created_at",
    "updated_at",
    "description",
    "requirements",
    "responsibilities",
    "benefits",
  ];
  const data = records.map(({ job: j, company, category }) =>
    [
      j.id,
      j.status,
      j.companyId,
      company.name,
      j.title,
      category?.slug ?? "",
      j.city,
      j.region,
      j.country,
      j.lat,
      j.lng,
      j.isRemote,
      j.jobType,
      j.experienceLevel,
      j.salaryMin,
      j.salaryMax,
      j.salaryCurrency,
      j.salaryPeriod,
      j.skills.map((s) => s.name).join("; "),
      j.applyUrl,
      iso(j.applicationDeadline),
      iso(j.publishAt),
      iso(j.publishedAt),
      iso(j.expiresAt),
      j.viewCount,
      j.applicationCount,
      iso(j.createdAt),
      iso(j.updatedAt),
      j.description,
      j.requirements,
      j.responsibilities,
      j.benefits,
    ].map(neutralizeCell),
  );
  // Every field quoted: embedded quotes are doubled, commas and newlines stay inside cells.
  return Papa.unparse({ fields: header, data }, { quotes: true, newline: "\r\n" });
}

export function toJsonExport(env: Pick<Env, "PUBLIC_APP_URL">, records: JobRecord[]) {
  return records.map((r) => presentJob(env, r, { member: true }));
}
