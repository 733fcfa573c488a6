/**
 * Filters as FTS5 tokens (migration 0033). Every search document carries its
 * filter values in the indexed `filters` column of `jobs_fts`, so a filter is one
 * more `AND filters : "token"` in the MATCH: FTS5 intersects posting lists and a
 * filtered text search reads only the documents it returns, instead of joining
 * every text match to its job row to test the filters there.
 *
 * The strings built here must stay identical to the `job_search_filters` view
 * of migration 0033: `z`, one letter for the kind, the value as SQLite `hex()` of
 * its UTF-8 text, then `0` (a final digit, so the porter stemmer never shortens a
 * token). test/search-filter-tokens.test.ts checks both sides against each other.
 */

import { type Frag, joinFrags, sq, sqlWithParams } from "../../platform/db/sql";
import { CATEGORY_SUBTREE_SQL } from "../categories";
import type { FacetName } from "./schemas";
import type { SearchFilters } from "./sql";

const encoder = new TextEncoder();

/** SQLite's `hex()` of a text value: its UTF-8 bytes, upper-case. */
export function sqliteHex(value: string): string {
  let out = "";
  for (const b of encoder.encode(value)) out += b.toString(16).padStart(2, "0");
  return out.toUpperCase();
}

/** One filter token (`zt46554C4C5F54494D450` for job_type=full_time). */
export const filterToken = (kind: "t" | "l" | "p" | "u" | "c" | "o", value: string) => `z${kind}${sqliteHex(value)}0`;

/** The token every document has: the MATCH of a sample with no text and no token filter. */
export const ALL_DOCS = 'filters : "za0"';
/** A token no document has (an unknown category or company). */
const NO_DOC = '"zn0"';

/** The salary band steps in thousands (the ladder of migration 0033's `zs<k>k0` tokens). */
export const SALARY_STEPS = [
  0, 10, 20, 30, 40, 50, 60, 70, 80, 90, 100, 120, 140, 150, 160, 180, 200, 250, 300, 400, 500,
];

/**
 * The salary band token for `salary_min` (the highest step at or below it) and
 * whether it is exact (the amount is a step): otherwise the row check still runs.
 */
export function salaryBand(min: number): { token: string; exact: boolean } {
  let step = 0;
  for (const k of SALARY_STEPS) if (k * 1000 <= min) step = k;
  return { token: `zs${step}k0`, exact: step * 1000 === min };
}

const anyOf = (tokens: string[]) => `filters : (${tokens.map((t) => `"${t}"`).join(" OR ")})`;

/** The filters tokens can express; the others (salary range, skills, radius, age) stay row checks. */
const TOKEN_FILTERS: ReadonlyArray<keyof SearchFilters> = [
  "match",
  "category",
  "company",
  "locationParts",
  "remote",
  "jobTypes",
  "levels",
  "currency",
  "featured",
];

/** Whether `key` (a set filter of `f`) is expressed exactly by tokens. */
export function isTokenFilter(key: keyof SearchFilters, f: SearchFilters): boolean {
  if (key === "salaryMin") return f.salaryMin !== undefined && salaryBand(f.salaryMin).exact;
  return key !== "match" && TOKEN_FILTERS.includes(key);
}

/** Whether every filter set in `f` is part of the MATCH (then no row check is left but expiry). */
export function allTokenFilters(f: SearchFilters): boolean {
  return Object.entries(f).every(
    ([k, v]) => v === undefined || k === "match" || isTokenFilter(k as keyof SearchFilters, f),
  );
}

/**
 * The FTS5 expression of `f`'s token filters as an SQL string expression (the
 * category subtree and the company id are resolved inside the statement), without
 * `omit`'s own filter; null when none applies. `skip` drops further filters.
 */
export function filterExpression(f: SearchFilters, omit?: FacetName, skip: ReadonlyArray<FacetName> = []): Frag | null {
  const off = (facet: FacetName) => omit === facet || skip.includes(facet);
  const parts: Frag[] = [];
  if (f.remote !== undefined && !off("remote")) parts.push(sq`${`filters : "zr${f.remote ? 1 : 0}0"`}`);
  if (f.featured !== undefined) parts.push(sq`${`filters : "zf${f.featured ? 1 : 0}0"`}`);
  if (f.jobTypes?.length && !off("job_type")) parts.push(sq`${anyOf(f.jobTypes.map((t) => filterToken("t", t)))}`);
  if (f.levels?.length && !off("experience_level")) parts.push(sq`${anyOf(f.levels.map((t) => filterToken("l", t)))}`);
  if (f.currency) parts.push(sq`${anyOf([filterToken("u", f.currency)])}`);
  if (f.salaryMin !== undefined && !off("salary")) parts.push(sq`${anyOf([salaryBand(f.salaryMin).token])}`);
  if (f.locationParts?.length && !off("location")) {
    // A part matches the city, the region or the country: the three keys share one token kind.
    for (const part of f.locationParts) parts.push(sq`${anyOf([filterToken("p", part)])}`);
  }
  if (f.category && !off("category")) {
    const subtree = sqlWithParams(CATEGORY_SUBTREE_SQL, [f.category, f.category]);
    parts.push(
      sq`('filters : (' || coalesce((SELECT group_concat('"zc' || hex(id) || '0"', ' OR ') FROM (${subtree})), ${NO_DOC}) || ')')`,
    );
  }
  if (f.company && !off("company")) {
    // Two unique-index lookups (id, then slug), as the row filter does.
    parts.push(
      sq`('filters : ' || coalesce((SELECT '"zo' || hex(id) || '0"' FROM (SELECT id FROM companies WHERE id = ${f.company} UNION ALL SELECT id FROM companies WHERE slug = ${f.company}) LIMIT 1), ${NO_DOC}))`,
    );
  }
  return parts.length ? joinFrags(parts, " || ' AND ' || ") : null;
}

/**
 * The MATCH value: the text expression (a bound string) AND the token filters.
 * Without text, the filters alone, or every document.
 */
export function fullMatch(text: string | undefined, filters: Frag | null): Frag {
  if (text === undefined) return filters ?? sq`${ALL_DOCS}`;
  if (!filters) return sq`${text}`;
  return sq`('(' || ${text} || ') AND ' || ${filters})`;
}
