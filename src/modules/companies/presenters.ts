import { toIso, toIsoOrNull } from "../../lib/time";
import type { CompanyRow } from "../../platform/db/schema";
import { logoUrl } from "./logo";
import type { MemberView } from "./members";

export function presentCompany(c: CompanyRow) {
  return {
    id: c.id,
    slug: c.slug,
    name: c.name,
    description: c.description,
    website: c.website,
    industry: c.industry,
    size: c.size,
    headquarters: c.headquarters,
    founded_year: c.foundedYear,
    benefits: c.benefits,
    social_links: c.socialLinks,
    logo_url: logoUrl(c.logoKey),
    is_verified: c.isVerified,
    verified_at: toIsoOrNull(c.verifiedAt),
    rating: { average: Math.round(c.ratingAverage * 100) / 100, count: c.ratingCount },
    open_jobs_count: c.openJobsCount,
    created_at: toIso(c.createdAt),
    updated_at: toIso(c.updatedAt),
  };
}

/**
 * schema.org data for the company page: an `EmployerAggregateRating` once the
 * company has published reviews (what Google's employer rating rich result
 * reads), otherwise the plain `Organization`. `origin` makes URLs absolute.
 */
export function companyJsonLd(c: CompanyRow, origin: string): Record<string, unknown> {
  const organization: Record<string, unknown> = { "@type": "Organization", name: c.name };
  const sameAs = [c.website, ...Object.values(c.socialLinks)].filter((v): v is string => !!v);
  if (sameAs.length > 0) organization.sameAs = sameAs;
  if (c.website) organization.url = c.website;
  const logo = logoUrl(c.logoKey);
  if (logo) organization.logo = `${origin}${logo}`;
  if (c.description) organization.description = c.description.slice(0, 500);
  if (c.ratingCount === 0) return { "@context": "https://schema.org", ...organization };
  return {
    "@context": "https://schema.org",
    "@type": "EmployerAggregateRating",
    itemReviewed: organization,
    ratingValue: Math.round(c.ratingAverage * 100) / 100,
    ratingCount: c.ratingCount,
    bestRating: 5,
    worstRating: 1,
  };
}

export function presentMember(m: MemberView) {
  return {
    user_id: m.userId,
    email: m.email,
    username: m.username,
    first_name: m.firstName,
    last_name: m.lastName,
    role: m.role,
    joined_at: toIso(m.createdAt),
  };
}
