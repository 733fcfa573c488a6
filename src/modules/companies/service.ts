/**
 * Companies: CRUD, listing, the public jobs list, and the two denormalised
 * counters other modules keep fresh (`refreshOpenJobsCount`, `recomputeRating`).
 */

import { and, asc, eq, gt, or, type SQL, sql } from "drizzle-orm";
import type { BatchItem } from "drizzle-orm/batch";
import { isUniqueViolation } from "../../http/db-errors";
import { nextVersion, preconditionFailed, requireVersion, versionIn } from "../../http/etag";
import { decodeCursor, page } from "../../http/pagination";
import { ApiError, notFound } from "../../http/problem";
import { companyMatchKey } from "../../lib/company-name";
import { foldText } from "../../lib/fold";
import { newId } from "../../lib/ids";
import { websiteDomain } from "../../lib/urls";
import type { Db } from "../../platform/db/client";
import { type CompanyRow, companies, companyMembers, jobs } from "../../platform/db/schema";
import { firstFreeSlug, slugFamily, slugify } from "../../platform/db/slug";
import type { AuthContext } from "../../platform/env";
import { flushOutbox, outboxWrite } from "../../platform/queue/outbox";
import { auditInsert } from "../audit";
import { dropCompanyReportsStatement } from "../moderation";
import { requireCompanyAccess } from "./membership";
import type { CreateCompanyInput, UpdateCompanyInput } from "./schemas";

/**
 * Recounts the company's published jobs. Returns a drizzle statement: `await`
 * it, or put it in the `db.batch` of the write that changed a job's status.
 */
export function refreshOpenJobsCount(db: Db, companyId: string) {
  return db
    .update(companies)
    .set({
      openJobsCount: sql`(SELECT count(*) FROM jobs WHERE jobs.company_id = ${companyId} AND jobs.status = 'published')`,
    })
    .where(eq(companies.id, companyId));
}

/**
 * Recomputes `rating_average`/`rating_count` from the company's published
 * reviews. Every review write puts this in its own batch, so the rating can
 * never drift from the rows it summarises.
 */
export function recomputeRating(db: Db, companyId: string) {
  const published = sql`FROM reviews WHERE reviews.company_id = ${companyId} AND reviews.status = 'published'`;
  return db
    .update(companies)
    .set({
      ratingCount: sql`(SELECT count(*) ${published})`,
      ratingAverage: sql`coalesce((SELECT round(avg(reviews.rating), 2) ${published}), 0)`,
    })
    .where(eq(companies.id, companyId));
}

export async function findCompany(db: Db, idOrSlug: string): Promise<CompanyRow | undefined> {
  return db
    .select()
    .from(companies)
    .where(or(eq(companies.id, idOrSlug), eq(companies.slug, idOrSlug)))
    .get();
}

export async function getCompany(db: Db, idOrSlug: string): Promise<CompanyRow> {
  const row = await findCompany(db, idOrSlug);
  if (!row) throw notFound("Company");
  return row;
}

/** Whether a company with this id exists (one primary-key read; for events naming a company that may be gone). */
export async function companyExists(db: Db, id: string): Promise<boolean> {
  return (await db.select({ id: companies.id }).from(companies).where(eq(companies.id, id)).get()) !== undefined;
}

/** Creates the company and makes the creator its owner, in one batch. */
export async function createCompany(db: Db, userId: string, input: CreateCompanyInput): Promise<CompanyRow> {
  const base = slugify(input.name, "company");
  // Two creators racing for the same slug: the unique index rejects one, which retries.
  for (let attempt = 0; attempt < 4; attempt++) {
    const taken = await db.select({ slug: companies.slug }).from(companies).where(slugFamily(companies.slug, base));
    const now = Date.now();
    const row: CompanyRow = {
      id: newId(now),
      slug: firstFreeSlug(
        base,
        taken.map((t) => t.slug),
      ),
      name: input.name,
      nameKey: foldText(input.name),
      matchKey: companyMatchKey(input.name),
      description: input.description ?? null,
      website: input.website ?? null,
      domain: websiteDomain(input.website),
      industry: input.industry ?? null,
      size: input.size ?? null,
      headquarters: input.headquarters ?? null,
      foundedYear: input.founded_year ?? null,
      benefits: input.benefits ?? [],
      socialLinks: input.social_links ?? {},
      logoKey: null,
      isVerified: false,
      verifiedAt: null,
      ratingAverage: 0,
      ratingCount: 0,
      openJobsCount: 0,
      importedAt: null,
      createdBy: userId,
      createdAt: now,
      updatedAt: now,
    };
    try {
      await db.batch([
        db.insert(companies).values(row),
        db.insert(companyMembers).values({ companyId: row.id, userId, role: "owner", createdAt: now }),
      ]);
      return row;
    } catch (err) {
      if (!isUniqueViolation(err, "slug")) throw err;
    }
  }
  throw new ApiError(409, "slug-taken", "Could not find a free slug for this name; try again.");
}

export interface CompanyListFilter {
  q?: string;
  industry?: string;
  size?: CompanyRow["size"];
  verified?: boolean;
  cursor?: string;
  limit: number;
}

