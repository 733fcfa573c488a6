/**
 * `GET /jobs`: full-text + filters + facets + keyset pagination in at most three
 * D1 round trips (cache version; one batch with page, total, facets and the
 * typo-correction vocabulary; a retry batch only when a misspelt query found
 * nothing). All statements use `.all()` so the request log sees rows_read.
 */

import { decodeCursor, encodeCursor, invalidCursor } from "../../http/pagination";
import { foldText } from "../../lib/fold";
import { escapeHtml } from "../../lib/html";
import { correctionCandidates, matchExpression, tokenize, type VocabEntry } from "../../lib/query-text";
import { kvCache } from "../../platform/cache";
import { type Frag, joinFrags, prepare, rawSql, sq, where } from "../../platform/db/sql";
import { JOB_RECORD_COLUMNS, JOB_RECORD_JOINS, type JobSummaryDto, presentSummary, recordFromSql } from "../jobs";
import { aggregateFacet, aggregateFacetStatement, isUnfiltered, staleStatement, totalStatement } from "./facet-counts";
import { countSample, type FacetValue, facetSampleStatement } from "./facets";
import { allTokenFilters, filterExpression, fullMatch } from "./filter-tokens";
import { type FacetName, PIN_LIMIT, type SearchQueryInput, type SortName } from "./schemas";
import {
  CANDIDATE_WINDOW,
  candidateTiers,
  conditions,
  distanceExpr,
  marks,
  REST_OFFSET,
  REST_STEP,
  relevanceKey,
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
  /** True when the filtered facets were counted over a sample of the matches. */
  facets_are_estimates?: boolean;
  /** With facets_are_estimates: how many matching jobs the filtered facets were counted over. */
  facet_sample_size?: number;
  corrected_query?: string;
  /**
   * First page only (no cursor): up to PIN_LIMIT currently featured jobs that
   * match the query and filters, to show above `data` (paid featured upgrades
   * are "pinned in search"). Additive: `data`, `total` and the cursors are
   * those of the plain search, so a pinned job may also appear in `data`.
   */
  pinned?: JobSummaryDto[];
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
   * A relevance-ranked text query whose filters are all FTS tokens (filter-tokens.ts):
   * page and total come from the FTS index alone (it holds only published jobs),
   * and only the page's rows are joined. Jobs past `expires_at` that the five-minute cron has not yet
   * expired are dropped from the page; the total may count them for that window.
   */
  ftsOnly: boolean;
  /** No filter at all: total and facets come from the maintained counters. */
  unfiltered: boolean;
  /** Look up the pinned featured jobs of a first page (`SearchResult.pinned`). */
  pin: boolean;
}

export function planSearch(p: SearchQueryInput, o: { pin?: boolean } = {}): Plan {
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
    source: p.source,
  };
  const sort: SortName =
    p.sort === "relevance" && filters.match === undefined
      ? "newest"
      : (p.sort ?? (filters.match !== undefined ? "relevance" : "newest"));
  const { match, ...rest } = filters;
  const ftsOnly = match !== undefined && sort === "relevance" && allTokenFilters(rest);
  return {
    filters,
    sort,
    limit: p.limit ?? 20,
    facets: p.facets ?? [],
    terms,
    ftsOnly,
    unfiltered: isUnfiltered(filters),
    pin: o.pin ?? false,
  };
}

/**
 * Text-only search, ranked by the relevance key (sql.ts). The candidates are the
 * union of the candidate tiers, each the newest CANDIDATE_WINDOW matches of its
 * expression with the token filters (FTS5 walks the posting lists backwards and
 * stops); each candidate gets the key (read from the windows' cursors, plus the
 * phrase lookup for title matches). Every other
 * match ranks after them, newest first (REST_OFFSET), so the order is total and
 * stable, and a page past the candidates is a rowid-bounded FTS5 walk. What a
 * page reads grows with the page and the window, not with the number of
 * matches; only the page's rows are joined. No bm25 here: FTS5 computes its
 * statistics from every posting list of the expression (filter tokens included)
 * on a cursor's first call, which alone cost more than the rest of the page.
 */
