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
import { users } from "../../platform/db/schema";
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
  const allowed =
    isOwner ||
    p.visibility === "public" ||
    (p.visibility === "employers" && (viewer?.role === "employer" || viewer?.role === "admin"));
  if (!allowed) throw notFound("User");

  const [experience, education, certifications, portfolio, skills] = await db.batch([
    listExperience(db, user.id),
    listEducation(db, user.id),
    listCertifications(db, user.id),
    listPortfolio(db, user.id),
    listProfileSkills(db, user.id),
  ]);
  return {
    ...common,
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
    skills: skills.map(presentProfileSkill),
    experience: experience.map(presentExperience),
    education: education.map(presentEducation),
    certifications: certifications.map(presentCertification),
    portfolio: portfolio.map(presentPortfolioItem),
  };
}
