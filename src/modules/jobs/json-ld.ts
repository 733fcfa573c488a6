/**
 * schema.org `JobPosting` for Google for Jobs: title, HTML description,
 * datePosted, validThrough, employmentType, hiringOrganization, jobLocation and/or
 * TELECOMMUTE with applicantLocationRequirements, baseSalary (MonetaryAmount with a
 * QuantitativeValue and unitText), experienceRequirements
 * (OccupationalExperienceRequirements), identifier, directApply.
 */
import { ApiError } from "../../http/problem";
import { appUrl } from "../../lib/urls";
import { renderMarkdown } from "./markdown";
import { logoUrl } from "./presenters";
import type { JobRecord } from "./records";

const EMPLOYMENT_TYPE: Record<string, string> = {
  full_time: "FULL_TIME",
  part_time: "PART_TIME",
  contract: "CONTRACTOR",
  freelance: "CONTRACTOR",
  internship: "INTERN",
  temporary: "TEMPORARY",
};

/**
 * Minimum experience per level, in months, for `OccupationalExperienceRequirements`
 * (the same thresholds the docs give for the levels: docs/jobs.md, "JSON-LD").
 */
const MONTHS_OF_EXPERIENCE: Record<string, number> = { entry: 0, mid: 24, senior: 60, lead: 96, executive: 120 };

/**
 * Google for Jobs requires `jobLocation` unless the job is remote (`TELECOMMUTE`):
 * a job without either cannot be published (lifecycle.ts, `location-required`).
 */
export const hasPublishableLocation = (j: Pick<JobRecord["job"], "isRemote" | "city" | "region" | "country">) =>
  j.isRemote || Boolean(j.city || j.region || j.country);

/** `422 location-required`, for publishing, approving, and editing a job that is live, in review or scheduled. */
export const locationRequired = () =>
  new ApiError(
    422,
    "location-required",
    "A job needs a location (city, region or country) or is_remote before it can be published.",
    { errors: [{ path: "location", message: "Set a location, or is_remote: true." }] },
  );

const UNIT_TEXT: Record<string, string> = { hour: "HOUR", day: "DAY", week: "WEEK", month: "MONTH", year: "YEAR" };

export function jobPostingJsonLd(env: Pick<Env, "PUBLIC_APP_URL">, rec: JobRecord): Record<string, unknown> {
  const j = rec.job;
  const url = appUrl(env, `/jobs/${j.id}/${j.slug}`);
  const sections = [
    renderMarkdown(j.description),
    j.responsibilities ? `<h2>Responsibilities</h2>${renderMarkdown(j.responsibilities)}` : null,
    j.requirements ? `<h2>Requirements</h2>${renderMarkdown(j.requirements)}` : null,
    j.benefits ? `<h2>Benefits</h2>${renderMarkdown(j.benefits)}` : null,
  ].filter(Boolean);

  const org: Record<string, unknown> = { "@type": "Organization", name: rec.company.name };
  if (rec.company.website) org.sameAs = rec.company.website;
  const logo = logoUrl(env, rec.company);
  if (logo) org.logo = logo;

  const ld: Record<string, unknown> = {
    "@context": "https://schema.org/",
    "@type": "JobPosting",
    title: j.title,
    description: sections.join("\n"),
    identifier: { "@type": "PropertyValue", name: rec.company.name, value: j.id },
    datePosted: new Date(j.publishedAt ?? j.createdAt).toISOString(),
    employmentType: EMPLOYMENT_TYPE[j.jobType] ?? "OTHER",
    hiringOrganization: org,
    url,
    // Applying happens on this site unless the employer sends candidates elsewhere.
    directApply: !j.applyUrl,
  };
  const validThrough = [j.expiresAt, j.applicationDeadline].filter((v): v is number => v !== null);
  if (validThrough.length) ld.validThrough = new Date(Math.min(...validThrough)).toISOString();

  const address = {
    "@type": "PostalAddress",
    ...(j.city ? { addressLocality: j.city } : {}),
    ...(j.region ? { addressRegion: j.region } : {}),
    ...(j.country ? { addressCountry: j.country } : {}),
  };
  if (j.isRemote) {
    ld.jobLocationType = "TELECOMMUTE";
    // Where remote applicants may live. Without a country the job is open to anywhere, which
    // schema.org expresses by leaving the requirement out (Google then shows it without a region).
    if (j.country) ld.applicantLocationRequirements = { "@type": "Country", name: j.country };
  }
  // A remote job whose only place is a country has no office: the country is the applicant
  // requirement above. Otherwise the place is the office (on-site, or hybrid next to TELECOMMUTE).
  if (j.city || j.region || (j.country && !j.isRemote)) {
    ld.jobLocation = {
      "@type": "Place",
      address,
      ...(j.lat !== null && j.lng !== null
        ? { geo: { "@type": "GeoCoordinates", latitude: j.lat, longitude: j.lng } }
        : {}),
    };
  }
  if (j.salaryCurrency && j.salaryPeriod && (j.salaryMin !== null || j.salaryMax !== null)) {
    const value: Record<string, unknown> = { "@type": "QuantitativeValue", unitText: UNIT_TEXT[j.salaryPeriod] };
    if (j.salaryMin !== null && j.salaryMax !== null && j.salaryMin !== j.salaryMax) {
      value.minValue = j.salaryMin;
      value.maxValue = j.salaryMax;
    } else {
      value.value = j.salaryMin ?? j.salaryMax;
    }
    ld.baseSalary = { "@type": "MonetaryAmount", currency: j.salaryCurrency, value };
  }
  if (rec.category) ld.occupationalCategory = rec.category.name;
  const months = MONTHS_OF_EXPERIENCE[j.experienceLevel];
  if (months !== undefined) {
    ld.experienceRequirements = { "@type": "OccupationalExperienceRequirements", monthsOfExperience: months };
  }
  if (j.skills.length) ld.skills = j.skills.map((s) => s.name).join(", ");
  return ld;
}
