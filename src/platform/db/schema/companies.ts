import { sql } from "drizzle-orm";
import { index, integer, primaryKey, real, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { users } from "./accounts";

export const COMPANY_SIZES = ["1-10", "11-50", "51-200", "201-500", "501-1000", "1000+"] as const;

/** Employers' organisations. `rating_*` and `open_jobs_count` are kept consistent by the writes that change them. */
export const companies = sqliteTable(
  "companies",
  {
    id: text().primaryKey(),
    slug: text().notNull(),
    name: text().notNull(),
    /** `foldText(name)` (src/lib/fold.ts), what the `q` name search compares. */
    nameKey: text(),
    /**
     * `companyMatchKey(name)` (src/lib/company-name.ts: legal forms dropped), what imported postings
     * are matched on and dedup compares. Not unique: companies that collapse to one key all stay.
     */
    matchKey: text(),
    description: text(),
    website: text(),
    industry: text(),
    size: text({ enum: COMPANY_SIZES }),
    headquarters: text(),
    foundedYear: integer(),
    benefits: text({ mode: "json" }).$type<string[]>().notNull().default([]),
    socialLinks: text({ mode: "json" }).$type<Record<string, string>>().notNull().default({}),
    /** R2 key of the current logo (content-addressed), or null. */
    logoKey: text(),
    isVerified: integer({ mode: "boolean" }).notNull().default(false),
    verifiedAt: integer(),
    ratingAverage: real().notNull().default(0),
    ratingCount: integer().notNull().default(0),
    openJobsCount: integer().notNull().default(0),
    /** Set when job ingestion created the company (unverified, no members) from an imported posting. */
    importedAt: integer(),
    /** Registrable host of `website` (`acme.com`), what imported postings are matched on. */
    domain: text(),
    createdBy: text().references(() => users.id, { onDelete: "set null" }),
    createdAt: integer().notNull(),
    updatedAt: integer().notNull(),
  },
  (t) => [
    uniqueIndex("companies_slug_unique").on(t.slug),
    // Lists sort by (name, id): the id in each index keeps keyset pages free of a temp sort.
    index("companies_name_idx").on(t.name, t.id),
    index("companies_unfolded_idx").on(t.id).where(sql`${t.nameKey} IS NULL`),
    index("companies_industry_idx").on(t.industry, t.name, t.id),
    index("companies_verified_idx").on(t.isVerified, t.name, t.id),
    index("companies_size_idx").on(t.size, t.name, t.id),
    // Content-addressed logos may be shared; deleting one checks for other references.
    index("companies_logo_key_idx").on(t.logoKey),
    // Job ingestion matches companies by domain, then by folded name.
    index("companies_domain_idx").on(t.domain),
    index("companies_name_key_idx").on(t.nameKey),
    index("companies_match_key_idx").on(t.matchKey),
    // Rows whose match key the fold-keys cron still has to compute.
    index("companies_unmatched_idx").on(t.id).where(sql`${t.matchKey} IS NULL`),
  ],
);

/** Who may act for a company. Every company-scoped permission is checked through this table. */
export const companyMembers = sqliteTable(
  "company_members",
  {
    companyId: text()
      .notNull()
      .references(() => companies.id, { onDelete: "cascade" }),
    userId: text()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    role: text({ enum: ["owner", "recruiter"] }).notNull(),
    createdAt: integer().notNull(),
  },
  (t) => [primaryKey({ columns: [t.companyId, t.userId] }), index("company_members_user_idx").on(t.userId)],
);

export type CompanyRow = typeof companies.$inferSelect;

export type CompanyMemberRow = typeof companyMembers.$inferSelect;
