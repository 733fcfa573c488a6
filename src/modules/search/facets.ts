/**
 * Facet counts over the filtered set. Each facet is one GROUP BY statement in
 * the search batch and ignores its own filter (choosing `job_type=contract`
 * still shows how many full-time jobs there are), like shop filters do.
 */

import { type Frag, joinFrags, rawSql, sq, where } from "../../platform/db/sql";
import { OWN_FILTERS } from "./facet-counts";
import { filterExpression, fullMatch, isTokenFilter } from "./filter-tokens";
import type { FacetName } from "./schemas";
import { conditions, SALARY_HIGH_KEY, type SearchFilters } from "./sql";

export interface FacetValue {
  value: string;
  label?: string;
  count: number;
  min?: number;
  max?: number | null;
}

/** Yearly salary buckets [min, max) on the job's upper salary figure. */
export const SALARY_BUCKETS: ReadonlyArray<{ min: number; max: number | null }> = [
  { min: 0, max: 30_000 },
  { min: 30_000, max: 50_000 },
  { min: 50_000, max: 75_000 },
  { min: 75_000, max: 100_000 },
  { min: 100_000, max: 150_000 },
  { min: 150_000, max: 200_000 },
  { min: 200_000, max: null },
];

const bucketLabel = (b: { min: number; max: number | null }) => (b.max === null ? `${b.min}+` : `${b.min}-${b.max}`);

const TOP = 20;
/**
 * Filtered facets are counted exactly over up to this many matching jobs; with
 * more, over a stratified sample of this many (facetSampleStatement), and the
 * response says `facets_are_estimates: true` with `facet_sample_size`. 600: a
 * share's 95 % margin is then about ±4 points, and a filtered search with facets
 * stays under 5 000 rows read (docs/jobs.md).
 */
export const FACET_SAMPLE = 600;

export function presentFacet(facet: FacetName, rows: Array<{ value: unknown; label?: unknown; n: unknown }>) {
  if (facet === "salary") {
    const counts = new Map(rows.map((r) => [String(r.value), Number(r.n)]));
    return SALARY_BUCKETS.map((b) => ({
      value: bucketLabel(b),
      min: b.min,
      max: b.max,
      count: counts.get(bucketLabel(b)) ?? 0,
    })).filter((v) => v.count > 0);
  }
  return rows.map((r): FacetValue => {
    const out: FacetValue = { value: String(r.value), count: Number(r.n) };
    if (facet === "location" && r.label) out.label = `${r.value}, ${r.label}`;
    else if ((facet === "category" || facet === "company") && r.label) out.label = String(r.label);
    return out;
  });
}

/** Strata of the facet sample: equal slices of the document-id range, and matches taken per slice. */
export const SAMPLE_STRATA = 100;
export const SAMPLE_PER_STRATUM = FACET_SAMPLE / SAMPLE_STRATA;

/** Per facet: the value column, the label join and the group filter of its count. */
const FACET_SQL: Record<FacetName, { value: string; label?: string }> = {
  category: { value: "j.category_id" },
  company: { value: "j.company_id" },
  location: { value: "j.city", label: "j.country" },
  remote: { value: "CASE j.is_remote WHEN 1 THEN 'true' ELSE 'false' END" },
  salary: { value: SALARY_HIGH_KEY },
  job_type: { value: "j.job_type" },
  experience_level: { value: "j.experience_level" },
};

/** Facets whose value is a filter token of the search document (filter-tokens.ts). */
const TOKEN_FACETS: Partial<Record<FacetName, { kind: string; filter: keyof SearchFilters }>> = {
  job_type: { kind: "t", filter: "jobTypes" },
  experience_level: { kind: "l", filter: "levels" },
  remote: { kind: "r", filter: "remote" },
};

/**
 * The filters each facet's counts must check on the candidate rows: those the
 * candidate MATCH left out (owned by a requested facet, or not expressible as
 * tokens), except the facet's own.
 */
