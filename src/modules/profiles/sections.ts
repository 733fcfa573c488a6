/**
 * Experience, education, certifications and portfolio: small per-seeker lists
 * (capped at MAX_ITEMS each) with create/update/delete by id. Someone else's
 * item is `404`. Date rules are checked on the merged row, so a PATCH that
 * changes only `end_date` is validated against the stored `start_date`.
 */
import { and, asc, desc, eq } from "drizzle-orm";
import { ApiError, badRequest, type FieldError, notFound } from "../../http/problem";
import { newId } from "../../lib/ids";
import type { Db } from "../../platform/db/client";
import { countBelow, insertWhere } from "../../platform/db/insert-where";
import { certifications, education, experience, portfolioItems } from "../../platform/db/schema";
import { endNotBeforeStart, rangeErrors } from "./dates";

export const MAX_ITEMS = 50;

type OwnedTable = typeof experience | typeof education | typeof certifications | typeof portfolioItems;

/** The cap, checked inside the insert (`insertWhere`), so concurrent creates cannot overrun it. */
const hasRoom = (table: OwnedTable, userId: string) => countBelow(table, eq(table.userId, userId), MAX_ITEMS);

function full(what: string): ApiError {
  return new ApiError(409, "limit-reached", `A profile can list at most ${MAX_ITEMS} ${what}.`);
}

function check(errors: FieldError[]) {
  if (errors.length) throw badRequest("The request is invalid.", errors);
}

/** Deletes an owned row; `404` when it does not exist or is not the caller's. */
export async function deleteOwned(db: Db, table: OwnedTable, userId: string, id: string, what: string) {
  const res = await db.delete(table).where(and(eq(table.id, id), eq(table.userId, userId)));
  if ((res.meta.changes ?? 0) === 0) throw notFound(what);
}

// ---- experience --------------------------------------------------------------

export interface ExperienceFields {
  company_name: string;
  title: string;
  location?: string | null | undefined;
  start_date: string;
  end_date?: string | null | undefined;
  is_current: boolean;
  description?: string | null | undefined;
}

export const listExperience = (db: Db, userId: string) =>
  db
    .select()
    .from(experience)
    .where(eq(experience.userId, userId))
    .orderBy(desc(experience.startDate), asc(experience.id));

export async function createExperience(db: Db, userId: string, input: ExperienceFields, now = Date.now()) {
  check(rangeErrors({ start: input.start_date, end: input.end_date, isCurrent: input.is_current }, PATHS));
  const [row] = await insertWhere(
    db,
    experience,
    {
      id: newId(now),
      userId,
      companyName: input.company_name,
      title: input.title,
      location: input.location ?? null,
      startDate: input.start_date,
      endDate: input.end_date ?? null,
      isCurrent: input.is_current,
      description: input.description ?? null,
      createdAt: now,
      updatedAt: now,
    },
    hasRoom(experience, userId),
  ).returning();
  if (!row) throw full("positions");
  return row as typeof experience.$inferSelect;
}

const PATHS = { start: "start_date", end: "end_date" };

export async function updateExperience(db: Db, userId: string, id: string, patch: Partial<ExperienceFields>) {
  const current = await db
    .select()
    .from(experience)
    .where(and(eq(experience.id, id), eq(experience.userId, userId)))
    .get();
  if (!current) throw notFound("Experience");
  const merged = {
    start: patch.start_date ?? current.startDate,
    end: patch.end_date !== undefined ? patch.end_date : current.endDate,
    isCurrent: patch.is_current ?? current.isCurrent,
  };
  check(rangeErrors(merged, PATHS));
  const [row] = await db
    .update(experience)
    .set({
      companyName: patch.company_name ?? current.companyName,
      title: patch.title ?? current.title,
      location: patch.location !== undefined ? patch.location : current.location,
      startDate: merged.start,
      endDate: merged.end,
      isCurrent: merged.isCurrent,
      description: patch.description !== undefined ? patch.description : current.description,
      updatedAt: Date.now(),
    })
    .where(and(eq(experience.id, id), eq(experience.userId, userId)))
    .returning();
  if (!row) throw notFound("Experience");
  return row;
}

// ---- education ---------------------------------------------------------------

export interface EducationFields {
  institution: string;
  degree: string;
  field_of_study?: string | null | undefined;
  start_date: string;
  end_date?: string | null | undefined;
  grade?: string | null | undefined;
}

export const listEducation = (db: Db, userId: string) =>
  db.select().from(education).where(eq(education.userId, userId)).orderBy(desc(education.startDate), asc(education.id));

export async function createEducation(db: Db, userId: string, input: EducationFields, now = Date.now()) {
  check(rangeErrors({ start: input.start_date, end: input.end_date }, PATHS));
  const [row] = await insertWhere(
    db,
    education,
    {
      id: newId(now),
      userId,
      institution: input.institution,
      degree: input.degree,
      fieldOfStudy: input.field_of_study ?? null,
      startDate: input.start_date,
      endDate: input.end_date ?? null,
      grade: input.grade ?? null,
      createdAt: now,
      updatedAt: now,
    },
    hasRoom(education, userId),
  ).returning();
  if (!row) throw full("education entries");
  return row as typeof education.$inferSelect;
}

