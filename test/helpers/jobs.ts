/**
 * Factories for the jobs tests: companies, members and categories are inserted
 * directly (their own modules are built elsewhere); jobs either through the API
 * or directly with `insertJob` for bulk search data.
 */
import { env } from "cloudflare:test";
import { foldOrNull, foldText } from "../../src/lib/fold";
import { newId } from "../../src/lib/ids";
import { normalizeSkills, skillKey, slugify, toYearly } from "../../src/modules/jobs/normalize";
import { categories, companies, companyMembers, type JobRow, jobSkills, jobs } from "../../src/platform/db/schema";
import { db, type Session, signedIn, unique } from "./factories";

export async function makeCompany(o: { verified?: boolean; name?: string; website?: string | null } = {}) {
  const now = Date.now();
  const name = o.name ?? `Company ${unique("c")}`;
  const row = {
    id: newId(now),
    slug: slugify(`${name}-${unique("")}`),
    name,
    website: o.website === undefined ? "https://example.com" : o.website,
    isVerified: o.verified ?? true,
    verifiedAt: o.verified === false ? null : now,
    createdAt: now,
    updatedAt: now,
  };
  await db().insert(companies).values(row);
  return row;
}

export async function addMember(companyId: string, userId: string, role: "owner" | "recruiter" = "owner") {
  await db().insert(companyMembers).values({ companyId, userId, role, createdAt: Date.now() });
}

export async function makeCategory(o: { name?: string; parentId?: string | null; slug?: string } = {}) {
  const now = Date.now();
  const name = o.name ?? `Category ${unique("k")}`;
  const row = {
    id: newId(now),
    parentId: o.parentId ?? null,
    name,
    slug: o.slug ?? slugify(`${name}-${unique("")}`),
    createdAt: now,
    updatedAt: now,
  };
  await db().insert(categories).values(row);
  return row;
}

/** An employer (verified email by default) who owns a (verified by default) company. */
export async function employerWithCompany(o: { verified?: boolean; emailVerified?: boolean } = {}) {
  const session = await signedIn({ role: "employer", verified: o.emailVerified ?? true });
  const company = await makeCompany({ verified: o.verified ?? true });
  await addMember(company.id, session.user.id);
  return { ...session, company };
}

/** A valid `POST /jobs` body. */
export function jobBody(companyId: string, overrides: Record<string, unknown> = {}) {
  return {
    company_id: companyId,
    title: "Backend Engineer",
    description: "Build **APIs** at the edge.",
    job_type: "full_time",
    experience_level: "mid",
    location: { city: "Berlin", country: "Germany", lat: 52.52, lng: 13.405 },
    salary: { min: 60000, max: 80000, currency: "EUR", period: "year" },
    skills: [{ name: "Go" }, { name: "SQL", required: false }],
    ...overrides,
  };
}

export interface InsertJobOptions extends Partial<Omit<JobRow, "skills">> {
  companyId: string;
  skills?: string[];
}

/** Inserts a job row directly (default: published now, expiring in 30 days). */
export async function insertJob(o: InsertJobOptions): Promise<JobRow> {
  const now = Date.now();
  const skills = normalizeSkills((o.skills ?? []).map((name) => ({ name })));
  const row: JobRow = {
    id: newId(now),
    categoryId: null,
    postedBy: null,
    title: "Software Engineer",
    titleKey: null,
    slug: "software-engineer",
    description: "A job.",
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
    jobType: "full_time",
    experienceLevel: "mid",
    salaryMin: null,
    salaryMax: null,
    salaryCurrency: null,
    salaryPeriod: null,
    salaryMinYearly: null,
    salaryMaxYearly: null,
    screeningQuestions: [],
    applyUrl: null,
    status: "published",
    isFeatured: false,
    applicationDeadline: null,
    publishAt: null,
    publishedAt: now,
    expiresAt: now + 30 * 86_400_000,
    closedAt: null,
    approvedAt: now,
    moderationNote: null,
    viewCount: 0,
    applicationCount: 0,
    createdAt: now,
    updatedAt: now,
    ...o,
    skills,
  };
  row.slug = slugify(row.title);
  row.titleKey = foldText(row.title);
  row.cityKey = foldOrNull(row.city);
  row.regionKey = foldOrNull(row.region);
  row.countryKey = foldOrNull(row.country);
  row.salaryMinYearly = toYearly(row.salaryMin, row.salaryPeriod);
  row.salaryMaxYearly = toYearly(row.salaryMax, row.salaryPeriod);
  await db().insert(jobs).values(row);
  if (skills.length) {
    await db()
      .insert(jobSkills)
      .values(skills.map((s) => ({ jobId: row.id, skill: skillKey(s.name), required: s.required })));
  }
  return row;
}

/** Runs the five-minute cron tick at a fixed time. */
export async function runFiveMinuteCron(scheduledTime: number) {
  const { createScheduledController, createExecutionContext, waitOnExecutionContext } = await import("cloudflare:test");
  const worker = (await import("../../src/index")).default;
  const controller = createScheduledController({ cron: "*/5 * * * *", scheduledTime });
  const ctx = createExecutionContext();
  await worker.scheduled(controller, env, ctx);
  await waitOnExecutionContext(ctx);
}

export type EmployerSession = Session & { company: Awaited<ReturnType<typeof makeCompany>> };
