/** Job records → wire DTOs (snake_case, ISO dates, rendered Markdown). */
import { toIsoOrNull } from "../../lib/time";
import { appUrl } from "../../lib/urls";
import { publicImagePath } from "../files";
import { renderMarkdown } from "./markdown";
import type { CompanyRef, JobRecord } from "./records";

/**
 * Absolute URL of a company logo (JSON-LD needs one), on the public image
 * route of the files module.
 */
export function logoUrl(env: Pick<Env, "PUBLIC_APP_URL">, company: Pick<CompanyRef, "logoKey">): string | null {
  if (!company.logoKey) return null;
  return appUrl(env, publicImagePath(company.logoKey));
}

export function presentSummary(env: Pick<Env, "PUBLIC_APP_URL">, rec: JobRecord) {
  const j = rec.job;
  return {
    id: j.id,
    title: j.title,
    slug: j.slug,
    company: {
      id: rec.company.id,
      name: rec.company.name,
      slug: rec.company.slug,
      logo_url: logoUrl(env, rec.company),
      is_verified: rec.company.isVerified,
    },
    category: rec.category ? { id: rec.category.id, name: rec.category.name, slug: rec.category.slug } : null,
    location: { city: j.city, region: j.region, country: j.country, lat: j.lat, lng: j.lng },
    is_remote: j.isRemote,
    job_type: j.jobType,
    experience_level: j.experienceLevel,
    salary:
      j.salaryCurrency && j.salaryPeriod && (j.salaryMin !== null || j.salaryMax !== null)
        ? {
            min: j.salaryMin,
            max: j.salaryMax,
            currency: j.salaryCurrency,
            period: j.salaryPeriod,
            yearly_min: j.salaryMinYearly,
            yearly_max: j.salaryMaxYearly,
          }
        : null,
    skills: j.skills.map((s) => ({ name: s.name, required: s.required })),
    status: j.status,
    is_featured: j.isFeatured,
    import_source: j.importSource,
    application_deadline: toIsoOrNull(j.applicationDeadline),
    published_at: toIsoOrNull(j.publishedAt),
    expires_at: toIsoOrNull(j.expiresAt),
    created_at: new Date(j.createdAt).toISOString(),
  };
}
export type JobSummaryDto = ReturnType<typeof presentSummary> & {
  highlight?: { title: string; snippet: string };
  distance_km?: number;
};

/** The full job. `member` adds what only the company and admins may see. */
export function presentJob(env: Pick<Env, "PUBLIC_APP_URL">, rec: JobRecord, options: { member?: boolean } = {}) {
  const j = rec.job;
  return {
    ...presentSummary(env, rec),
    description: j.description,
    description_html: renderMarkdown(j.description) ?? "",
    requirements: j.requirements,
    requirements_html: renderMarkdown(j.requirements),
    responsibilities: j.responsibilities,
    responsibilities_html: renderMarkdown(j.responsibilities),
    benefits: j.benefits,
    benefits_html: renderMarkdown(j.benefits),
    screening_questions: j.screeningQuestions.map((q) => ({
      id: q.id,
      question: q.question,
      type: q.type,
      ...(q.options ? { options: q.options } : {}),
      required: q.required,
    })),
    apply_url: j.applyUrl,
    publish_at: toIsoOrNull(j.publishAt),
    is_scheduled: j.status === "draft" && j.approvedAt !== null && j.publishAt !== null,
    closed_at: toIsoOrNull(j.closedAt),
    ...(options.member ? { moderation_note: j.moderationNote } : {}),
    view_count: j.viewCount,
    application_count: j.applicationCount,
    updated_at: new Date(j.updatedAt).toISOString(),
  };
}
export type JobDto = ReturnType<typeof presentJob> & {
  json_ld?: Record<string, unknown>;
  has_applied?: boolean;
  is_saved?: boolean;
};
