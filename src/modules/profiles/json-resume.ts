/**
 * JSON Resume (https://jsonresume.org/schema, v1.0.0) export and import.
 *
 * Mapping: basics ↔ profile fields (name and email come from the account and
 * are exported, not imported; `image` is exported but never fetched on import),
 * work ↔ experience, education ↔ education, certificates ↔ certifications,
 * projects ↔ portfolio, skills ↔ skills (each skill's `keywords` become skills
 * of their own on import). Import replaces every mapped section.
 */
import { eq } from "drizzle-orm";
import type { Db } from "../../db/client";
import {
  certifications,
  education,
  experience,
  portfolioItems,
  type SkillLevel,
  seekerProfiles,
} from "../../db/schema";
import { newId } from "../../lib/ids";
import { badRequest, type FieldError } from "../../lib/problem";
import { rangeErrors } from "./dates";
import type { JsonResumeDocument } from "./json-resume-schema";
import { fileUrl } from "./presenters";
import { defaultSeekerProfile, getSeekerRow, loadUser } from "./service";
import { listProfileSkills, prepareSkillReplacement, type SkillInput } from "./skills";

export const JSON_RESUME_SCHEMA_URL = "https://raw.githubusercontent.com/jsonresume/resume-schema/v1.0.0/schema.json";

const LEVELS: Record<string, SkillLevel> = {
  beginner: "beginner",
  novice: "beginner",
  basic: "beginner",
  intermediate: "intermediate",
  advanced: "advanced",
  expert: "expert",
  master: "expert",
};

/** Drops empty fields: JSON Resume leaves out what is unknown rather than sending null. */
const compact = <T extends Record<string, unknown>>(o: T) =>
  Object.fromEntries(Object.entries(o).filter(([, v]) => v !== null && v !== undefined && v !== "")) as {
    [K in keyof T as null extends T[K] ? never : K]: T[K];
  } & { [K in keyof T as null extends T[K] ? K : never]?: Exclude<T[K], null> };

/** The seeker's profile as a JSON Resume document. */
export async function exportJsonResume(db: Db, userId: string, origin: string) {
  const user = await loadUser(db, userId);
  const p = (await getSeekerRow(db, userId)) ?? defaultSeekerProfile(userId);
  const [work, edu, certs, projects, skills] = await Promise.all([
    db.select().from(experience).where(eq(experience.userId, userId)).orderBy(experience.startDate),
    db.select().from(education).where(eq(education.userId, userId)).orderBy(education.startDate),
    db.select().from(certifications).where(eq(certifications.userId, userId)).orderBy(certifications.issuedOn),
    db.select().from(portfolioItems).where(eq(portfolioItems.userId, userId)).orderBy(portfolioItems.createdAt),
    listProfileSkills(db, userId),
  ]);
  const profiles = [
    p.linkedinUrl ? { network: "LinkedIn", url: p.linkedinUrl } : null,
    p.githubUrl
      ? { network: "GitHub", url: p.githubUrl, username: p.githubUrl.split("/").filter(Boolean).pop() }
      : null,
  ].filter((x) => x !== null);
  return {
    $schema: JSON_RESUME_SCHEMA_URL,
    basics: compact({
      name: `${user.firstName} ${user.lastName}`.trim(),
      label: p.headline,
      image: fileUrl(origin, p.avatarKey),
      email: user.email,
      phone: p.phone,
      url: p.website,
      summary: p.bio,
      location: p.location ? { city: p.location } : null,
      profiles,
    }),
    work: work.reverse().map((w) =>
      compact({
        name: w.companyName,
        position: w.title,
        location: w.location,
        startDate: w.startDate,
        endDate: w.endDate,
        summary: w.description,
      }),
    ),
    education: edu.reverse().map((e) =>
      compact({
        institution: e.institution,
        studyType: e.degree,
        area: e.fieldOfStudy,
        startDate: e.startDate,
        endDate: e.endDate,
        score: e.grade,
      }),
    ),
    certificates: certs
      .reverse()
      .map((c) => compact({ name: c.name, issuer: c.issuer, date: c.issuedOn, url: c.credentialUrl })),
    skills: skills.map((k) => compact({ name: k.name, level: k.level, keywords: [] as string[] })),
    projects: projects.map((r) =>
      compact({ name: r.title, description: r.description, url: r.url, keywords: r.technologies }),
    ),
    meta: { version: "v1.0.0", lastModified: new Date(p.updatedAt).toISOString() },
  };
}

function hostIs(url: string | undefined, host: string): boolean {
  if (!url) return false;
  try {
    const h = new URL(url).hostname.toLowerCase();
    return /^https?:$/.test(new URL(url).protocol) && (h === host || h.endsWith(`.${host}`));
  } catch {
    return false;
  }
}

