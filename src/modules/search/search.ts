/**
 * `GET /jobs`: full-text + filters + facets + keyset pagination in at most three
 * D1 round trips (cache version; one batch with page, total, facets and the
 * typo-correction vocabulary; a retry batch only when a misspelt query found
 * nothing). All statements use `.all()` so the request log sees rows_read.
 */

import { decodeCursor, encodeCursor, invalidCursor } from "../../http/pagination";
import { foldText } from "../../lib/fold";
import { escapeHtml } from "../../lib/html";
import { correctTerms, firstCharRange, matchExpression, tokenize, type VocabEntry } from "../../lib/query-text";
import { kvCache } from "../../platform/cache";
import { type Frag, prepare, rawSql, sq, where } from "../../platform/db/sql";
import { JOB_RECORD_COLUMNS, JOB_RECORD_JOINS, type JobSummaryDto, presentSummary, recordFromSql } from "../jobs";
import { aggregateFacet, aggregateFacetStatement, isUnfiltered, staleStatement, totalStatement } from "./facet-counts";
import { type FacetValue, facetStatement, facetWasSampled, presentFacet } from "./facets";
import type { FacetName, SearchQueryInput, SortName } from "./schemas";
import {
  BM25,
  conditions,
  distanceExpr,
  RANK_FUNCTION,
  type SearchFilters,
  type SortSpec,
  sortSpec,
  source,
} from "./sql";

export interface SearchResult {
  data: JobSummaryDto[];
  next_cursor: string | null;
  total: number;
  /** True when counting stopped at COUNT_CAP: `total` is then a lower bound. */
  total_is_estimate: boolean;
  facets?: Record<string, FacetValue[]>;
  /** True when a filtered facet was counted over a capped sample of the matches. */
  facets_are_estimates?: boolean;
  corrected_query?: string;
}

/**
 * Filtered totals are counted up to this many matches; beyond it `total` is the
 * cap and `total_is_estimate` is true ("1 000+"). The unfiltered list's total
 * comes exactly from the maintained counters (facet-counts.ts).
 */
export const COUNT_CAP = 1000;

const DEFAULT_RADIUS_KM = 50;
// Private-use characters mark matches inside highlight()/snippet() output; the
// text is HTML-escaped afterwards and only then are they turned into <mark>.
const MARK_OPEN = "\uE000";
const MARK_CLOSE = "\uE001";

export interface Plan {
  filters: SearchFilters;
  sort: SortName;
  limit: number;
  facets: FacetName[];
  terms: string[];
  /**
   * A relevance-ranked text query without other filters: page and total come
   * from the FTS index alone (it holds only published jobs), and only the page's
   * rows are joined. Jobs past `expires_at` that the five-minute cron has not yet
   * expired are dropped from the page; the total may count them for that window.
   */
  ftsOnly: boolean;
  /** No filter at all: total and facets come from the maintained counters. */
  unfiltered: boolean;
}

export function planSearch(p: SearchQueryInput): Plan {
  const terms = p.q !== undefined ? tokenize(p.q) : [];
  const filters: SearchFilters = {
    // A q without any word (only punctuation or emoji) matches nothing rather than everything.
    match: p.q !== undefined ? (terms.length ? matchExpression(terms) : '""') : undefined,
    category: p.category,
    company: p.company,
    locationParts: p.location
      ?.split(",")
      .map((s) => foldText(s.trim()))
      .filter(Boolean)
      .slice(0, 3),
    geo:
      p.lat !== undefined && p.lng !== undefined
        ? { lat: p.lat, lng: p.lng, radiusKm: p.radius_km ?? DEFAULT_RADIUS_KM }
        : undefined,
    remote: p.remote,
    jobTypes: p.job_type,
    levels: p.experience_level,
    salaryMin: p.salary_min,
    salaryMax: p.salary_max,
    currency: p.currency,
    skills: p.skills?.length ? p.skills : undefined,
    postedWithin: p.posted_within,
    featured: p.featured,
  };
  const sort: SortName =
    p.sort === "relevance" && filters.match === undefined
      ? "newest"
      : (p.sort ?? (filters.match !== undefined ? "relevance" : "newest"));
  const { match, ...rest } = filters;
  const ftsOnly = match !== undefined && sort === "relevance" && Object.values(rest).every((v) => v === undefined);
  return {
    filters,
    sort,
    limit: p.limit ?? 20,
    facets: p.facets ?? [],
    terms,
    ftsOnly,
    unfiltered: isUnfiltered(filters),
  };
}

