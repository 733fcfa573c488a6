/**
 * Companies of imported job postings (job ingestion): an existing company is
 * matched by its website's domain, then by its name's match key
 * (`companyMatchKey`: `Northwind GmbH` finds `Northwind`); otherwise an
 * unverified company with no members is created and marked imported. One call
 * resolves a whole page of postings in at most three reads and one batch.
 */
import { desc, inArray, or } from "drizzle-orm";
import type { BatchItem } from "drizzle-orm/batch";
import { companyMatchKey } from "../../lib/company-name";
import { foldText } from "../../lib/fold";
import { newId } from "../../lib/ids";
import { websiteDomain } from "../../lib/urls";
import type { Db } from "../../platform/db/client";
import { type CompanyRow, companies } from "../../platform/db/schema";
import { slugify } from "../../platform/db/slug";

export interface ImportedCompanyRef {
  name: string;
  website?: string | null | undefined;
}

/** The key `matchOrCreateImportedCompanies` answers under for a reference. */
export function importedCompanyKey(ref: ImportedCompanyRef): string {
  const domain = websiteDomain(ref.website);
  return domain ? `d:${domain}` : `n:${companyMatchKey(ref.name.trim())}`;
}

const CHUNK = 90;

async function byDomain(db: Db, domains: string[]) {
  const out = new Map<string, string>();
  for (let i = 0; i < domains.length; i += CHUNK) {
    const rows = await db
      .select({ id: companies.id, domain: companies.domain })
      .from(companies)
      .where(inArray(companies.domain, domains.slice(i, i + CHUNK)))
      .orderBy(desc(companies.isVerified), companies.createdAt);
    // A verified company first, else the oldest, when several share a domain.
    for (const r of rows) if (r.domain && !out.has(r.domain)) out.set(r.domain, r.id);
  }
  return out;
}

/**
 * Companies by match key. Rows the fold-keys cron has not given a `match_key` yet
 * (written before migration 0038) are found by `name_key` (`foldText(name)`), which
 * equals the match key of every name without punctuation or legal form. When several
 * companies share a key (two spellings created before the rule was shared), the
 * verified one wins, then the oldest.
 */
async function byMatchKey(db: Db, keys: string[]) {
  const out = new Map<string, string>();
  for (let i = 0; i < keys.length; i += CHUNK / 2) {
    const chunk = keys.slice(i, i + CHUNK / 2);
    const rows = await db
      .select({ id: companies.id, matchKey: companies.matchKey, nameKey: companies.nameKey })
      .from(companies)
      .where(or(inArray(companies.matchKey, chunk), inArray(companies.nameKey, chunk)))
      .orderBy(desc(companies.isVerified), companies.createdAt);
    const wanted = new Set(chunk);
    for (const r of rows) {
      const key = r.matchKey ?? (r.nameKey && wanted.has(r.nameKey) ? r.nameKey : null);
      if (key && wanted.has(key) && !out.has(key)) out.set(key, r.id);
    }
  }
  return out;
}

export interface ImportedCompanies {
  /** Company id per `importedCompanyKey(ref)`. */
  ids: Map<string, string>;
  /** The inserts of the companies to create: run them in the batch that writes the jobs. */
  inserts: BatchItem<"sqlite">[];
}

/**
 * Company ids for imported postings, keyed by `importedCompanyKey(ref)`.
 * Missing companies come back as insert statements (unverified, `imported_at`
 * set) for the caller's batch, so a failed page creates no company either. A
 * slug that is taken gets a suffix from the new id, so no retry loop is needed.
 */
export async function matchOrCreateImportedCompanies(
  db: Db,
  refs: readonly ImportedCompanyRef[],
  now = Date.now(),
): Promise<ImportedCompanies> {
  const wanted = new Map<string, ImportedCompanyRef & { domain: string | null; nameKey: string; matchKey: string }>();
  for (const ref of refs) {
    const name = ref.name.trim();
    if (!name) continue;
    const key = importedCompanyKey(ref);
    if (!wanted.has(key))
      wanted.set(key, {
        ...ref,
        name,
        domain: websiteDomain(ref.website),
        nameKey: foldText(name),
        matchKey: companyMatchKey(name),
      });
  }
  const out = new Map<string, string>();
  if (wanted.size === 0) return { ids: out, inserts: [] };
  const domains = [...new Set([...wanted.values()].flatMap((w) => (w.domain ? [w.domain] : [])))];
  const keys = [...new Set([...wanted.values()].map((w) => w.matchKey))];
  const [domainIds, keyIds] = [await byDomain(db, domains), await byMatchKey(db, keys)];

  const missing: CompanyRow[] = [];
  for (const [key, w] of wanted) {
    const id = (w.domain ? domainIds.get(w.domain) : undefined) ?? keyIds.get(w.matchKey);
    if (id) {
      out.set(key, id);
      continue;
    }
    const created = newId(now);
    missing.push({
      id: created,
      slug: slugify(w.name, "company"),
      name: w.name.slice(0, 200),
      nameKey: w.nameKey,
      matchKey: w.matchKey,
      description: null,
      website: w.website ?? null,
      industry: null,
      size: null,
      headquarters: null,
      foundedYear: null,
      benefits: [],
      socialLinks: {},
      logoKey: null,
      isVerified: false,
      verifiedAt: null,
      ratingAverage: 0,
      ratingCount: 0,
      openJobsCount: 0,
      importedAt: now,
      domain: w.domain,
      createdBy: null,
      createdAt: now,
      updatedAt: now,
    });
    out.set(key, created);
  }
  if (missing.length === 0) return { ids: out, inserts: [] };

  const taken = new Set<string>();
  const slugs = [...new Set(missing.map((m) => m.slug))];
  for (let i = 0; i < slugs.length; i += CHUNK) {
    const rows = await db
      .select({ slug: companies.slug })
      .from(companies)
      .where(inArray(companies.slug, slugs.slice(i, i + CHUNK)));
    for (const r of rows) taken.add(r.slug);
  }
  for (const m of missing) {
    if (taken.has(m.slug)) m.slug = `${m.slug}-${m.id.replace(/-/g, "").slice(-8)}`;
    taken.add(m.slug);
  }
  return { ids: out, inserts: missing.map((m) => db.insert(companies).values(m)) };
}
