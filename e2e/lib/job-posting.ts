/**
 * The checks Google's structured-data guidelines make of a JobPosting
 * (developers.google.com/search/docs/appearance/structured-data/job-posting):
 * the required properties, their types, and the location rule (a jobLocation,
 * or TELECOMMUTE with applicantLocationRequirements or none for "anywhere").
 * Returns the problems found; an empty list is a valid posting.
 */
// biome-ignore lint/suspicious/noExplicitAny: JSON-LD is walked generically
type Json = any;

const isIsoDate = (v: unknown) => typeof v === "string" && !Number.isNaN(Date.parse(v));
const EMPLOYMENT_TYPES = [
  "FULL_TIME",
  "PART_TIME",
  "CONTRACTOR",
  "TEMPORARY",
  "INTERN",
  "VOLUNTEER",
  "PER_DIEM",
  "OTHER",
];

export function jobPostingProblems(ld: Json): string[] {
  const problems: string[] = [];
  const need = (ok: boolean, what: string) => {
    if (!ok) problems.push(what);
  };
  need(typeof ld === "object" && ld !== null, "not an object");
  if (problems.length) return problems;
  need(typeof ld["@context"] === "string" && /schema\.org/.test(ld["@context"]), "@context is schema.org");
  need(ld["@type"] === "JobPosting", "@type is JobPosting");
  need(typeof ld.title === "string" && ld.title.length > 0, "title");
  need(typeof ld.description === "string" && ld.description.length > 0, "description (HTML)");
  need(isIsoDate(ld.datePosted), "datePosted is an ISO 8601 date");
  if (ld.validThrough !== undefined) need(isIsoDate(ld.validThrough), "validThrough is an ISO 8601 date");
  const org = ld.hiringOrganization;
  need(
    org?.["@type"] === "Organization" && typeof org?.name === "string",
    "hiringOrganization is an Organization with a name",
  );
  const remote = ld.jobLocationType === "TELECOMMUTE";
  const place = ld.jobLocation;
  if (place !== undefined) {
    need(
      place["@type"] === "Place" && place.address?.["@type"] === "PostalAddress",
      "jobLocation is a Place with a PostalAddress",
    );
    const a = place.address ?? {};
    need(Boolean(a.addressLocality || a.addressRegion || a.addressCountry), "jobLocation.address names a place");
  } else {
    need(remote, "jobLocation, or jobLocationType TELECOMMUTE");
  }
  if (ld.applicantLocationRequirements !== undefined) {
    need(remote, "applicantLocationRequirements only with TELECOMMUTE");
    need(typeof ld.applicantLocationRequirements?.name === "string", "applicantLocationRequirements names a place");
  }
  if (ld.employmentType !== undefined)
    need(EMPLOYMENT_TYPES.includes(ld.employmentType), "employmentType is a known value");
  if (ld.baseSalary !== undefined) {
    const s = ld.baseSalary;
    need(
      s["@type"] === "MonetaryAmount" && /^[A-Z]{3}$/.test(s.currency ?? ""),
      "baseSalary is a MonetaryAmount with a currency",
    );
    need(
      s.value?.["@type"] === "QuantitativeValue" && typeof s.value?.unitText === "string",
      "baseSalary.value has a unitText",
    );
  }
  if (ld.url !== undefined) need(typeof ld.url === "string" && /^https?:\/\//.test(ld.url), "url is absolute");
  return problems;
}
