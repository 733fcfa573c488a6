/**
 * Writes one run's normalised postings, a chunk at a time, each chunk one
 * `db.batch` (one transaction: a chunk is written whole or not at all). Per
 * posting, in order:
 *
 * 1. Exact: the same (source, external id) → the job is seen again; updated
 *    when its content hash changed (only the primary posting rewrites the job).
 * 2. Exact: the same canonical URL at any source → merged into that job.
 * 3. Near-duplicate: a job of *another* source whose SimHash is within Hamming
 *    distance 3 (candidates by band equality, four indexed probes) → merged.
 * 4. Otherwise a new job (and, when needed, a new imported company).
 *
 * Before the chunks, once per call: the postings' places are geocoded (one
 * lookup for all their distinct city keys: lat/lng, the gazetteer's city name
 * and country) and their category slugs resolved to ids (one query).
 *
 * Reads per chunk: one for known postings, one for canonical URLs, one per 20
 * fingerprints; nothing per posting (no N+1). A retry after a crash finds the
 * chunks already written by (1), so nothing is imported twice; the runner
 * (run.ts) also adds its fenced progress to each chunk's batch
 * (`chunkStatements`) and skips the chunks an earlier attempt committed
 * (`skipChunks`), so nothing is counted twice either.
 */
import { and, eq, inArray, lt, or, sql } from "drizzle-orm";
import type { BatchItem } from "drizzle-orm/batch";
import { newId } from "../../lib/ids";
import type { Db } from "../../platform/db/client";
import { jobFingerprints, jobSources } from "../../platform/db/schema";
import { categoryIdsBySlug } from "../categories";
import { importedCompanyKey, matchOrCreateImportedCompanies } from "../companies";
import { geocodePlaces } from "../geo";
import {
  expireImportedJobs,
  type ImportedJobInput,
  importedJobInsert,
  importedJobSeen,
  importedJobUpdate,
} from "../jobs";
import { matchSkills, type SkillMatcher } from "../skills";
import { containment as containmentOf, contentHash, type DedupKey, dedupKey, sameJob } from "./fingerprint";
import type { NormalizedPosting } from "./normalize";

export const CHUNK_SIZE = 25;
/** Postings missing from this many consecutive successful runs expire their job. */
export const MISSED_RUNS_TO_EXPIRE = 2;

export interface PipelineSource {
  id: string;
  kind: string;
  /** The board's company, for postings that name none. */
  company: { name: string; website: string | null } | null;
}

export interface WriteCounts {
  created: number;
  updated: number;
  duplicates: number;
  unchanged: number;
  errors: number;
}

export interface PipelineOptions {
  matcher: SkillMatcher;
  now: number;
  /** Test hook: called before each chunk's batch (a crash there must leave nothing half-written). */
  beforeBatch?: (chunk: number) => void;
  /** Chunks an earlier attempt already committed: skipped (their external ids still count as seen). */
  skipChunks?: number;
  /** A known posting last seen at or after this was handled earlier in the same run: neither rewritten nor counted again. */
  runStartedAt?: number;
  /**
   * Known postings the source says are unchanged (not revised since last seen), listed without their
   * full text (their detail was not fetched again): seen, never rewritten.
   */
  unrevised?: ReadonlySet<string>;
  /** Statements appended to each chunk's batch (the run's fenced progress), given the chunk's index and counts. */
  chunkStatements?: (chunk: number, counts: WriteCounts) => BatchItem<"sqlite">[];
}

interface Known {
  externalId: string;
  jobId: string;
  contentHash: string;
  isPrimary: boolean;
  lastSeenAt: number;
}

function hashOf(p: NormalizedPosting, company: string): string {
  return contentHash(
    JSON.stringify([
      p.title,
      company,
      p.description,
      p.city,
      p.region,
      p.country,
      p.isRemote,
      p.jobType,
      p.experienceLevel,
      p.salary,
      p.applyUrl,
      p.sourceUrl,
      // Appended only when set, so the hashes of postings without a deadline stay as they were.
      ...(p.applicationDeadline ? [p.applicationDeadline] : []),
      // Likewise coordinates and category: a job imported before geocoding is rewritten once with them.
      ...(p.lat !== null || p.categorySlug ? [p.lat, p.lng, p.categorySlug] : []),
    ]),
  );
}

/** The dedup key the pipeline stores and compares for a posting (exported for the dedup benchmark). */
export function dedupKeyOf(p: NormalizedPosting, company: string): DedupKey {
  return dedupKey({ title: p.title, company, city: p.city, description: p.description });
}

