/**
 * JSON Resume (https://jsonresume.org/schema, v1.0.0) export and import.
 *
 * Mapping: basics ↔ profile fields (name and email come from the account and
 * are exported, not imported; `image` is exported but never fetched on import),
 * work ↔ experience, education ↔ education, certificates ↔ certifications,
 * projects ↔ portfolio, skills ↔ skills (each skill's `keywords` become skills
 * of their own on import). Import replaces every mapped section.
 *
 * What the profile cannot hold (address parts, other social profiles, work and
 * education urls, highlights, courses, project roles and dates, volunteer,
 * awards, …) is stored with the profile and merged back on export, the
 * profile's own values winning once edited: json-resume-merge.ts.
 */
import { desc, eq } from "drizzle-orm";
import { badRequest, type FieldError } from "../../http/problem";
import { newId } from "../../lib/ids";
import type { Db } from "../../platform/db/client";
import {
  type CertificationRow,
  certifications,
  type EducationRow,
  type ExperienceRow,
  education,
  experience,
  type PortfolioItemRow,
  type ProfileSkillRow,
  portfolioItems,
  type SeekerProfileRow,
  type SkillLevel,
  seekerProfiles,
} from "../../platform/db/schema";
import { rangeErrors } from "./dates";
import { extraFor, fullDate, mergeExport, normaliseDocument, type Obj, type Projection } from "./json-resume-merge";
import type { JsonResumeDocument } from "./json-resume-schema";
import { fileUrl } from "./presenters";
import { HttpUrl, PHONE_RE } from "./schemas";
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

type Profile = Pick<
  SeekerProfileRow,
  "headline" | "avatarKey" | "phone" | "website" | "bio" | "location" | "linkedinUrl" | "githubUrl"
>;
interface Rows {
  user: { firstName: string; lastName: string; email: string };
  profile: Profile;
  work: ExperienceRow[];
  education: EducationRow[];
  certificates: CertificationRow[];
  projects: PortfolioItemRow[];
  skills: Pick<ProfileSkillRow, "name" | "level">[];
}

/** What the mapped columns say, in JSON Resume terms (the export without the stored remainder). */
function project(r: Rows, origin: string): Projection {
  const p = r.profile;
  const profiles = [
    p.linkedinUrl ? { network: "LinkedIn", url: p.linkedinUrl } : null,
    p.githubUrl
      ? { network: "GitHub", url: p.githubUrl, username: p.githubUrl.split("/").filter(Boolean).pop() }
      : null,
  ].filter((x) => x !== null);
  return {
    basics: compact({
      name: `${r.user.firstName} ${r.user.lastName}`.trim(),
      label: p.headline,
      image: fileUrl(origin, p.avatarKey),
      email: r.user.email,
      phone: p.phone,
      url: p.website,
      summary: p.bio,
      location: p.location ? { city: p.location } : null,
      profiles,
    }),
    sections: {
      work: r.work.map((w) => ({
        id: w.id,
        item: compact({
          name: w.companyName,
          position: w.title,
          location: w.location,
          startDate: w.startDate,
          endDate: w.endDate,
          summary: w.description,
        }),
      })),
      education: r.education.map((e) => ({
        id: e.id,
        item: compact({
          institution: e.institution,
          studyType: e.degree,
          area: e.fieldOfStudy,
          startDate: e.startDate,
          endDate: e.endDate,
          score: e.grade,
        }),
      })),
      certificates: r.certificates.map((c) => ({
        id: c.id,
        // The official schema wants a full date here (`format: date`): `2022-05` is exported as `2022-05-01`.
        item: compact({ name: c.name, issuer: c.issuer, date: fullDate(c.issuedOn), url: c.credentialUrl }),
      })),
      projects: r.projects.map((x) => ({
        id: x.id,
        item: compact({ name: x.title, description: x.description, url: x.url, keywords: x.technologies }),
      })),
    },
    skills: r.skills.map((k) => compact({ name: k.name, level: k.level, keywords: [] as string[] })),
  };
}

const isMappedProfile = (p: Obj) =>
  typeof p.url === "string" && (hostIs(p.url, "linkedin.com") || hostIs(p.url, "github.com"));

