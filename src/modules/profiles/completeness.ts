/**
 * Profile completeness: a weighted list of what a good profile has. Weights
 * add up to 100; `missing` lists the absent items, heaviest first, so a client
 * can prompt for the most valuable next step.
 */
import { eq, sql } from "drizzle-orm";
import type { Db } from "../../platform/db/client";
import { companyMembers, employerProfiles, seekerProfiles, users } from "../../platform/db/schema";

export interface CompletenessResult {
  percent: number;
  missing: string[];
}

interface Item<T> {
  key: string;
  weight: number;
  done: (facts: T) => boolean;
}

export interface SeekerFacts {
  headline: string | null;
  bio: string | null;
  avatarKey: string | null;
  location: string | null;
  website: string | null;
  linkedinUrl: string | null;
  githubUrl: string | null;
  yearsExperience: number | null;
  desiredJobTypes: string[];
  skills: number;
  experience: number;
  education: number;
  resumes: number;
}

export const SEEKER_ITEMS: Item<SeekerFacts>[] = [
  { key: "experience", weight: 15, done: (f) => f.experience > 0 },
  { key: "skills", weight: 15, done: (f) => f.skills >= 3 },
  { key: "headline", weight: 10, done: (f) => !!f.headline },
  { key: "bio", weight: 10, done: (f) => !!f.bio },
  { key: "avatar", weight: 10, done: (f) => !!f.avatarKey },
  { key: "education", weight: 10, done: (f) => f.education > 0 },
  { key: "resume", weight: 10, done: (f) => f.resumes > 0 },
  { key: "location", weight: 5, done: (f) => !!f.location },
  { key: "links", weight: 5, done: (f) => !!(f.website || f.linkedinUrl || f.githubUrl) },
  { key: "years_experience", weight: 5, done: (f) => f.yearsExperience !== null },
  { key: "desired_job_types", weight: 5, done: (f) => f.desiredJobTypes.length > 0 },
];

export interface EmployerFacts {
  avatarKey: string | null;
  positionTitle: string | null;
  phone: string | null;
  linkedinUrl: string | null;
  companies: number;
}

export const EMPLOYER_ITEMS: Item<EmployerFacts>[] = [
  { key: "position_title", weight: 25, done: (f) => !!f.positionTitle },
  { key: "avatar", weight: 25, done: (f) => !!f.avatarKey },
  { key: "company", weight: 20, done: (f) => f.companies > 0 },
  { key: "phone", weight: 15, done: (f) => !!f.phone },
  { key: "linkedin_url", weight: 15, done: (f) => !!f.linkedinUrl },
];

/** Scores facts against a weighted item list. */
export function score<T>(items: Item<T>[], facts: T): CompletenessResult {
  const total = items.reduce((s, i) => s + i.weight, 0);
  let got = 0;
  const missing: string[] = [];
  for (const item of items) {
    if (item.done(facts)) got += item.weight;
    else missing.push(item.key);
  }
  return { percent: Math.round((got / total) * 100), missing };
}

/** Counts of a seeker's sections in one statement (each a primary-key-prefix index count). */
export async function seekerCounts(db: Db, userId: string) {
  const row = await db.get<{ skills: number; experience: number; education: number; resumes: number }>(sql`
    SELECT
      (SELECT COUNT(*) FROM profile_skills WHERE user_id = ${userId}) AS skills,
      (SELECT COUNT(*) FROM experience WHERE user_id = ${userId}) AS experience,
      (SELECT COUNT(*) FROM education WHERE user_id = ${userId}) AS education,
      (SELECT COUNT(*) FROM resumes WHERE user_id = ${userId}) AS resumes
  `);
  return row ?? { skills: 0, experience: 0, education: 0, resumes: 0 };
}

export function seekerCompleteness(
  p: Omit<SeekerFacts, "skills" | "experience" | "education" | "resumes"> | null,
  counts: Pick<SeekerFacts, "skills" | "experience" | "education" | "resumes">,
): CompletenessResult {
  const empty = {
    headline: null,
    bio: null,
    avatarKey: null,
    location: null,
    website: null,
    linkedinUrl: null,
    githubUrl: null,
    yearsExperience: null,
    desiredJobTypes: [],
  };
  return score(SEEKER_ITEMS, { ...(p ?? empty), ...counts });
}

export async function employerCompleteness(
  db: Db,
  userId: string,
  p: Omit<EmployerFacts, "companies"> | null,
): Promise<CompletenessResult> {
  const row = await db
    .select({ n: sql<number>`COUNT(*)` })
    .from(companyMembers)
    .where(eq(companyMembers.userId, userId))
    .get();
  const facts = p ?? { avatarKey: null, positionTitle: null, phone: null, linkedinUrl: null };
  return score(EMPLOYER_ITEMS, { ...facts, companies: row?.n ?? 0 });
}

/**
 * Completeness of any user's profile (seeker or employer weights by role), for
 * the dashboard and for `GET /profile`. Null when the user does not exist.
 */
export async function profileCompleteness(db: Db, userId: string): Promise<CompletenessResult | null> {
  const user = await db.select({ role: users.role }).from(users).where(eq(users.id, userId)).get();
  if (!user) return null;
  if (user.role === "seeker") {
    const [profile, counts] = await Promise.all([
      db.select().from(seekerProfiles).where(eq(seekerProfiles.userId, userId)).get(),
      seekerCounts(db, userId),
    ]);
    return seekerCompleteness(profile ?? null, counts);
  }
  const profile = await db.select().from(employerProfiles).where(eq(employerProfiles.userId, userId)).get();
  return employerCompleteness(db, userId, profile ?? null);
}