/** How many best-ranked matches the first page of a text-only search looks at. */
const TOP_SLACK = 30;

/**
 * Text-only search. The first page lets FTS5 pick the best-ranked matches itself
 * (`ORDER BY rank LIMIT`, which only yields those rows), then orders them by
 * (rank, doc id). Later pages continue from the cursor over all matches. Both use
 * the same bm25 weights, so keys are comparable across the two forms.
 */
function ftsOnlyPage(plan: Plan, after: { k: number; id: string } | null): Frag {
  const match = plan.filters.match ?? '""';
  const page = after
    ? sq`SELECT * FROM (SELECT rowid AS doc_id, ${rawSql(BM25)} AS sort_key FROM jobs_fts WHERE jobs_fts MATCH ${match}) WHERE (sort_key, doc_id) > (${after.k}, ${Number(after.id)}) ORDER BY sort_key, doc_id LIMIT ${plan.limit + 1}`
    : sq`SELECT * FROM top ORDER BY sort_key, doc_id LIMIT ${plan.limit + 1}`;
  const top = after
    ? rawSql("")
    : sq`top AS MATERIALIZED (SELECT rowid AS doc_id, rank AS sort_key FROM jobs_fts WHERE jobs_fts MATCH ${match} AND rank MATCH ${RANK_FUNCTION} ORDER BY rank LIMIT ${plan.limit + 1 + TOP_SLACK}), `;
  const topStats = after
    ? rawSql("NULL AS top_count, NULL AS top_max")
    : rawSql("(SELECT count(*) FROM top) AS top_count, (SELECT max(sort_key) FROM top) AS top_max");
  return sq`WITH ${top}page AS MATERIALIZED (${page})
    SELECT page.sort_key, page.doc_id AS cursor_id, ${topStats}, ${JOB_RECORD_COLUMNS},
    highlight(jobs_fts, 0, ${MARK_OPEN}, ${MARK_CLOSE}) AS hl_title,
    snippet(jobs_fts, 4, ${MARK_OPEN}, ${MARK_CLOSE}, '…', 24) AS hl_snippet
    FROM jobs_fts CROSS JOIN page ON page.doc_id = jobs_fts.rowid CROSS JOIN job_search_docs d ON d.doc_id = page.doc_id
    CROSS JOIN jobs j ON j.id = d.job_id ${JOB_RECORD_JOINS}
    WHERE jobs_fts MATCH ${match} AND jobs_fts.rowid IN (SELECT doc_id FROM page) ORDER BY page.sort_key, page.doc_id`;
}

/**
 * Whether the first text-only page is exact: rows tied with the worst of the
 * top matches might sit just outside them, so such a page is recomputed over
 * all matches.
 */
function firstPageIsExact(rows: Row[], limit: number): boolean {
  const first = rows[0];
  if (!first || first.top_count === null || first.top_count === undefined) return true;
  if (Number(first.top_count) < limit + 1 + TOP_SLACK) return true;
  const last = rows[rows.length - 1];
  return last !== undefined && Number(last.sort_key) < Number(first.top_max);
}

