/**
 * One row shape for a job with its company and category, loaded with plain SQL
 * (the search path runs on D1 directly) and mapped to camelCase here.
 */
import type { JobRow, JobSkill, ScreeningQuestion } from "../../platform/db/schema";
import { type Frag, rawSql } from "../../platform/db/sql";

export interface CompanyRef {
  id: string;
  name: string;
  slug: string;
  logoKey: string | null;
  isVerified: boolean;
  website: string | null;
}

export interface CategoryRef {
  id: string;
  name: string;
  slug: string;
}

export interface JobRecord {
  job: JobRow;
  company: CompanyRef;
  category: CategoryRef | null;
}

/** Columns for `FROM jobs j JOIN companies c … LEFT JOIN categories cat …`. */
export const JOB_RECORD_COLUMNS: Frag = rawSql(
  "j.*, c.name AS c_name, c.slug AS c_slug, c.logo_key AS c_logo_key, c.is_verified AS c_is_verified, " +
    "c.website AS c_website, cat.name AS cat_name, cat.slug AS cat_slug",
);
export const JOB_RECORD_JOINS: Frag = rawSql(
  "JOIN companies c ON c.id = j.company_id LEFT JOIN categories cat ON cat.id = j.category_id",
);

type SqlRow = Record<string, unknown>;

function json<T>(v: unknown, fallback: T): T {
  if (typeof v !== "string") return fallback;
  try {
    return JSON.parse(v) as T;
  } catch {
    return fallback;
  }
}

const str = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));
const num = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

export function jobRowFromSql(r: SqlRow): JobRow {
  return {
    id: String(r.id),
    companyId: String(r.company_id),
    categoryId: str(r.category_id),
    postedBy: str(r.posted_by),
    title: String(r.title),
    titleKey: str(r.title_key),
    slug: String(r.slug),
    description: String(r.description),
    requirements: str(r.requirements),
    responsibilities: str(r.responsibilities),
    benefits: str(r.benefits),
    city: str(r.city),
    region: str(r.region),
    country: str(r.country),
    cityKey: str(r.city_key),
    regionKey: str(r.region_key),
    countryKey: str(r.country_key),
    lat: num(r.lat),
    lng: num(r.lng),
    isRemote: Boolean(r.is_remote),
    jobType: r.job_type as JobRow["jobType"],
    experienceLevel: r.experience_level as JobRow["experienceLevel"],
    salaryMin: num(r.salary_min),
    salaryMax: num(r.salary_max),
    salaryCurrency: str(r.salary_currency),
    salaryPeriod: (r.salary_period ?? null) as JobRow["salaryPeriod"],
    salaryMinYearly: num(r.salary_min_yearly),
    salaryMaxYearly: num(r.salary_max_yearly),
    skills: json<JobSkill[]>(r.skills, []),
    screeningQuestions: json<ScreeningQuestion[]>(r.screening_questions, []),
    applyUrl: str(r.apply_url),
    status: r.status as JobRow["status"],
    isFeatured: Boolean(r.is_featured),
    featuredUntil: num(r.featured_until),
    applicationDeadline: num(r.application_deadline),
    publishAt: num(r.publish_at),
    publishedAt: num(r.published_at),
    expiresAt: num(r.expires_at),
    closedAt: num(r.closed_at),
    approvedAt: num(r.approved_at),
    moderationNote: str(r.moderation_note),
    viewCount: Number(r.view_count ?? 0),
    importSource: str(r.import_source),
    applicationCount: Number(r.application_count ?? 0),
    createdAt: Number(r.created_at),
    updatedAt: Number(r.updated_at),
  };
}

export function recordFromSql(r: SqlRow): JobRecord {
  const job = jobRowFromSql(r);
  return {
    job,
    company: {
      id: job.companyId,
      name: String(r.c_name ?? ""),
      slug: String(r.c_slug ?? ""),
      logoKey: str(r.c_logo_key),
      isVerified: Boolean(r.c_is_verified),
      website: str(r.c_website),
    },
    category:
      job.categoryId && r.cat_name != null
        ? { id: job.categoryId, name: String(r.cat_name), slug: String(r.cat_slug) }
        : null,
  };
}