function rowFilterSet(facets: FacetName[], f: SearchFilters): SearchFilters {
  const owned = new Set(facets.flatMap((facet) => OWN_FILTERS[facet]));
  const rowFilters: SearchFilters = {};
  for (const [k, v] of Object.entries(f) as Array<[keyof SearchFilters, unknown]>) {
    if (k === "match" || v === undefined) continue;
    if (owned.has(k) || !isTokenFilter(k, f)) Object.assign(rowFilters, { [k]: v });
  }
  return rowFilters;
}

/**
 * Whether the facets and their row checks can all be read from the candidates'
 * filter tokens (`job_search_docs.filters`, one primary-key row per candidate)
 * instead of each candidate's job row and conditions.
 */
function tokenFacets(facets: FacetName[], f: SearchFilters): boolean {
  const tokenFilters = new Set(Object.values(TOKEN_FACETS).map((t) => t.filter));
  return (
    facets.every((facet) => TOKEN_FACETS[facet]) &&
    Object.keys(rowFilterSet(facets, f)).every((k) => tokenFilters.has(k as keyof SearchFilters))
  );
}

const decoder = new TextDecoder();

/** A document's filter tokens by kind, decoded: `zt66756C6C5F74696D650` → t: ["full_time"]; `zr10` → r: ["true"]. */
function parseTokens(filters: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const token of filters.split(" ")) {
    if (token.length < 3 || token[0] !== "z") continue;
    const kind = token[1] ?? "";
    const hex = token.slice(2, -1);
    const bytes = new Uint8Array(hex.length / 2);
    for (let i = 0; i < bytes.length; i++) bytes[i] = Number.parseInt(hex.slice(i * 2, i * 2 + 2), 16);
    const list = out.get(kind) ?? [];
    list.push(kind === "r" ? (hex === "1" ? "true" : "false") : decoder.decode(bytes));
    out.set(kind, list);
  }
  return out;
}

/**
 * The rows of the token form of facetSampleStatement (`{ filters, sampled }`)
 * turned into its usual `{ v<i>, ok<i>, sampled }` rows: each facet's value
 * from its token, and whether the row passes the other facets' own filters.
 */
function rowsFromTokens(facets: FacetName[], f: SearchFilters, rows: Array<Record<string, unknown>>) {
  const checks = (Object.entries(TOKEN_FACETS) as Array<[FacetName, { kind: string; filter: keyof SearchFilters }]>)
    .map(([facet, t]) => ({ facet, kind: t.kind, want: f[t.filter] }))
    .filter((c) => c.want !== undefined && facets.includes(c.facet));
  const wanted = (want: unknown) => (Array.isArray(want) ? want.map(String) : [String(want)]);
  return rows.map((r) => {
    const tokens = parseTokens(String(r.filters ?? ""));
    const out: Record<string, unknown> = { sampled: r.sampled };
    facets.forEach((facet, i) => {
      const kind = TOKEN_FACETS[facet]?.kind ?? "";
      out[`v${i}`] = tokens.get(kind)?.[0] ?? null;
      out[`ok${i}`] = checks.every(
        (c) => c.facet === facet || wanted(c.want).some((w) => tokens.get(c.kind)?.includes(w)),
      )
        ? 1
        : 0;
    });
    return out;
  });
}

/**
 * Every filtered facet of a search in ONE statement over a bounded candidate set
 * (issue #14, causes 3 and 4). The candidates come from the FTS index: the text
 * AND the token filters of every filter no requested facet owns (a facet ignores
 * its own filter, so those stay out of the candidate MATCH and are checked per
 * candidate row instead, with the filters tokens cannot express).
 *
 * - Up to FACET_SAMPLE candidates: all of them, the counts are exact.
 * - More: a systematic sample across the whole index, not the first rows FTS5
 *   yields (they are the oldest documents, which biased the counts): the first
 *   SAMPLE_PER_STRATUM matches in each of SAMPLE_STRATA equal slices of the
 *   document-id range. Each slice is an FTS5 rowid-range lookup with a LIMIT, so
 *   the sample costs at most FACET_SAMPLE rows whatever the number of matches.
 *   Document ids follow indexing order, so the slices spread over posting time.
 *
 * Rows: one per candidate, `{ v<i>, ok<i>, [l<i>], [category_name], [company_name], sampled }`
 * for facet i (its value, whether the row passes the facet's checks); countSample groups them.
 * When the facets and their checks are all filter tokens (job type, level, remote:
 * the common case), a candidate's row is its `filters` text alone (`{ filters,
 * sampled }`, one primary-key row of job_search_docs; no job row), decoded by
 * countSample.
 */