async function knownPostings(db: Db, sourceId: string, ids: string[]): Promise<Map<string, Known>> {
  const rows = ids.length
    ? await db
        .select({
          externalId: jobSources.externalId,
          jobId: jobSources.jobId,
          contentHash: jobSources.contentHash,
          isPrimary: jobSources.isPrimary,
          lastSeenAt: jobSources.lastSeenAt,
        })
        .from(jobSources)
        .where(and(eq(jobSources.sourceId, sourceId), inArray(jobSources.externalId, ids)))
    : [];
  return new Map(rows.map((r) => [r.externalId, r]));
}

async function jobsByCanonicalUrl(db: Db, urls: string[]): Promise<Map<string, string>> {
  if (!urls.length) return new Map();
  const rows = await db
    .select({ url: jobSources.canonicalUrl, jobId: jobSources.jobId })
    .from(jobSources)
    .where(inArray(jobSources.canonicalUrl, urls));
  const out = new Map<string, string>();
  for (const r of rows) if (r.url && !out.has(r.url)) out.set(r.url, r.jobId);
  return out;
}

/**
 * For each posting's dedup key, a job of *another* source that is the same job,
 * if any: one indexed probe per band column for the whole chunk (candidates
 * share a band key, which is salted with the company, so only that company's
 * jobs are read), verification in memory (`sameJob`, best description
 * containment first), then one read of the verified jobs' postings of this
 * source: postings of one source are distinct postings (the same role in two
 * cities), never merged.
 */
async function nearDuplicates(db: Db, sourceId: string, keys: DedupKey[]): Promise<Map<DedupKey, string>> {
  const out = new Map<DedupKey, string>();
  if (!keys.length) return out;
  const column = [jobFingerprints.band0, jobFingerprints.band1, jobFingerprints.band2, jobFingerprints.band3];
  const rows = await db
    .select({
      jobId: jobFingerprints.jobId,
      company: jobFingerprints.companyKey,
      location: jobFingerprints.locationKey,
      title: jobFingerprints.titleKey,
      minhash: jobFingerprints.minhash,
      shingles: jobFingerprints.shingles,
    })
    .from(jobFingerprints)
    .where(or(...column.map((c, k) => inArray(c, [...new Set(keys.map((x) => x.bands[k] ?? 0))]))));
  const matches = new Map<DedupKey, { jobId: string; score: number }[]>();
  for (const key of keys) {
    const found = rows
      .filter((r) => sameJob(key, r))
      .map((r) => ({ jobId: r.jobId, score: r.minhash === key.minhash ? 1 : containmentOf(key, r) }))
      .sort((a, b) => b.score - a.score);
    if (found.length) matches.set(key, found);
  }
  const verified = [...new Set([...matches.values()].flatMap((m) => m.map((x) => x.jobId)))];
  const ownSource = new Set<string>();
  for (let i = 0; i < verified.length; i += 90) {
    const own = await db
      .select({ jobId: jobSources.jobId })
      .from(jobSources)
      // `+source_id`: without statistics SQLite would scan the source's whole primary-key range;
      // the unary plus keeps it on job_sources_job_idx (a few rows per verified job).
      .where(and(inArray(jobSources.jobId, verified.slice(i, i + 90)), sql`+${jobSources.sourceId} = ${sourceId}`));
    for (const r of own) ownSource.add(r.jobId);
  }
  for (const [key, found] of matches) {
    const best = found.find((m) => !ownSource.has(m.jobId));
    if (best) out.set(key, best.jobId);
  }
  return out;
}

function fingerprintRow(jobId: string, key: DedupKey) {
  const [band0, band1, band2, band3] = key.bands;
  return {
    jobId,
    companyKey: key.company,
    locationKey: key.location,
    titleKey: key.title,
    minhash: key.minhash,
    shingles: key.shingles,
    band0,
    band1,
    band2,
    band3,
  };
}

/**
 * The postings with their places geocoded: coordinates, the gazetteer's city name (`München` →
 * `Munich`, `NYC` → `New York City`, which the dedup key's city then uses) and country, and the US
 * state when the source named none. The source's own coordinates (an office address) win over
 * the city's centre. Unknown places keep the source's text and coordinates (or nulls).
 */