function pageStatement(plan: Plan, spec: SortSpec, now: number, after: { k: number; id: string } | null): Frag {
  if (plan.ftsOnly) return ftsOnlyPage(plan, after);
  const f = plan.filters;
  const cmp = spec.dir === "ASC" ? ">" : "<";
  const inner = sq`SELECT ${spec.key} AS sort_key, j.id AS id${f.match !== undefined ? rawSql(", jobs_fts.rowid AS doc_id") : rawSql("")} FROM ${source(f)} WHERE ${where(conditions(f, now))}`;
  const keyset = after ? sq`WHERE (sort_key, id) ${rawSql(cmp)} (${after.k}, ${after.id})` : rawSql("");
  const order = rawSql(`ORDER BY sort_key ${spec.dir}, id ${spec.dir}`);
  const page = sq`SELECT * FROM (${inner}) ${keyset} ${order} LIMIT ${plan.limit + 1}`;
  const distance = f.geo ? sq`, ${distanceExpr(f.geo)} AS distance_km` : rawSql("");
  if (f.match === undefined) {
    return sq`WITH page AS (${page}) SELECT page.sort_key, page.id AS cursor_id, ${JOB_RECORD_COLUMNS}${distance} FROM page JOIN jobs j ON j.id = page.id ${JOB_RECORD_JOINS} ${rawSql(`ORDER BY page.sort_key ${spec.dir}, page.id ${spec.dir}`)}`;
  }
  // highlight()/snippet() need the FTS cursor of a MATCH query, so the page's
  // few rows are matched once more to render them (not every match).
  return sq`WITH page AS (${page}) SELECT page.sort_key, page.id AS cursor_id, ${JOB_RECORD_COLUMNS}${distance},
    highlight(jobs_fts, 0, ${MARK_OPEN}, ${MARK_CLOSE}) AS hl_title,
    snippet(jobs_fts, 4, ${MARK_OPEN}, ${MARK_CLOSE}, '…', 24) AS hl_snippet
    FROM jobs_fts CROSS JOIN page ON page.doc_id = jobs_fts.rowid CROSS JOIN jobs j ON j.id = page.id ${JOB_RECORD_JOINS}
    WHERE jobs_fts MATCH ${f.match} ${rawSql(`ORDER BY page.sort_key ${spec.dir}, page.id ${spec.dir}`)}`;
}

/** The total: from the counters when unfiltered, else a count that stops after COUNT_CAP + 1 matches. */
function countStatement(plan: Plan, now: number): Frag {
  if (plan.unfiltered) return totalStatement();
  const cap = COUNT_CAP + 1;
  if (plan.ftsOnly) {
    return sq`SELECT count(*) AS n FROM (SELECT rowid FROM jobs_fts WHERE jobs_fts MATCH ${plan.filters.match ?? '""'} LIMIT ${cap})`;
  }
  return sq`SELECT count(*) AS n FROM (SELECT 1 FROM ${source(plan.filters)} WHERE ${where(conditions(plan.filters, now))} LIMIT ${cap})`;
}

/** Whether the batch needs the stale-rows statement (anything read from the counters). */
function usesCounters(plan: Plan): boolean {
  return plan.unfiltered || plan.facets.some((facet) => isUnfiltered(plan.filters, facet));
}

/** Vocabulary words sharing a first letter with the correctable terms (cheap: FTS vocab pages). */
function vocabStatements(terms: string[]): Frag[] {
  const firsts = [...new Set(terms.filter((t) => t.length >= 4).map((t) => firstCharRange(t)[0]))].slice(0, 4);
  return firsts.map((ch) => {
    const [lo, hi] = firstCharRange(ch);
    return sq`SELECT term, doc FROM suggest_vocab WHERE term >= ${lo} AND term < ${hi} LIMIT 3000`;
  });
}