/** The seeker's profile as a JSON Resume document: the mapped columns merged over the stored remainder. */
export async function exportJsonResume(db: Db, userId: string, origin: string) {
  const user = await loadUser(db, userId);
  const p = (await getSeekerRow(db, userId)) ?? defaultSeekerProfile(userId);
  const [work, edu, certs, projects, skills] = await db.batch([
    db.select().from(experience).where(eq(experience.userId, userId)).orderBy(desc(experience.startDate)),
    db.select().from(education).where(eq(education.userId, userId)).orderBy(desc(education.startDate)),
    db.select().from(certifications).where(eq(certifications.userId, userId)).orderBy(desc(certifications.issuedOn)),
    db.select().from(portfolioItems).where(eq(portfolioItems.userId, userId)).orderBy(portfolioItems.createdAt),
    listProfileSkills(db, userId),
  ]);
  const current = project({ user, profile: p, work, education: edu, certificates: certs, projects, skills }, origin);
  const merged = mergeExport(current, p.jsonResumeExtra, isMappedProfile);
  const meta = merged.meta && typeof merged.meta === "object" ? merged.meta : {};
  return {
    ...merged,
    $schema: JSON_RESUME_SCHEMA_URL,
    meta: { ...meta, version: "v1.0.0", lastModified: new Date(p.updatedAt).toISOString() },
  } as JsonResumeDocument;
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

/** Stored remainders above this size are refused: D1 rows stay small and exports fast. */
const MAX_EXTRA_BYTES = 256 * 1024;

function urlError(value: string | undefined, path: string, errors: FieldError[]): string | null {
  if (!value) return null;
  if (HttpUrl.safeParse(value).success) return value;
  errors.push({ path, message: "Must be an http(s) URL." });
  return null;
}

/**
 * Replaces the seeker's profile sections with the document's and stores what
 * they cannot hold (json-resume-merge.ts). Invalid ranges are `400` with JSON paths.
 */
export async function importJsonResume(db: Db, userId: string, input: JsonResumeDocument, now = Date.now()) {
  const doc = normaliseDocument(input);
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
  const phone = b.phone && PHONE_RE.test(b.phone) ? b.phone : null;
  if (b.phone && !phone)
    errors.push({
      path: "basics.phone",
      message: "Expected a phone number such as +44 20 7946 0958 or (912) 555-4321.",
    });
  const website = urlError(b.url, "basics.url", errors);
  const certUrls = (doc.certificates ?? []).map((c, i) => urlError(c.url, `certificates.${i}.url`, errors));
  const projectUrls = (doc.projects ?? []).map((r, i) => urlError(r.url, `projects.${i}.url`, errors));
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
    website,
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
  const [user, existing, skillWrite] = await Promise.all([
    loadUser(db, userId),
    getSeekerRow(db, userId),
    prepareSkillReplacement(db, userId, skillInputs.slice(0, 100)),
  ]);

  const ids = (i: number) => newId(now + i);
  const common = { userId, createdAt: now, updatedAt: now };
  const rows: Omit<Rows, "user" | "profile" | "skills"> = {
    work: (doc.work ?? []).map((w, i) => ({
      ...common,
      id: ids(i),
      companyName: w.name,
      title: w.position,
      location: w.location || null,
      startDate: w.startDate,
      endDate: w.endDate ?? null,
      // JSON Resume has no "current" flag: an open-ended position is the current one.
      isCurrent: !w.endDate,
      description: [w.summary, ...(w.highlights ?? []).map((h) => `• ${h}`)].filter(Boolean).join("\n") || null,
    })),
    education: (doc.education ?? []).map((e, i) => ({
      ...common,
      id: ids(100 + i),
      institution: e.institution,
      degree: e.studyType || e.area || "",
      fieldOfStudy: e.studyType ? e.area || null : null,
      startDate: e.startDate,
      endDate: e.endDate ?? null,
      grade: e.score || null,
    })),
    certificates: (doc.certificates ?? []).map((c, i) => ({
      ...common,
      id: ids(200 + i),
      name: c.name,
      issuer: c.issuer,
      issuedOn: c.date,
      expiresOn: null,
      credentialUrl: certUrls[i] ?? null,
    })),
    projects: (doc.projects ?? []).map((r, i) => ({
      ...common,
      id: ids(300 + i),
      title: r.name,
      description: r.description || null,
      url: projectUrls[i] ?? null,
      technologies: r.keywords ?? [],
      createdAt: now + i,
    })),
  };
  const profile = { ...(existing ?? defaultSeekerProfile(userId, now)), ...profileSet };
  // `image` comes from the avatar, whose URL depends on the request's origin: left out of the comparison.
  const projection = project({ ...rows, user, profile, skills: skillWrite.rows }, "");
  const jsonResumeExtra = extraFor(doc as Obj, projection);
  if (JSON.stringify(jsonResumeExtra).length > MAX_EXTRA_BYTES)
    throw badRequest(`The document is too large to keep (at most ${MAX_EXTRA_BYTES / 1024} KiB).`);
  const set = { ...profileSet, jsonResumeExtra };

  await db.batch([
    db
      .insert(seekerProfiles)
      .values({ ...defaultSeekerProfile(userId, now), ...set })
      .onConflictDoUpdate({ target: seekerProfiles.userId, set }),
    db.delete(experience).where(eq(experience.userId, userId)),
    db.delete(education).where(eq(education.userId, userId)),
    db.delete(certifications).where(eq(certifications.userId, userId)),
    db.delete(portfolioItems).where(eq(portfolioItems.userId, userId)),
    ...rows.work.map((r) => db.insert(experience).values(r)),
    ...rows.education.map((r) => db.insert(education).values(r)),
    ...rows.certificates.map((r) => db.insert(certifications).values(r)),
    ...rows.projects.map((r) => db.insert(portfolioItems).values(r)),
    ...skillWrite.statements,
  ]);
}