/** Sorted by name, then id (keyset). */
export async function listCompanies(db: Db, f: CompanyListFilter) {
  const where: SQL[] = [];
  // instr, not LIKE: D1 refuses LIKE patterns over 50 bytes, and q may be longer.
  // Folded on both sides (src/lib/fold.ts); a row the fold-keys cron has not reached yet
  // falls back to lower(name).
  if (f.q) where.push(sql`instr(coalesce(${companies.nameKey}, lower(${companies.name})), ${foldText(f.q)}) > 0`);
  if (f.industry) where.push(eq(companies.industry, f.industry));
  if (f.size) where.push(eq(companies.size, f.size));
  if (f.verified !== undefined) where.push(eq(companies.isVerified, f.verified));
  const after = decodeCursor(f.cursor, ["string", "string"]);
  if (after) {
    const [name, id] = after;
    where.push(or(gt(companies.name, name), and(eq(companies.name, name), gt(companies.id, id))) as SQL);
  }
  const rows = await db
    .select()
    .from(companies)
    .where(and(...where))
    .orderBy(asc(companies.name), asc(companies.id))
    .limit(f.limit + 1);
  return page(rows, f.limit, (r) => [r.name, r.id]);
}

export async function updateCompany(
  db: Db,
  auth: AuthContext,
  companyId: string,
  input: UpdateCompanyInput,
  options: { ifMatch?: number[] | undefined } = {},
): Promise<CompanyRow> {
  const { company } = await requireCompany(db, auth, companyId);
  const { ifMatch } = options;
  requireVersion(ifMatch, company.updatedAt);
  const set: Partial<CompanyRow> = {};
  // The slug is deliberately not derived again on rename: links must stay stable.
  if (input.name !== undefined) {
    set.name = input.name;
    set.nameKey = foldText(input.name);
    set.matchKey = companyMatchKey(input.name);
  }
  if (input.description !== undefined) set.description = input.description;
  if (input.website !== undefined) {
    set.website = input.website;
    set.domain = websiteDomain(input.website);
  }
  if (input.industry !== undefined) set.industry = input.industry;
  if (input.size !== undefined) set.size = input.size;
  if (input.headquarters !== undefined) set.headquarters = input.headquarters;
  if (input.founded_year !== undefined) set.foundedYear = input.founded_year;
  if (input.benefits !== undefined) set.benefits = input.benefits;
  if (input.social_links !== undefined) set.socialLinks = input.social_links;
  const row = await db
    .update(companies)
    .set({ ...set, updatedAt: nextVersion(companies.updatedAt, Date.now()) })
    .where(and(eq(companies.id, companyId), versionIn(companies.updatedAt, ifMatch)))
    .returning()
    .get();
  if (!row) throw ifMatch ? preconditionFailed() : notFound("Company");
  return row;
}

/**
 * The company (addressed by id, as every write is) and the caller's access:
 * non-members get `404`, members who are not owners get `403` when `ownerOnly`.
 */
export async function requireCompany(db: Db, auth: AuthContext, companyId: string, ownerOnly = false) {
  const row = await db.select().from(companies).where(eq(companies.id, companyId)).get();
  if (!row) throw notFound("Company");
  const access = await requireCompanyAccess(db, auth, companyId, { ownerOnly });
  return { company: row, access };
}

/**
 * Owners may delete a company with no published jobs; admins always. Reports
 * about the company's jobs and reviews go with it (their targets vanish).
 */
export async function deleteCompany(db: Db, auth: AuthContext, companyId: string): Promise<CompanyRow> {
  const { company, access } = await requireCompany(db, auth, companyId, true);
  if (access !== "admin") {
    const open = await db
      .select({ n: sql<number>`count(*)` })
      .from(jobs)
      .where(and(eq(jobs.companyId, companyId), eq(jobs.status, "published")))
      .get();
    if ((open?.n ?? 0) > 0) {
      throw new ApiError(409, "company-has-open-jobs", "Close or archive the company's published jobs first.");
    }
  }
  const now = Date.now();
  const statements: BatchItem<"sqlite">[] = [
    dropCompanyReportsStatement(db, companyId),
    db.delete(companies).where(eq(companies.id, companyId)),
  ];
  if (access === "admin") {
    statements.push(
      auditInsert(
        db,
        {
          actor: auth,
          action: "company.delete",
          targetType: "company",
          targetId: companyId,
          data: { name: company.name },
        },
        now,
      ),
    );
  }
  await db.batch(statements as [BatchItem<"sqlite">, ...BatchItem<"sqlite">[]]);
  return company;
}

/**
 * Admin: marks the company (un)verified, audited in the same batch. Becoming
 * verified is announced (`company.verified`, webhooks) with the change; a
 * repeated verify of a verified company announces nothing.
 */
export async function setVerified(
  db: Db,
  env: Pick<Env, "EVENTS">,
  auth: AuthContext,
  companyId: string,
  verified: boolean,
) {
  const existing = await db
    .select({ id: companies.id, isVerified: companies.isVerified })
    .from(companies)
    .where(eq(companies.id, companyId))
    .get();
  if (!existing) throw notFound("Company");
  const now = Date.now();
  const out = outboxWrite(
    db,
    verified && !existing.isVerified ? [{ type: "company.verified", company_id: companyId }] : [],
    now,
  );
  const [updated] = await db.batch([
    db
      .update(companies)
      .set({ isVerified: verified, verifiedAt: verified ? now : null, updatedAt: now })
      .where(eq(companies.id, companyId))
      .returning(),
    auditInsert(
      db,
      {
        actor: auth,
        action: verified ? "company.verify" : "company.unverify",
        targetType: "company",
        targetId: companyId,
      },
      now,
    ),
    ...out.statements,
  ]);
  const row = updated[0];
  if (!row) throw notFound("Company");
  await flushOutbox(env, db, out);
  return row;
}