export async function geocoded(db: Db, postings: NormalizedPosting[]): Promise<NormalizedPosting[]> {
  const places = await geocodePlaces(db, postings);
  return postings.map((p, i) => {
    const place = places[i];
    if (!place) return p;
    return {
      ...p,
      city: place.name,
      country: place.country,
      region: p.region ?? (place.country === "US" ? place.region : null),
      ...(p.lat !== null && p.lng !== null ? { lat: p.lat, lng: p.lng } : { lat: place.lat, lng: place.lng }),
    };
  });
}

/** Writes postings; `seen` carries the external ids and canonical URLs already handled in this run. */
export async function writePostings(
  db: Db,
  source: PipelineSource,
  normalized: NormalizedPosting[],
  seen: { ids: Set<string>; urls: Map<string, string> },
  options: PipelineOptions,
): Promise<WriteCounts> {
  const total: WriteCounts = { created: 0, updated: 0, duplicates: 0, unchanged: 0, errors: 0 };
  const { now, matcher } = options;
  const postings = await geocoded(db, normalized);
  const categoryIds = await categoryIdsBySlug(
    db,
    postings.flatMap((p) => (p.categorySlug ? [p.categorySlug] : [])),
  );
  for (let start = 0, n = 0; start < postings.length; start += CHUNK_SIZE, n++) {
    const counts: WriteCounts = { created: 0, updated: 0, duplicates: 0, unchanged: 0, errors: 0 };
    const chunk: NormalizedPosting[] = [];
    for (const p of postings.slice(start, start + CHUNK_SIZE)) {
      // The same posting twice in one feed is counted once.
      if (seen.ids.has(p.externalId)) counts.duplicates++;
      else {
        seen.ids.add(p.externalId);
        chunk.push(p);
      }
    }
    if (n < (options.skipChunks ?? 0)) continue;
    const companyOf = (p: NormalizedPosting) =>
      p.company
        ? { name: p.company, website: p.companyWebsite }
        : source.company
          ? { name: source.company.name, website: p.companyWebsite ?? source.company.website }
          : null;
    const known = await knownPostings(
      db,
      source.id,
      chunk.map((p) => p.externalId),
    );
    const fresh = chunk.filter((p) => !known.has(p.externalId));
    const byUrl = await jobsByCanonicalUrl(db, [
      ...new Set(fresh.flatMap((p) => (p.canonicalUrl && !seen.urls.has(p.canonicalUrl) ? [p.canonicalUrl] : []))),
    ]);
    const hashes = new Map<NormalizedPosting, DedupKey>();
    for (const p of fresh) {
      const company = companyOf(p);
      if (company && !(p.canonicalUrl && (byUrl.has(p.canonicalUrl) || seen.urls.has(p.canonicalUrl)))) {
        hashes.set(p, dedupKeyOf(p, company.name));
      }
    }
    const near = await nearDuplicates(db, source.id, [...hashes.values()]);
    const creating = fresh.filter((p) => {
      const key = hashes.get(p);
      return key && !near.has(key);
    });
    const companies = await matchOrCreateImportedCompanies(
      db,
      creating.flatMap((p) => {
        const c = companyOf(p);
        return c ? [c] : [];
      }),
      now,
    );

    const statements: BatchItem<"sqlite">[] = [...companies.inserts];
    const seenAgain: string[] = [];
    const sourceRow = (p: NormalizedPosting, jobId: string, hash: string, isPrimary: boolean) => ({
      sourceId: source.id,
      externalId: p.externalId,
      jobId,
      sourceUrl: p.sourceUrl,
      canonicalUrl: p.canonicalUrl,
      contentHash: hash,
      isPrimary,
      firstSeenAt: now,
      lastSeenAt: now,
      missedRuns: 0,
    });
    for (const p of chunk) {
      const company = companyOf(p);
      if (!company) {
        counts.errors++;
        continue;
      }
      const hash = hashOf(p, company.name);
      const input = (companyId: string): ImportedJobInput => ({
        ...p,
        companyId,
        categoryId: (p.categorySlug && categoryIds.get(p.categorySlug)) || null,
        importSource: source.kind,
        skills: matchSkills(matcher, `${p.title}\n${p.description}`, 20),
      });
      const k = known.get(p.externalId);
      if (k && options.runStartedAt !== undefined && k.lastSeenAt >= options.runStartedAt) {
        // Written earlier in this run (an earlier chunk listed it too, or a crashed attempt committed it).
        if (p.canonicalUrl) seen.urls.set(p.canonicalUrl, k.jobId);
        continue;
      }
      if (k) {
        const changed = !options.unrevised?.has(p.externalId) && k.contentHash !== hash;
        statements.push(
          db
            .update(jobSources)
            .set({
              lastSeenAt: now,
              missedRuns: 0,
              contentHash: changed ? hash : k.contentHash,
              sourceUrl: p.sourceUrl,
              canonicalUrl: p.canonicalUrl,
            })
            .where(and(eq(jobSources.sourceId, source.id), eq(jobSources.externalId, p.externalId))),
        );
        if (changed && k.isPrimary) {
          const { companyId: _none, ...fields } = input("");
          statements.push(...importedJobUpdate(db, k.jobId, fields, now));
          const fp = dedupKeyOf(p, company.name);
          statements.push(
            db
              .insert(jobFingerprints)
              .values(fingerprintRow(k.jobId, fp))
              .onConflictDoUpdate({ target: jobFingerprints.jobId, set: fingerprintRow(k.jobId, fp) }),
          );
        } else seenAgain.push(k.jobId);
        if (changed) counts.updated++;
        else counts.unchanged++;
        if (p.canonicalUrl) seen.urls.set(p.canonicalUrl, k.jobId);
        continue;
      }
      const urlMatch = p.canonicalUrl ? (seen.urls.get(p.canonicalUrl) ?? byUrl.get(p.canonicalUrl)) : undefined;
      const fp = hashes.get(p);
      const target = urlMatch ?? (fp ? near.get(fp) : undefined);
      if (target) {
        statements.push(
          db
            .insert(jobSources)
            .values(sourceRow(p, target, hash, false))
            .onConflictDoNothing(),
        );
        seenAgain.push(target);
        counts.duplicates++;
        continue;
      }
      const companyId = companies.ids.get(importedCompanyKey(company));
      if (!companyId || !fp) {
        counts.errors++;
        continue;
      }
      const jobId = newId(now);
      statements.push(
        ...importedJobInsert(db, jobId, input(companyId), now),
        db.insert(jobSources).values(sourceRow(p, jobId, hash, true)),
        db.insert(jobFingerprints).values(fingerprintRow(jobId, fp)),
      );
      if (p.canonicalUrl) seen.urls.set(p.canonicalUrl, jobId);
      counts.created++;
    }
    statements.push(...importedJobSeen(db, [...new Set(seenAgain)], now));
    // The run's progress and fence: one transaction, so a superseded attempt's batch fails whole.
    statements.push(...(options.chunkStatements?.(n, counts) ?? []));
    options.beforeBatch?.(n);
    const [first, ...rest] = statements;
    if (first) await db.batch([first, ...rest]);
    for (const key of Object.keys(total) as (keyof WriteCounts)[]) total[key] += counts[key];
  }
  return total;
}

