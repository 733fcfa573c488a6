/**
 * Companies of imported job postings (job ingestion): an existing company is
 * matched by its website's domain, then by its folded name; otherwise an
 * unverified company with no members is created and marked imported. One call
 * resolves a whole page of postings in at most three reads and one batch.
 */
import { inArray } from "drizzle-orm";
import type { BatchItem } from "drizzle-orm/batch";
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
  return domain ? `d:${domain}` : `n:${foldText(ref.name)}`;
}

const CHUNK = 90;

async function byColumn(db: Db, column: "domain" | "nameKey", values: string[]) {
  const out = new Map<string, string>();
  for (let i = 0; i < values.length; i += CHUNK) {
    const chunk = values.slice(i, i + CHUNK);
    const rows = await db
      .select({
        id: companies.id,
        domain: companies.domain,
        nameKey: companies.nameKey,
        createdAt: companies.createdAt,
      })
      .from(companies)
      .where(inArray(companies[column], chunk))
      .orderBy(companies.createdAt);
    for (const r of rows) {
      const v = r[column];
      // The oldest company wins when several share a name.
      if (v && !out.has(v)) out.set(v, r.id);
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
  const wanted = new Map<string, ImportedCompanyRef & { domain: string | null; nameKey: string }>();
  for (const ref of refs) {
    const name = ref.name.trim();
    if (!name) continue;
    const key = importedCompanyKey(ref);
    if (!wanted.has(key))
      wanted.set(key, { ...ref, name, domain: websiteDomain(ref.website), nameKey: foldText(name) });
  }
  const out = new Map<string, string>();
  if (wanted.size === 0) return { ids: out, inserts: [] };
  const domains = [...new Set([...wanted.values()].flatMap((w) => (w.domain ? [w.domain] : [])))];
  const names = [...new Set([...wanted.values()].map((w) => w.nameKey))];
  const [byDomain, byName] = [await byColumn(db, "domain", domains), await byColumn(db, "nameKey", names)];

  const missing: CompanyRow[] = [];
  for (const [key, w] of wanted) {
    const id = (w.domain ? byDomain.get(w.domain) : undefined) ?? byName.get(w.nameKey);
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