/** Replaces the seeker's profile sections with the document's. Invalid ranges are `400` with JSON paths. */
export async function importJsonResume(db: Db, userId: string, doc: JsonResumeDocument, now = Date.now()) {
  const errors: FieldError[] = [];
  (doc.work ?? []).forEach((w, i) => {
    errors.push(
      ...rangeErrors(
        { start: w.startDate, end: w.endDate },
        { start: `work.${i}.startDate`, end: `work.${i}.endDate` },
      ),
    );
  });
  (doc.education ?? []).forEach((e, i) => {
    errors.push(
      ...rangeErrors(
        { start: e.startDate, end: e.endDate },
        { start: `education.${i}.startDate`, end: `education.${i}.endDate` },
      ),
    );
    if (!e.studyType && !e.area)
      errors.push({ path: `education.${i}.studyType`, message: "studyType or area is required." });
  });
  const b = doc.basics ?? {};
  const phone = b.phone && /^\+?[0-9][0-9 ().-]{4,28}[0-9]$/.test(b.phone) ? b.phone : null;
  if (b.phone && !phone)
    errors.push({ path: "basics.phone", message: "Expected a phone number such as +44 20 7946 0958." });
  if (errors.length) throw badRequest("The document is invalid.", errors);

  const linkedin = b.profiles?.find((p) => hostIs(p.url, "linkedin.com"))?.url ?? null;
  const github = b.profiles?.find((p) => hostIs(p.url, "github.com"))?.url ?? null;
  const location =
    b.location?.city || b.location?.region || b.location?.countryCode
      ? [b.location.city, b.location.region, b.location.countryCode].filter(Boolean).join(", ")
      : b.location?.address || null;
  const profileSet = {
    headline: b.label || null,
    bio: b.summary || null,
    website: b.url || null,
    phone,
    location,
    linkedinUrl: linkedin,
    githubUrl: github,
    updatedAt: now,
  };

  const skillInputs: SkillInput[] = [];
  for (const k of doc.skills ?? []) {
    skillInputs.push({ name: k.name, level: k.level ? (LEVELS[k.level.toLowerCase()] ?? null) : null });
    for (const kw of k.keywords ?? []) skillInputs.push({ name: kw });
  }
  const skillWrite = await prepareSkillReplacement(db, userId, skillInputs.slice(0, 100));

  const ids = (i: number) => newId(now + i);
  const inserts = [
    ...(doc.work ?? []).map((w, i) =>
      db.insert(experience).values({
        id: ids(i),
        userId,
        companyName: w.name,
        title: w.position,
        location: w.location || null,
        startDate: w.startDate,
        endDate: w.endDate ?? null,
        // JSON Resume has no "current" flag: an open-ended position is the current one.
        isCurrent: !w.endDate,
        description: [w.summary, ...(w.highlights ?? []).map((h) => `• ${h}`)].filter(Boolean).join("\n") || null,
        createdAt: now,
        updatedAt: now,
      }),
    ),
    ...(doc.education ?? []).map((e, i) =>
      db.insert(education).values({
        id: ids(100 + i),
        userId,
        institution: e.institution,
        degree: e.studyType || e.area || "",
        fieldOfStudy: e.studyType ? e.area || null : null,
        startDate: e.startDate,
        endDate: e.endDate ?? null,
        grade: e.score || null,
        createdAt: now,
        updatedAt: now,
      }),
    ),
    ...(doc.certificates ?? []).map((c, i) =>
      db.insert(certifications).values({
        id: ids(200 + i),
        userId,
        name: c.name,
        issuer: c.issuer,
        issuedOn: c.date,
        expiresOn: null,
        credentialUrl: c.url ?? null,
        createdAt: now,
        updatedAt: now,
      }),
    ),
    ...(doc.projects ?? []).map((r, i) =>
      db.insert(portfolioItems).values({
        id: ids(300 + i),
        userId,
        title: r.name,
        description: r.description || null,
        url: r.url ?? null,
        technologies: r.keywords ?? [],
        createdAt: now + i,
        updatedAt: now,
      }),
    ),
  ];
  await db.batch([
    db
      .insert(seekerProfiles)
      .values({ ...defaultSeekerProfile(userId, now), ...profileSet })
      .onConflictDoUpdate({ target: seekerProfiles.userId, set: profileSet }),
    db.delete(experience).where(eq(experience.userId, userId)),
    db.delete(education).where(eq(education.userId, userId)),
    db.delete(certifications).where(eq(certifications.userId, userId)),
    db.delete(portfolioItems).where(eq(portfolioItems.userId, userId)),
    ...inserts,
    ...skillWrite.statements,
  ]);
}