/**
 * After a successful full run: every posting of the source not seen since
 * `runStartedAt` has missed one more run (counted in the same batch that marks
 * the run succeeded, so a retry cannot count twice: see run.ts); jobs whose
 * every posting has missed two runs are expired. Returns how many expired.
 */
export function countMissedStatement(db: Db, sourceId: string, runStartedAt: number, guard: ReturnType<typeof sql>) {
  return db
    .update(jobSources)
    .set({ missedRuns: sql`${jobSources.missedRuns} + 1` })
    .where(and(eq(jobSources.sourceId, sourceId), lt(jobSources.lastSeenAt, runStartedAt), guard));
}

export async function expireMissing(db: Db, sourceId: string, now: number): Promise<number> {
  const rows = await db
    .selectDistinct({ jobId: jobSources.jobId })
    .from(jobSources)
    .where(
      and(
        eq(jobSources.sourceId, sourceId),
        sql`${jobSources.missedRuns} >= ${MISSED_RUNS_TO_EXPIRE}`,
        // A job merged from several sources lives while any of its postings does.
        sql`NOT EXISTS (SELECT 1 FROM ${jobSources} o WHERE o.job_id = ${jobSources.jobId} AND o.missed_runs < ${MISSED_RUNS_TO_EXPIRE})`,
      ),
    )
    .limit(5000);
  const statements = expireImportedJobs(
    db,
    rows.map((r) => r.jobId),
    now,
  );
  if (!statements.length) return 0;
  const [first, ...rest] = statements;
  if (!first) return 0;
  const results = await db.batch([first, ...rest]);
  return results.reduce((n, r) => n + r.length, 0);
}