function ftsOnlyPage(plan: Plan, after: { k: number; id: string } | null): Frag {
  // The token filters join every MATCH: each tier's window holds filtered matches only.
  const tokens = filterExpression(plan.filters);
  const match = fullMatch(plan.filters.match ?? '""', tokens);
  const window = rawSql(String(Math.max(CANDIDATE_WINDOW, plan.limit + 1)));
  // Each window row carries the key's inputs from its own cursor (highlight marks,
  // the document's length), so no candidate is looked up again. Every document of the
  // title tier has every term in its title and no other candidate has: the title
  // tier is a subset of the full query's matches, so its window reaches at least
  // as far back as the full query's (candidateTiers).
  const windows = candidateTiers(plan.terms).map(
    (expr, tier) =>
      sq`SELECT * FROM (SELECT rowid AS doc_id, ${rawSql(String(tier))} AS titled, ${rawSql(marks(0))} AS tm, ${rawSql(marks(1))} + ${rawSql(marks(2))} AS sm, length(jobs_fts.description) AS len
        FROM jobs_fts WHERE jobs_fts MATCH ${fullMatch(expr, tokens)} ORDER BY rowid DESC LIMIT ${window})`,
  );
  // Materialized only when a later page also needs it for the rest of the matches.
  const cand = sq`cand AS ${rawSql(after ? "MATERIALIZED " : "")}(SELECT doc_id, max(titled) AS titled, max(tm) AS tm, max(sm) AS sm, max(len) AS len FROM (${joinFrags(windows, " UNION ALL ")}) GROUP BY doc_id)`;
  const key = relevanceKey(plan.terms, {
    docId: "cand.doc_id",
    titleAll: rawSql("cand.titled = 1"),
    titleMarks: "cand.tm",
    skillMarks: "cand.sm",
    length: "cand.len",
  });
  const ranked = sq`SELECT cand.doc_id AS doc_id, ${key} AS sort_key FROM cand`;
  // Past the first page the other matches may be needed, newest first from the cursor's document on.
  const bound = after && after.k >= REST_OFFSET / 2 ? sq` AND rowid < ${Number(after.id)}` : rawSql("");
  const rest = after
    ? sq` UNION ALL SELECT * FROM (SELECT rowid AS doc_id, ${REST_OFFSET} - rowid * ${rawSql(String(REST_STEP))} AS sort_key FROM jobs_fts WHERE jobs_fts MATCH ${match}${bound} AND rowid NOT IN (SELECT doc_id FROM cand) ORDER BY rowid DESC LIMIT ${plan.limit + 1})`
    : rawSql("");
  const keyset = after ? sq`WHERE (sort_key, doc_id) > (${after.k}, ${Number(after.id)})` : rawSql("");
  const page = sq`SELECT * FROM (${ranked}${rest}) ${keyset} ORDER BY sort_key, doc_id LIMIT ${plan.limit + 1}`;
  return sq`WITH ${cand}, page AS MATERIALIZED (${page})
    SELECT page.sort_key, page.doc_id AS cursor_id, ${JOB_RECORD_COLUMNS},
    highlight(jobs_fts, 0, ${MARK_OPEN}, ${MARK_CLOSE}) AS hl_title,
    snippet(jobs_fts, 4, ${MARK_OPEN}, ${MARK_CLOSE}, '…', 24) AS hl_snippet
    FROM page CROSS JOIN jobs_fts ON jobs_fts.rowid = page.doc_id CROSS JOIN job_search_docs d ON d.doc_id = page.doc_id
    CROSS JOIN jobs j ON j.id = d.job_id ${JOB_RECORD_JOINS}
    WHERE jobs_fts MATCH ${match} ORDER BY page.sort_key, page.doc_id`;
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
    FROM page CROSS JOIN jobs_fts ON jobs_fts.rowid = page.doc_id CROSS JOIN jobs j ON j.id = page.id ${JOB_RECORD_JOINS}
    WHERE jobs_fts MATCH ${f.match} ${rawSql(`ORDER BY page.sort_key ${spec.dir}, page.id ${spec.dir}`)}`;
}

/** The total: from the counters when unfiltered, else a count that stops after COUNT_CAP + 1 matches. */
function countStatement(plan: Plan, now: number): Frag {
  if (plan.unfiltered) return totalStatement();
  const cap = COUNT_CAP + 1;
  if (plan.ftsOnly) {
    // The FTS index holds every published job, also those past `expires_at` that the
    // five-minute cron has not expired yet: the matching ones among those (read
    // through the (status, expires_at) index; normally none) are subtracted.
    const match = fullMatch(plan.filters.match ?? '""', filterExpression(plan.filters));
    // Over the cap the total is an estimate anyway, and stays one.
    return sq`SELECT CASE WHEN c.n > ${COUNT_CAP} THEN c.n ELSE c.n - (SELECT count(*) FROM jobs_fts WHERE jobs_fts MATCH ${match}
        AND rowid IN (SELECT d.doc_id FROM jobs j CROSS JOIN job_search_docs d ON d.job_id = j.id WHERE j.status = 'published' AND j.expires_at <= ${now} LIMIT ${cap})) END AS n
      FROM (SELECT count(*) AS n FROM (SELECT rowid FROM jobs_fts WHERE jobs_fts MATCH ${match} LIMIT ${cap})) c`;
  }
  return sq`SELECT count(*) AS n FROM (SELECT 1 FROM ${source(plan.filters)} WHERE ${where(conditions(plan.filters, now))} LIMIT ${cap})`;
}

/**
 * The newest featured live jobs considered for pinning. Featured jobs are the
 * few paid (or admin-picked) ones, so this bounds the pin lookup's cost whatever
 * the table's size; with more live featured jobs than this, the older ones are
 * not pinned (they still rank normally, and `?featured=true` lists them all).
 */
export const PIN_CANDIDATES = 50;

/** Pins on the first page of a search that does not itself filter on `featured`. */
function pinsApply(plan: Plan, after: unknown): boolean {
  return plan.pin && after === null && plan.filters.featured === undefined;
}

/**
 * The pinned featured jobs of a first page. The lookup is driven by the small
 * featured set, never by the matches: the newest PIN_CANDIDATES featured live
 * jobs through `jobs_status_featured_idx (status, is_featured, published_at)`,
 * then, for those ids only, each job by primary key and the search's own filter
 * predicates (`conditions`, the same as the page). With a text query each
 * candidate's FTS document is matched alone (`jobs_fts.rowid = d.doc_id` with
 * MATCH: one document's lookup, as the relevance bonuses do), so the cost grows
 * with the featured set, not with the number of documents the words match.
 * CROSS JOIN keeps SQLite in that order.
 */
function pinnedStatement(plan: Plan, now: number): Frag {
  const f = plan.filters;
  const featured = sq`fj AS (SELECT id, published_at FROM jobs WHERE status = 'published' AND is_featured = 1 ORDER BY published_at DESC LIMIT ${PIN_CANDIDATES})`;
  const distance = f.geo ? sq`, ${distanceExpr(f.geo)} AS distance_km` : rawSql("");
  const order = sq`ORDER BY fj.published_at DESC LIMIT ${PIN_LIMIT}`;
  if (f.match === undefined) {
    return sq`WITH ${featured} SELECT ${JOB_RECORD_COLUMNS}${distance} FROM fj CROSS JOIN jobs j ON j.id = fj.id ${JOB_RECORD_JOINS} WHERE ${where(conditions(f, now, undefined, true))} ${order}`;
  }
  return sq`WITH ${featured} SELECT ${JOB_RECORD_COLUMNS}${distance},
    highlight(jobs_fts, 0, ${MARK_OPEN}, ${MARK_CLOSE}) AS hl_title,
    snippet(jobs_fts, 4, ${MARK_OPEN}, ${MARK_CLOSE}, '…', 24) AS hl_snippet
    FROM fj CROSS JOIN job_search_docs d ON d.job_id = fj.id CROSS JOIN jobs_fts ON jobs_fts.rowid = d.doc_id
    CROSS JOIN jobs j ON j.id = fj.id ${JOB_RECORD_JOINS} WHERE ${where(conditions(f, now, undefined, true))} ${order}`;
}

/** Whether the batch needs the stale-rows statement (anything read from the counters). */
function usesCounters(plan: Plan): boolean {
  return plan.unfiltered || plan.facets.some((facet) => isUnfiltered(plan.filters, facet));
}

/** Vocabulary rows read for typo correction: only when the text matches nothing (a constant check first). */
const VOCAB_LIMIT = 20_000;

/**
 * The suggestion vocabulary (words of titles, companies, skills, locations),
 * returned only when the text query matches no document. The check is the lower
 * bound of the vocabulary's term range (past every term when something matches),
 * so fts5vocab seeks to the end and a query that matches reads nothing here.
 */
function vocabStatement(match: string): Frag {
  return sq`SELECT term, doc FROM suggest_vocab WHERE term >= (CASE WHEN EXISTS (SELECT 1 FROM jobs_fts WHERE jobs_fts MATCH ${match}) THEN char(1114111) ELSE '' END) LIMIT ${VOCAB_LIMIT}`;
}

/** One row when the terms match at least one document. */
function probeStatement(terms: string[]): Frag {
  return sq`SELECT 1 AS hit FROM jobs_fts WHERE jobs_fts MATCH ${matchExpression(terms)} LIMIT 1`;
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

/**
 * What a search cursor is bound to: the filters and sort, not q's spelling (a
 * corrected query keeps paging with the original q) nor the page size. Shared with
 * `GET /companies/{id}/jobs`, whose cursors are those of the equivalent search.
 */
export function cursorScope(params: SearchQueryInput, sort: SortName): unknown {
  return { sort, query: { ...params, cursor: undefined, limit: undefined } };
}

export async function searchJobs(
  env: Pick<Env, "PUBLIC_APP_URL">,
  d1: D1Database,
  params: SearchQueryInput,
  now = Date.now(),
  /**
   * `pin: false` leaves `pinned` out (alert previews show what the alert
   * delivers). Everything read through `searchCache` pins: it shares entries.
   */
  o: { pin?: boolean } = {},
): Promise<SearchResult> {
  const plan = planSearch(params, { pin: o.pin ?? true });
  const scope = cursorScope(params, plan.sort);
  const position = decodeCursor(params.cursor, ["number", "string"], scope);
  const after = position ? { k: position[0], id: position[1] } : null;
  if (after && plan.ftsOnly && !Number.isSafeInteger(Number(after.id))) throw invalidCursor();

  let result = await runOnce(d1, plan, now, after, [], true);
  let corrected: string | undefined;
  if (result.total === 0 && plan.terms.length && result.vocab.length) {
    // Typo correction: the closest candidates, tried in order; the first one whose
    // words all match is searched (in the same batch when it is the best guess).
    const candidates = correctionCandidates(plan.terms, result.vocab);
    const corrected1 = (terms: string[]): Plan => ({
      ...plan,
      terms,
      filters: { ...plan.filters, match: matchExpression(terms) },
    });
    const [best, ...others] = candidates;
    if (best) {
      const retry = await runOnce(d1, corrected1(best), now, after, others.map(probeStatement), false);
      let chosen: { terms: string[]; result: typeof retry } | undefined =
        retry.total > 0 ? { terms: best, result: retry } : undefined;
      if (!chosen && retry.total === 0) {
        // The best guess matched (the text) nothing: the first alternative that does.
        const hitIndex = retry.extra.findIndex((rows) => rows.length > 0);
        const terms = hitIndex >= 0 ? others[hitIndex] : undefined;
        if (terms) {
          const again = await runOnce(d1, corrected1(terms), now, after, [], false);
          if (again.total > 0) chosen = { terms, result: again };
        }
      }
      if (chosen) {
        result = chosen.result;
        corrected = chosen.terms.join(" ");
      }
    }
  }
  const last = result.rows.length > plan.limit ? result.rows[plan.limit - 1] : undefined;
  const present = (rows: Row[]) =>
    rows
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
      });
  const out: SearchResult = {
    data: present(result.rows.slice(0, plan.limit)),
    next_cursor: last ? encodeCursor([Number(last.sort_key), String(last.cursor_id)], scope) : null,
    total: result.total,
    total_is_estimate: result.totalIsEstimate,
  };
  if (plan.facets.length) {
    out.facets = result.facets;
    out.facets_are_estimates = result.facetsSampled;
    if (result.facetSampleSize !== undefined) out.facet_sample_size = result.facetSampleSize;
  }
  if (corrected !== undefined) out.corrected_query = corrected;
  if (result.pinned) out.pinned = present(result.pinned);
  return out;
}

const vocabApplies = (plan: Plan, withVocab: boolean) =>
  withVocab && plan.filters.match !== undefined && plan.terms.length > 0;

/** The facets counted over the filtered set (one statement for all), not from the counters. */
function sampledFacets(plan: Plan): FacetName[] {
  return plan.facets.filter((facet) => !isUnfiltered(plan.filters, facet));
}

/**
 * The statements of one search batch, in order: page, total, counter facets…,
 * [filtered facets], [stale rows], [vocabulary], [pinned].
 */
export function searchStatements(
  plan: Plan,
  now: number,
  after: { k: number; id: string } | null,
  withVocab = false,
): Frag[] {
  const statements: Frag[] = [
    pageStatement(plan, sortSpec(plan.sort, plan.terms), now, after),
    countStatement(plan, now),
  ];
  for (const facet of plan.facets) {
    if (isUnfiltered(plan.filters, facet)) statements.push(aggregateFacetStatement(facet));
  }
  const sampled = sampledFacets(plan);
  if (sampled.length) statements.push(facetSampleStatement(sampled, plan.filters, now));
  if (usesCounters(plan)) statements.push(staleStatement(now));
  if (vocabApplies(plan, withVocab) && plan.filters.match !== undefined) {
    statements.push(vocabStatement(plan.filters.match));
  }
  if (pinsApply(plan, after)) statements.push(pinnedStatement(plan, now));
  return statements;
}

async function runOnce(
  d1: D1Database,
  plan: Plan,
  now: number,
  after: { k: number; id: string } | null,
  extra: Frag[],
  withVocab: boolean,
) {
  const statements = searchStatements(plan, now, after, withVocab);
  const results = await d1.batch([...statements, ...extra].map((s) => prepare(d1, s)));
  const rows = (results[0]?.results ?? []) as Row[];
  const counted = Number((results[1]?.results?.[0] as Row | undefined)?.n ?? 0);
  const counterFacets = plan.facets.filter((facet) => isUnfiltered(plan.filters, facet));
  const sampled = sampledFacets(plan);
  let next = 2 + counterFacets.length;
  const sampleRows = sampled.length ? ((results[next++]?.results ?? []) as Row[]) : [];
  const stale = usesCounters(plan) ? ((results[next++]?.results ?? []) as Row[]) : [];
  const total = plan.unfiltered ? Math.max(0, counted - stale.length) : Math.min(counted, COUNT_CAP);
  const facets: Record<string, FacetValue[]> = {};
  counterFacets.forEach((facet, i) => {
    facets[facet] = aggregateFacet(facet, (results[2 + i]?.results ?? []) as Row[], stale);
  });
  const fromSample = countSample(sampled, sampleRows, plan.filters);
  Object.assign(facets, fromSample.facets);
  const facetsSampled = fromSample.sampled;
  const facetSampleSize = facetsSampled ? fromSample.size : undefined;
  // The caller's facet order, whichever statement counted each.
  const ordered: Record<string, FacetValue[]> = {};
  for (const facet of plan.facets) ordered[facet] = facets[facet] ?? [];
  const vocabRows: VocabEntry[] = [];
  if (vocabApplies(plan, withVocab)) {
    for (const r of (results[next++]?.results ?? []) as Row[])
      vocabRows.push({ term: String(r.term), doc: Number(r.doc) });
  }
  const pinned = pinsApply(plan, after) ? ((results[next++]?.results ?? []) as Row[]) : undefined;
  return {
    pinned,
    rows,
    total,
    totalIsEstimate: !plan.unfiltered && counted > COUNT_CAP,
    facets: ordered,
    facetsSampled,
    facetSampleSize,
    vocab: vocabRows,
    extra: results.slice(statements.length).map((r) => (r?.results ?? []) as Row[]),
  };
}

/** Pages of `GET /jobs`, shared with the company job lists (the same search). */
export const searchCache = kvCache<Awaited<ReturnType<typeof searchJobs>>>()("jobs.search");
