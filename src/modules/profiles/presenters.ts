import { toIso } from "../../lib/time";
import type {
  CertificationRow,
  EducationRow,
  EmployerProfileRow,
  ExperienceRow,
  PortfolioItemRow,
  ProfileSkillRow,
  SeekerProfileRow,
  UserRow,
} from "../../platform/db/schema";
import { publicImagePath } from "../files";
import type { CompletenessResult } from "./completeness";

/** Public URL of a stored image key (`images/avatars/{sha}.png` → `{origin}/files/images/avatars/{sha}.png`). */
export function fileUrl(origin: string, key: string | null | undefined): string | null {
  return key ? `${origin}${publicImagePath(key)}` : null;
}

export function presentSalary(
  p: Pick<SeekerProfileRow, "salaryMin" | "salaryMax" | "salaryCurrency" | "salaryPeriod">,
) {
  if (p.salaryMin === null || p.salaryMax === null || !p.salaryCurrency || !p.salaryPeriod) return null;
  return { min: p.salaryMin, max: p.salaryMax, currency: p.salaryCurrency, period: p.salaryPeriod };
}

export function presentSeekerProfile(
  user: UserRow,
  p: SeekerProfileRow,
  completeness: CompletenessResult,
  origin: string,
  exists: boolean,
) {
  return {
    user_id: user.id,
    role: "seeker" as const,
    username: user.username,
    first_name: user.firstName,
    last_name: user.lastName,
    email: user.email,
    headline: p.headline,
    bio: p.bio,
    location: p.location,
    phone: p.phone,
    website: p.website,
    linkedin_url: p.linkedinUrl,
    github_url: p.githubUrl,
    years_experience: p.yearsExperience,
    desired_job_types: p.desiredJobTypes,
    desired_locations: p.desiredLocations,
    open_to_remote: p.openToRemote,
    remote_only: p.remoteOnly,
    salary_expectation: presentSalary(p),
    is_available: p.isAvailable,
    visibility: p.visibility,
    show_email: p.showEmail,
    show_phone: p.showPhone,
    avatar_url: fileUrl(origin, p.avatarKey),
    completeness,
    updated_at: exists ? toIso(p.updatedAt) : null,
  };
}

export function presentEmployerProfile(
  user: UserRow,
  p: EmployerProfileRow,
  completeness: CompletenessResult,
  origin: string,
  exists: boolean,
) {
  return {
    user_id: user.id,
    role: user.role === "admin" ? ("admin" as const) : ("employer" as const),
    username: user.username,
    first_name: user.firstName,
    last_name: user.lastName,
    email: user.email,
    position_title: p.positionTitle,
    phone: p.phone,
    linkedin_url: p.linkedinUrl,
    show_email: p.showEmail,
    show_phone: p.showPhone,
    avatar_url: fileUrl(origin, p.avatarKey),
    completeness,
    updated_at: exists ? toIso(p.updatedAt) : null,
  };
}

const stamps = (r: { createdAt: number; updatedAt: number }) => ({
  created_at: toIso(r.createdAt),
  updated_at: toIso(r.updatedAt),
});

export const presentExperience = (r: ExperienceRow) => ({
  id: r.id,
  company_name: r.companyName,
  title: r.title,
  location: r.location,
  start_date: r.startDate,
  end_date: r.endDate,
  is_current: r.isCurrent,
  description: r.description,
  ...stamps(r),
});

export const presentEducation = (r: EducationRow) => ({
  id: r.id,
  institution: r.institution,
  degree: r.degree,
  field_of_study: r.fieldOfStudy,
  start_date: r.startDate,
  end_date: r.endDate,
  grade: r.grade,
  ...stamps(r),
});

export const presentCertification = (r: CertificationRow) => ({
  id: r.id,
  name: r.name,
  issuer: r.issuer,
  issued_on: r.issuedOn,
  expires_on: r.expiresOn,
  credential_url: r.credentialUrl,
  ...stamps(r),
});

export const presentPortfolioItem = (r: PortfolioItemRow) => ({
  id: r.id,
  title: r.title,
  description: r.description,
  url: r.url,
  technologies: r.technologies,
  ...stamps(r),
});

export const presentProfileSkill = (r: ProfileSkillRow) => ({
  name: r.name,
  skill_id: r.skillId,
  level: r.level,
  years: r.years,
});