/** HTML-escapes highlighted text and turns the match markers into <mark>. */
function renderHighlight(text: string | null | undefined): string {
  if (!text) return "";
  const cleaned = text
    .replace(/[*_`#>]+/g, "")
    .replace(/\s+/g, " ")
    .trim();
  return escapeHtml(cleaned).replaceAll(MARK_OPEN, "<mark>").replaceAll(MARK_CLOSE, "</mark>");
}

type Row = Record<string, unknown>;

export async function searchJobs(
  env: Pick<Env, "PUBLIC_APP_URL">,
  d1: D1Database,
  params: SearchQueryInput,
  now = Date.now(),
): Promise<SearchResult> {
  const plan = planSearch(params);
  // The cursor is bound to the filters and sort, not to q's spelling: a corrected
  // query keeps paging with the original q.
  const scope = { sort: plan.sort, query: { ...params, cursor: undefined, limit: undefined } };
  const position = decodeCursor(params.cursor, ["number", "string"], scope);
  const after = position ? { k: position[0], id: position[1] } : null;
  if (after && plan.ftsOnly && !Number.isSafeInteger(Number(after.id))) throw invalidCursor();

  let result = await runOnce(env, d1, plan, now, after, true);
  if (plan.ftsOnly && !after && !firstPageIsExact(result.rows, plan.limit)) {
    // Rare: a tie at the edge of the top matches. Rank every match instead.
    const exact = await runOnce(env, d1, plan, now, { k: -1e300, id: "-1" }, false);
    result = { ...exact, vocab: result.vocab };
  }
  let corrected: string | undefined;
  if (result.total === 0 && plan.terms.length && result.vocab.length) {
    const fixed = correctTerms(plan.terms, result.vocab);
    if (fixed) {
      const retryPlan: Plan = { ...plan, terms: fixed, filters: { ...plan.filters, match: matchExpression(fixed) } };
      const retry = await runOnce(env, d1, retryPlan, now, after, false);
      if (retry.total > 0) {
        result = retry;
        corrected = fixed.join(" ");
      }
    }
  }
  const last = result.rows.length > plan.limit ? result.rows[plan.limit - 1] : undefined;
  const out: SearchResult = {
    data: result.rows
      .slice(0, plan.limit)
      .filter((r) => r.status === "published" && (r.expires_at === null || Number(r.expires_at) > now))
      .map((r) => {
        const dto: JobSummaryDto = presentSummary(env, recordFromSql(r));
        if (plan.filters.match !== undefined) {
          dto.highlight = {
            title: renderHighlight(r.hl_title as string),
            snippet: renderHighlight(r.hl_snippet as string),
          };
        }
        if (r.distance_km !== undefined && r.distance_km !== null) {
          dto.distance_km = Math.round(Number(r.distance_km) * 10) / 10;
        }
        return dto;
      }),
    next_cursor: last ? encodeCursor([Number(last.sort_key), String(last.cursor_id)], scope) : null,
    total: result.total,
    total_is_estimate: result.totalIsEstimate,
  };
  if (plan.facets.length) {
    out.facets = result.facets;
    out.facets_are_estimates = result.facetsSampled;
  }
  if (corrected !== undefined) out.corrected_query = corrected;
  return out;
}

/** The statements of one search batch, in order: page, total, facets…, [stale rows], vocabulary… */
export function searchStatements(
  plan: Plan,
  now: number,
  after: { k: number; id: string } | null,
  withVocab: boolean,
): Frag[] {
  const statements: Frag[] = [pageStatement(plan, sortSpec(plan.sort), now, after), countStatement(plan, now)];
  for (const facet of plan.facets) {
    statements.push(
      isUnfiltered(plan.filters, facet) ? aggregateFacetStatement(facet) : facetStatement(facet, plan.filters, now),
    );
  }
  if (usesCounters(plan)) statements.push(staleStatement(now));
  if (withVocab && plan.terms.length) statements.push(...vocabStatements(plan.terms));
  return statements;
}

async function runOnce(
  _env: unknown,
  d1: D1Database,
  plan: Plan,
  now: number,
  after: { k: number; id: string } | null,
  withVocab: boolean,
) {
  const statements = searchStatements(plan, now, after, withVocab);
  const results = await d1.batch(statements.map((s) => prepare(d1, s)));
  const rows = (results[0]?.results ?? []) as Row[];
  const counted = Number((results[1]?.results?.[0] as Row | undefined)?.n ?? 0);
  let next = 2 + plan.facets.length;
  const stale = usesCounters(plan) ? ((results[next++]?.results ?? []) as Row[]) : [];
  const total = plan.unfiltered ? Math.max(0, counted - stale.length) : Math.min(counted, COUNT_CAP);
  const facets: Record<string, FacetValue[]> = {};
  let facetsSampled = false;
  plan.facets.forEach((facet, i) => {
    const facetRows = (results[2 + i]?.results ?? []) as Row[];
    if (isUnfiltered(plan.filters, facet)) {
      facets[facet] = aggregateFacet(facet, facetRows, stale);
    } else {
      facetsSampled ||= facetWasSampled(facetRows);
      facets[facet] = presentFacet(facet, facetRows as Array<{ value: unknown; n: unknown }>);
    }
  });
  const vocabRows: VocabEntry[] = [];
  for (let i = next; i < results.length; i++) {
    for (const r of (results[i]?.results ?? []) as Row[]) vocabRows.push({ term: String(r.term), doc: Number(r.doc) });
  }
  return {
    rows,
    total,
    totalIsEstimate: !plan.unfiltered && counted > COUNT_CAP,
    facets,
    facetsSampled,
    vocab: vocabRows,
  };
}

/** Pages of `GET /jobs`, shared with the company job lists (the same search). */
export const searchCache = kvCache<Awaited<ReturnType<typeof searchJobs>>>()("jobs.search");
