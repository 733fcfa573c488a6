/**
 * GDPR hooks for the profiles area, for the integrator to register with the
 * account export/erasure flow: everything a user put into their profile and
 * resumes, and its deletion (rows in one batch, files through orphan cleanup).
 */

import { eq } from "drizzle-orm";
import { toIso } from "../../lib/time";
import type { Db } from "../../platform/db/client";
import {
  certifications,
  education,
  employerProfiles,
  experience,
  portfolioItems,
  profileSkills,
  resumes,
  seekerProfiles,
} from "../../platform/db/schema";
import type { GdprSection } from "../../platform/gdpr";
import { releaseFiles } from "../files";
import { eraseResumesStatement, presentResume } from "../resumes";
import { popularityDeltaStatements } from "../skills";
import {
  presentCertification,
  presentEducation,
  presentExperience,
  presentPortfolioItem,
  presentProfileSkill,
  presentSalary,
} from "./presenters";

/** The user's profile data as plain JSON (storage keys are included so the export names every stored file). */
export async function exportProfileData(db: Db, userId: string) {
  const [seeker, employer, exp, edu, certs, portfolio, skills, files] = await db.batch([
    db.select().from(seekerProfiles).where(eq(seekerProfiles.userId, userId)),
    db.select().from(employerProfiles).where(eq(employerProfiles.userId, userId)),
    db.select().from(experience).where(eq(experience.userId, userId)),
    db.select().from(education).where(eq(education.userId, userId)),
    db.select().from(certifications).where(eq(certifications.userId, userId)),
    db.select().from(portfolioItems).where(eq(portfolioItems.userId, userId)),
    db.select().from(profileSkills).where(eq(profileSkills.userId, userId)).orderBy(profileSkills.position),
    db.select().from(resumes).where(eq(resumes.userId, userId)),
  ]);
  const s = seeker[0];
  const e = employer[0];
  return {
    seeker_profile: s
      ? {
          headline: s.headline,
          bio: s.bio,
          location: s.location,
          phone: s.phone,
          website: s.website,
          linkedin_url: s.linkedinUrl,
          github_url: s.githubUrl,
          years_experience: s.yearsExperience,
          desired_job_types: s.desiredJobTypes,
          desired_locations: s.desiredLocations,
          open_to_remote: s.openToRemote,
          remote_only: s.remoteOnly,
          salary_expectation: presentSalary(s),
          is_available: s.isAvailable,
          visibility: s.visibility,
          show_email: s.showEmail,
          show_phone: s.showPhone,
          avatar_key: s.avatarKey,
          // The part of the last JSON Resume import that no column holds, as imported.
          json_resume_extra: s.jsonResumeExtra?.doc ?? null,
          created_at: toIso(s.createdAt),
          updated_at: toIso(s.updatedAt),
        }
      : null,
    employer_profile: e
      ? {
          position_title: e.positionTitle,
          phone: e.phone,
          linkedin_url: e.linkedinUrl,
          show_email: e.showEmail,
          show_phone: e.showPhone,
          avatar_key: e.avatarKey,
          created_at: toIso(e.createdAt),
          updated_at: toIso(e.updatedAt),
        }
      : null,
    experience: exp.map(presentExperience),
    education: edu.map(presentEducation),
    certifications: certs.map(presentCertification),
    portfolio: portfolio.map(presentPortfolioItem),
    skills: skills.map(presentProfileSkill),
    resumes: files.map((r) => ({ ...presentResume(r), storage_key: r.r2Key, extracted_text: r.extractedText })),
  };
}

/**
 * Deletes the user's profile rows and resumes and schedules their files
 * (avatar, resume files) for orphan cleanup. Applications that carried a
 * resume keep the application but lose the file (`resume_id` → null).
 * Idempotent: a second call finds nothing and does nothing.
 */
export async function eraseProfileData(db: Db, env: Pick<Env, "EVENTS">, userId: string) {
  const [seeker, employer, files, skills] = await db.batch([
    db.select({ key: seekerProfiles.avatarKey }).from(seekerProfiles).where(eq(seekerProfiles.userId, userId)),
    db.select({ key: employerProfiles.avatarKey }).from(employerProfiles).where(eq(employerProfiles.userId, userId)),
    db.select({ key: resumes.r2Key }).from(resumes).where(eq(resumes.userId, userId)),
    db
      .select({ slug: profileSkills.slug, skillId: profileSkills.skillId })
      .from(profileSkills)
      .where(eq(profileSkills.userId, userId)),
  ]);
  const taxonomySlugs = skills.filter((k) => k.skillId).map((k) => k.slug);
  const keys = [...seeker, ...employer, ...files].map((r) => r.key);
  // The rows go and their files' cleanup is queued in one batch.
  await releaseFiles(db, env, keys, [
    db.delete(profileSkills).where(eq(profileSkills.userId, userId)),
    ...popularityDeltaStatements(db, [], taxonomySlugs),
    db.delete(experience).where(eq(experience.userId, userId)),
    db.delete(education).where(eq(education.userId, userId)),
    db.delete(certifications).where(eq(certifications.userId, userId)),
    db.delete(portfolioItems).where(eq(portfolioItems.userId, userId)),
    eraseResumesStatement(db, userId),
    db.delete(seekerProfiles).where(eq(seekerProfiles.userId, userId)),
    db.delete(employerProfiles).where(eq(employerProfiles.userId, userId)),
  ]);
  return { resumes: files.length, files: keys.filter(Boolean).length };
}

/**
 * Profile, sections, skills and resumes (with their storage keys). Erasure deletes the
 * rows and hands avatar/resume files to the `file.orphaned` queue job, which deletes
 * each object once nothing references it (images are content-addressed and may be shared).
 */
export const profilesGdpr: GdprSection = {
  name: "profile",
  export: exportProfileData,
  erase: async ({ db, env, userId }) => {
    await eraseProfileData(db, env, userId);
    return {};
  },
};
