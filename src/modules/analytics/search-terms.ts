/**
 * Anonymised search-term counts for admin analytics. The jobs search calls
 * `recordSearchTerm` (ideally in `waitUntil`); nothing about the searcher is
 * stored, and terms that look like personal data are dropped, not stored.
 */
import { lt, sql } from "drizzle-orm";
import type { Db } from "../../platform/db/client";
import { searchTerms } from "../../platform/db/schema";

export const MAX_TERM_LENGTH = 100;

/** Lower-case, NFKC, single spaces, no surrounding quotes; null when it should not be stored. */
export function normalizeSearchTerm(raw: string): string | null {
  const term = raw
    .normalize("NFKC")
    .toLowerCase()
    .replace(/["'`“”‘’]/g, " ")
    .replace(/\s+/g, " ")
    .trim();
  if (term.length < 2 || term.length > MAX_TERM_LENGTH) return null;
  // Email addresses, phone numbers, ids and URLs are personal or useless as "top searches".
  if (term.includes("@") || /\d[\d\s\-().]{5,}\d/.test(term) || /https?:|www\./.test(term)) return null;
  return term;
}

export const utcDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/**
 * Counts one search for today's bucket, and whether it found nothing (one upsert).
 * Returns whether the term was recorded.
 */
export async function recordSearchTerm(
  db: Db,
  raw: string,
  now = Date.now(),
  options: { zeroResults?: boolean } = {},
): Promise<boolean> {
  const term = normalizeSearchTerm(raw);
  if (!term) return false;
  const zero = options.zeroResults ? 1 : 0;
  await db
    .insert(searchTerms)
    .values({ day: utcDay(now), term, count: 1, zeroResults: zero })
    .onConflictDoUpdate({
      target: [searchTerms.day, searchTerms.term],
      set: { count: sql`${searchTerms.count} + 1`, zeroResults: sql`${searchTerms.zeroResults} + ${zero}` },
    });
  return true;
}

/** Drops buckets older than `keepDays` (run daily by cron). */
export async function pruneSearchTerms(db: Db, now = Date.now(), keepDays = 400): Promise<void> {
  await db.delete(searchTerms).where(lt(searchTerms.day, utcDay(now - keepDays * 86_400_000)));
}
