/**
 * Fills the folded `*_key` columns (src/lib/fold.ts) of rows written without
 * them: rows from before migrations 0013/0017 whose text is not ASCII (the migration
 * folds ASCII itself), companies from before migration 0038 (`match_key`, which SQL
 * cannot compute) and rows inserted by raw SQL (the seed script). The
 * application writes the keys itself, so this usually finds nothing. Bounded
 * per tick; each query reads a partial index of exactly the rows to fix.
 */
import { eq, sql } from "drizzle-orm";
import { companyMatchKey } from "../../lib/company-name";
import { foldOrNull, foldText } from "../../lib/fold";
import type { Db } from "./client";
import { companies, jobs, users } from "./schema";

const BATCH = 200;

export async function foldMissingKeys(
  db: Db,
  limit = BATCH,
): Promise<{ jobs: number; companies: number; titles: number; users: number }> {
  const jobRows = await db
    .select({ id: jobs.id, city: jobs.city, region: jobs.region, country: jobs.country })
    .from(jobs)
    .where(
      sql`(${jobs.city} IS NOT NULL AND ${jobs.cityKey} IS NULL) OR (${jobs.region} IS NOT NULL AND ${jobs.regionKey} IS NULL) OR (${jobs.country} IS NOT NULL AND ${jobs.countryKey} IS NULL)`,
    )
    .limit(limit);
  const companyRows = await db
    .select({ id: companies.id, name: companies.name, nameKey: companies.nameKey, matchKey: companies.matchKey })
    .from(companies)
    // Each side reads its partial index (companies_unfolded_idx, companies_unmatched_idx, migration 0038).
    .where(sql`${companies.nameKey} IS NULL OR ${companies.matchKey} IS NULL`)
    .limit(limit);
  const titleRows = await db
    .select({ id: jobs.id, title: jobs.title })
    .from(jobs)
    .where(sql`${jobs.titleKey} IS NULL`)
    .limit(limit);
  const userRows = await db
    .select({ id: users.id, firstName: users.firstName, lastName: users.lastName })
    .from(users)
    .where(sql`${users.firstNameKey} IS NULL OR ${users.lastNameKey} IS NULL`)
    .limit(limit);
  const writes = [
    ...jobRows.map((r) =>
      db
        .update(jobs)
        .set({ cityKey: foldOrNull(r.city), regionKey: foldOrNull(r.region), countryKey: foldOrNull(r.country) })
        .where(eq(jobs.id, r.id)),
    ),
    ...companyRows.map((r) =>
      db
        .update(companies)
        .set({ nameKey: r.nameKey ?? foldText(r.name), matchKey: r.matchKey ?? companyMatchKey(r.name) })
        .where(eq(companies.id, r.id)),
    ),
    ...titleRows.map((r) =>
      db
        .update(jobs)
        .set({ titleKey: foldText(r.title) })
        .where(eq(jobs.id, r.id)),
    ),
    ...userRows.map((r) =>
      db
        .update(users)
        .set({ firstNameKey: foldText(r.firstName), lastNameKey: foldText(r.lastName) })
        .where(eq(users.id, r.id)),
    ),
  ];
  const [first, ...rest] = writes;
  if (first) await db.batch([first, ...rest]);
  return { jobs: jobRows.length, companies: companyRows.length, titles: titleRows.length, users: userRows.length };
}