export async function updateEducation(db: Db, userId: string, id: string, patch: Partial<EducationFields>) {
  const current = await db
    .select()
    .from(education)
    .where(and(eq(education.id, id), eq(education.userId, userId)))
    .get();
  if (!current) throw notFound("Education");
  const start = patch.start_date ?? current.startDate;
  const end = patch.end_date !== undefined ? patch.end_date : current.endDate;
  check(rangeErrors({ start, end }, PATHS));
  const [row] = await db
    .update(education)
    .set({
      institution: patch.institution ?? current.institution,
      degree: patch.degree ?? current.degree,
      fieldOfStudy: patch.field_of_study !== undefined ? patch.field_of_study : current.fieldOfStudy,
      startDate: start,
      endDate: end,
      grade: patch.grade !== undefined ? patch.grade : current.grade,
      updatedAt: Date.now(),
    })
    .where(and(eq(education.id, id), eq(education.userId, userId)))
    .returning();
  if (!row) throw notFound("Education");
  return row;
}

// ---- certifications ------------------------------------------------------------

export interface CertificationFields {
  name: string;
  issuer: string;
  issued_on: string;
  expires_on?: string | null | undefined;
  credential_url?: string | null | undefined;
}

const CERT_PATHS = { start: "issued_on", end: "expires_on" };

export const listCertifications = (db: Db, userId: string) =>
  db
    .select()
    .from(certifications)
    .where(eq(certifications.userId, userId))
    .orderBy(desc(certifications.issuedOn), asc(certifications.id));

function certificationErrors(issued: string, expires: string | null | undefined): FieldError[] {
  return expires && !endNotBeforeStart(issued, expires)
    ? [{ path: CERT_PATHS.end, message: "Must not be before issued_on." }]
    : [];
}

export async function createCertification(db: Db, userId: string, input: CertificationFields, now = Date.now()) {
  check(certificationErrors(input.issued_on, input.expires_on));
  const [row] = await insertWhere(
    db,
    certifications,
    {
      id: newId(now),
      userId,
      name: input.name,
      issuer: input.issuer,
      issuedOn: input.issued_on,
      expiresOn: input.expires_on ?? null,
      credentialUrl: input.credential_url ?? null,
      createdAt: now,
      updatedAt: now,
    },
    hasRoom(certifications, userId),
  ).returning();
  if (!row) throw full("certifications");
  return row as typeof certifications.$inferSelect;
}

export async function updateCertification(db: Db, userId: string, id: string, patch: Partial<CertificationFields>) {
  const current = await db
    .select()
    .from(certifications)
    .where(and(eq(certifications.id, id), eq(certifications.userId, userId)))
    .get();
  if (!current) throw notFound("Certification");
  const issued = patch.issued_on ?? current.issuedOn;
  const expires = patch.expires_on !== undefined ? patch.expires_on : current.expiresOn;
  check(certificationErrors(issued, expires));
  const [row] = await db
    .update(certifications)
    .set({
      name: patch.name ?? current.name,
      issuer: patch.issuer ?? current.issuer,
      issuedOn: issued,
      expiresOn: expires,
      credentialUrl: patch.credential_url !== undefined ? patch.credential_url : current.credentialUrl,
      updatedAt: Date.now(),
    })
    .where(and(eq(certifications.id, id), eq(certifications.userId, userId)))
    .returning();
  if (!row) throw notFound("Certification");
  return row;
}

// ---- portfolio -----------------------------------------------------------------

export interface PortfolioFields {
  title: string;
  description?: string | null | undefined;
  url?: string | null | undefined;
  technologies: string[];
}

export const listPortfolio = (db: Db, userId: string) =>
  db
    .select()
    .from(portfolioItems)
    .where(eq(portfolioItems.userId, userId))
    .orderBy(desc(portfolioItems.createdAt), desc(portfolioItems.id));

/** Case-insensitive de-duplication; the first spelling wins. */
function uniqueList(items: string[]): string[] {
  const seen = new Map<string, string>();
  for (const t of items) if (!seen.has(t.toLowerCase())) seen.set(t.toLowerCase(), t);
  return [...seen.values()];
}

export async function createPortfolioItem(db: Db, userId: string, input: PortfolioFields, now = Date.now()) {
  const [row] = await insertWhere(
    db,
    portfolioItems,
    {
      id: newId(now),
      userId,
      title: input.title,
      description: input.description ?? null,
      url: input.url ?? null,
      technologies: uniqueList(input.technologies),
      createdAt: now,
      updatedAt: now,
    },
    hasRoom(portfolioItems, userId),
  ).returning();
  if (!row) throw full("portfolio items");
  return row as typeof portfolioItems.$inferSelect;
}

export async function updatePortfolioItem(db: Db, userId: string, id: string, patch: Partial<PortfolioFields>) {
  const set: Partial<typeof portfolioItems.$inferInsert> = { updatedAt: Date.now() };
  if (patch.title !== undefined) set.title = patch.title;
  if (patch.description !== undefined) set.description = patch.description;
  if (patch.url !== undefined) set.url = patch.url;
  if (patch.technologies !== undefined) set.technologies = uniqueList(patch.technologies);
  const [row] = await db
    .update(portfolioItems)
    .set(set)
    .where(and(eq(portfolioItems.id, id), eq(portfolioItems.userId, userId)))
    .returning();
  if (!row) throw notFound("Portfolio item");
  return row;
}