/** D1 caps a compound SELECT at five terms: larger unions are nested five by five. */
const COMPOUND_MAX = 5;

function unionAll(parts: Frag[]): Frag {
  if (parts.length <= COMPOUND_MAX) return joinFrags(parts, " UNION ALL ");
  const size = Math.ceil(parts.length / COMPOUND_MAX);
  const groups: Frag[] = [];
  for (let i = 0; i < parts.length; i += size) groups.push(sq`SELECT * FROM (${unionAll(parts.slice(i, i + size))})`);
  return joinFrags(groups, " UNION ALL ");
}

export function facetSampleStatement(facets: FacetName[], f: SearchFilters, now: number): Frag {
  const candidates = fullMatch(f.match, filterExpression(f, undefined, facets));
  // Constants are written into the SQL text (code, not input): the rowid bounds
  // must stay integer arithmetic for FTS5's rowid-range lookups.
  const n = rawSql(String(FACET_SAMPLE));
  // One FTS5 rowid-range lookup with a LIMIT per stratum, as a (nested) UNION ALL:
  // each returns its rows directly (no list is materialized and scanned again,
  // which D1 counts as rows read once more), and the arm not taken is skipped
  // before its loop (a constant condition).
  const strata = Array.from(
    { length: SAMPLE_STRATA },
    (_, i) =>
      sq`SELECT * FROM (SELECT rowid AS doc_id FROM jobs_fts WHERE jobs_fts MATCH (SELECT e FROM m)
        AND rowid >= (SELECT lo + span * ${rawSql(String(i))} / ${rawSql(String(SAMPLE_STRATA))} FROM bounds)
        AND rowid < (SELECT lo + span * ${rawSql(String(i + 1))} / ${rawSql(String(SAMPLE_STRATA))} FROM bounds)
        LIMIT ${rawSql(String(SAMPLE_PER_STRATUM))})`,
  );
  const head = sq`WITH m AS MATERIALIZED (SELECT ${candidates} AS e),
    sampling AS MATERIALIZED (SELECT count(*) > ${n} AS sampled FROM (SELECT 1 FROM jobs_fts WHERE jobs_fts MATCH (SELECT e FROM m) LIMIT ${n} + 1)),
    bounds AS MATERIALIZED (SELECT lo, hi + 1 - lo AS span FROM (SELECT (SELECT min(doc_id) FROM job_search_docs) AS lo, (SELECT max(doc_id) FROM job_search_docs) AS hi)),
    s AS (
      SELECT * FROM (SELECT rowid AS doc_id FROM jobs_fts WHERE jobs_fts MATCH (SELECT e FROM m) LIMIT ${n}) WHERE NOT (SELECT sampled FROM sampling)
      UNION ALL
      SELECT * FROM (${unionAll(strata)}) WHERE (SELECT sampled FROM sampling)
    )`;
  // The tokens come from the search document's own row: reading the column through
  // the FTS5 cursor would fetch the whole content row (the description too).
  if (tokenFacets(facets, f))
    return sq`${head} SELECT d.filters AS filters, (SELECT sampled FROM sampling) AS sampled FROM s CROSS JOIN job_search_docs d ON d.doc_id = s.doc_id`;
  return sq`${head} ${jobRowSelect(facets, f, now)}`;
}

/**
 * The sample's rows read from each candidate's job row: every requested facet's
 * value and whether the row passes that facet's checks, with the names the
 * category and company facets show.
 */
