/**
 * `GET /users/{username}`: the profile as others see it. Visibility:
 * `public` → anyone; `employers` → signed-in employers and admins; `private` →
 * only the owner. Anyone else gets `404`, exactly as for a missing user, so a
 * hidden profile's existence is not revealed. Email and phone appear only when
 * the owner turned on `show_email` / `show_phone`; salary expectations never.
 */
import { eq } from "drizzle-orm";
import { notFound } from "../../http/problem";
import type { Db } from "../../platform/db/client";
import { type SeekerProfileRow, type UserRow, users } from "../../platform/db/schema";
import type { AuthContext } from "../../platform/env";
import {
  fileUrl,
  presentCertification,
  presentEducation,
  presentExperience,
  presentPortfolioItem,
  presentProfileSkill,
} from "./presenters";
import { listCertifications, listEducation, listExperience, listPortfolio } from "./sections";
import { defaultSeekerProfile, getEmployerRow, getSeekerRow } from "./service";
import { listProfileSkills } from "./skills";

export async function getPublicProfile(db: Db, viewer: AuthContext | undefined, username: string, origin: string) {
  const user = await db.select().from(users).where(eq(users.username, username.toLowerCase())).get();
  // Admin accounts have no public page; suspended or deleted accounts disappear.
  if (user?.status !== "active" || user.role === "admin") throw notFound("User");
  const isOwner = viewer?.userId === user.id;
  const common = {
    username: user.username,
    first_name: user.firstName,
    last_name: user.lastName,
    role: user.role,
  };

  if (user.role === "employer") {
    const p = await getEmployerRow(db, user.id);
    return {
      ...common,
      avatar_url: fileUrl(origin, p?.avatarKey),
      position_title: p?.positionTitle ?? null,
      linkedin_url: p?.linkedinUrl ?? null,
      email: p?.showEmail ? user.email : null,
      phone: p?.showPhone ? (p.phone ?? null) : null,
    };
  }

  const p = (await getSeekerRow(db, user.id)) ?? defaultSeekerProfile(user.id);
  if (!isOwner && !visibleTo(p, viewer)) throw notFound("User");

  const [experience, education, certifications, portfolio, skills] = await db.batch([
    listExperience(db, user.id),
    listEducation(db, user.id),
    listCertifications(db, user.id),
    listPortfolio(db, user.id),
    listProfileSkills(db, user.id),
  ]);
  return {
    ...common,
    ...presentSummary(user, p, origin),
    skills: skills.map(presentProfileSkill),
    experience: experience.map(presentExperience),
    education: education.map(presentEducation),
    certifications: certifications.map(presentCertification),
    portfolio: portfolio.map(presentPortfolioItem),
  };
}

/** The visibility rule for someone other than the owner: `public` → anyone, `employers` → employers and admins. */
function visibleTo(p: Pick<SummaryProfileRow, "visibility">, viewer: Pick<AuthContext, "role"> | undefined): boolean {
  return (
    p.visibility === "public" ||
    (p.visibility === "employers" && (viewer?.role === "employer" || viewer?.role === "admin"))
  );
}

/** The profile columns the summary reads (so a list query selects only these). */
export type SummaryProfileRow = Pick<
  SeekerProfileRow,
  | "avatarKey"
  | "headline"
  | "bio"
  | "location"
  | "website"
  | "linkedinUrl"
  | "githubUrl"
  | "yearsExperience"
  | "desiredJobTypes"
  | "openToRemote"
  | "isAvailable"
  | "showEmail"
  | "showPhone"
  | "phone"
  | "visibility"
>;

function presentSummary(user: Pick<UserRow, "email">, p: SummaryProfileRow, origin: string) {
  return {
    avatar_url: fileUrl(origin, p.avatarKey),
    headline: p.headline,
    bio: p.bio,
    location: p.location,
    website: p.website,
    linkedin_url: p.linkedinUrl,
    github_url: p.githubUrl,
    years_experience: p.yearsExperience,
    desired_job_types: p.desiredJobTypes,
    open_to_remote: p.openToRemote,
    is_available: p.isAvailable,
    email: p.showEmail ? user.email : null,
    phone: p.showPhone ? p.phone : null,
  };
}

/**
 * A seeker's profile as `viewer` may read it on `GET /users/{username}`, without
 * the sections (`PublicSeekerSummary`), or null when that page would be `404`
 * for them (an account not active, or a profile they may not see). For lists
 * that load many users and profiles in one query: `profile` null means the
 * seeker never wrote one (the defaults apply, as on the page).
 */
export function publicSeekerSummary(
  viewer: Pick<AuthContext, "role" | "userId">,
  user: Pick<UserRow, "id" | "email" | "status" | "role">,
  profile: SummaryProfileRow | null,
  origin: string,
) {
  if (user.status !== "active" || user.role !== "seeker") return null;
  const p = profile ?? defaultSeekerProfile(user.id);
  if (viewer.userId !== user.id && !visibleTo(p, viewer)) return null;
  return presentSummary(user, p, origin);
}
