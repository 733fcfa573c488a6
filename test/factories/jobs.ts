/** Jobs (rows inserted directly, with their skills; for API-made jobs see jobBody in ../helpers/jobs). */
import { foldOrNull, foldText } from "../../src/lib/fold";
import { newId } from "../../src/lib/ids";
import { normalizeSkills, skillKey, slugify, toYearly } from "../../src/modules/jobs/normalize";
import { type JobRow, jobSkills, jobs } from "../../src/platform/db/schema";
import { db } from "./support";

export interface JobOptions extends Partial<Omit<JobRow, "skills">> {
  companyId: string;
  skills?: string[];
}

/** A job row inserted directly (default: "Software Engineer", published now, expiring in 30 days). */
export async function makeJob(o: JobOptions): Promise<JobRow> {
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
    featuredUntil: null,
    applicationDeadline: null,
    publishAt: null,
    publishedAt: now,
    expiresAt: now + 30 * 86_400_000,
    closedAt: null,
    approvedAt: now,
    moderationNote: null,
    viewCount: 0,
    importSource: null,
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