function jobRowSelect(facets: FacetName[], f: SearchFilters, now: number): Frag {
  // The row checks of each facet: the filters the candidate MATCH left out (owned
  // by a requested facet, or not expressible as tokens) except its own.
  const rowFilters = rowFilterSet(facets, f);
  const columns = facets.map((facet, i) => {
    const spec = FACET_SQL[facet];
    const label = spec.label ? rawSql(`, ${spec.label} AS l${i}`) : rawSql("");
    return sq`${rawSql(`${spec.value} AS v${i}`)}${label}, (${where(conditions(rowFilters, now, facet))}) ${rawSql(`AS ok${i}`)}`;
  });
  // Names for the category and company facets (a primary-key lookup per candidate, only when asked).
  const joins: string[] = [];
  const extra: string[] = [];
  if (facets.includes("category")) {
    joins.push("LEFT JOIN categories cat ON cat.id = j.category_id");
    extra.push("cat.name AS category_name");
  }
  if (facets.includes("company")) {
    joins.push("LEFT JOIN companies co ON co.id = j.company_id");
    extra.push("co.name AS company_name");
  }
  const more = rawSql(extra.map((e) => `, ${e}`).join(""));
  return sq`SELECT ${joinFrags(columns, ", ")}${more}, (SELECT sampled FROM sampling) AS sampled
    FROM s CROSS JOIN job_search_docs d ON d.doc_id = s.doc_id CROSS JOIN jobs j ON j.id = d.job_id ${rawSql(joins.join(" "))}`;
}

export interface SampledFacets {
  facets: Record<string, FacetValue[]>;
  /** True when the candidates were more than FACET_SAMPLE and these are sample counts. */
  sampled: boolean;
  /** How many candidate jobs were counted over. */
  size: number;
}

/**
 * The facet counts of facetSampleStatement's candidate rows, grouped here (one
 * pass over ≤ 1 000 rows) rather than in SQL, where each facet would read the
 * candidates again. Same order and limits as the counter facets: count desc, then
 * value; the top 20 for category, company and location.
 */
export function countSample(
  facets: FacetName[],
  sampleRows: Array<Record<string, unknown>>,
  f: SearchFilters,
): SampledFacets {
  const rows =
    sampleRows.length && "filters" in (sampleRows[0] ?? {}) ? rowsFromTokens(facets, f, sampleRows) : sampleRows;
  const out: Record<string, FacetValue[]> = {};
  facets.forEach((facet, i) => {
    const counts = new Map<string, { value: string; label?: unknown; n: number }>();
    for (const r of rows) {
      if (!Number(r[`ok${i}`])) continue;
      const raw = r[`v${i}`];
      if (raw === null || raw === undefined) continue;
      let value: string;
      if (facet === "salary") {
        const high = Number(raw);
        if (high < 0) continue;
        const b = SALARY_BUCKETS.find((x) => x.max === null || high < x.max);
        if (!b) continue;
        value = bucketLabel(b);
      } else value = String(raw);
      const entry = counts.get(value) ?? { value, n: 0 };
      entry.n += 1;
      if (facet === "location") {
        const country = r[`l${i}`];
        if (typeof country === "string" && (entry.label === undefined || country < String(entry.label)))
          entry.label = country;
      } else if (facet === "category") entry.label = r.category_name;
      else if (facet === "company") entry.label = r.company_name;
      counts.set(value, entry);
    }
    let values = [...counts.values()];
    // A company facet lists existing companies only (as the counter facets do).
    if (facet === "company") values = values.filter((v) => v.label !== null && v.label !== undefined);
    values.sort((a, b) => b.n - a.n || (a.value < b.value ? -1 : a.value > b.value ? 1 : 0));
    if (facet === "category" || facet === "company" || facet === "location") values = values.slice(0, TOP);
    out[facet] = presentFacet(facet, values);
  });
  return { facets: out, sampled: rows.some((r) => Number(r.sampled) === 1), size: rows.length };
}
