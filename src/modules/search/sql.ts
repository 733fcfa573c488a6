/**
 * SQL pieces of the search: the row source (FTS first when there is a query),
 * one condition per filter (each backed by an index), and the sort keys.
 *
 * The salary sort keys must be byte-for-byte the expressions of the
 * `jobs_salary_high_idx` / `jobs_salary_low_idx` indexes (migration 0002).
 */

import { type Frag, inList, joinFrags, rawSql, sq, sqlWithParams } from "../../platform/db/sql";
import { CATEGORY_SUBTREE_SQL } from "../categories";
import { filterExpression, fullMatch, salaryBand } from "./filter-tokens";
import type { FacetName, SortName } from "./schemas";

export interface SearchFilters {
  /** FTS MATCH expression built from quoted terms; undefined when there is no `q`. */
  match?: string;
  category?: string;
  company?: string;
  locationParts?: string[];
  geo?: { lat: number; lng: number; radiusKm: number };
  remote?: boolean;
  jobTypes?: string[];
  levels?: string[];
  salaryMin?: number;
  salaryMax?: number;
  currency?: string;
  skills?: string[];
  postedWithin?: number;
  featured?: boolean;
  /** An ingestion source kind, `imported` (any) or `direct` (posted here). */
  source?: string;
}

export const SALARY_HIGH_KEY = "coalesce(j.salary_max_yearly, j.salary_min_yearly, -1)";
export const SALARY_LOW_KEY = "coalesce(j.salary_min_yearly, j.salary_max_yearly, 999999999999)";
/** How many of the query's terms get their own per-column bonus. */
const BONUS_TERMS = 4;

/** The query's terms as an FTS5 expression of quoted words (the same as matchExpression). */
const quoted = (terms: readonly string[]) => terms.map((t) => `"${t}"`).join(" ");

/** "Every term in the title": the expression of the 1000 bonus and of the second candidate tier. */
export const titleAllExpression = (terms: readonly string[]) => `title : (${quoted(terms)})`;

/** How many query-word occurrences highlight() marked in `column` of the current `jobs_fts` row. */
export const marks = (column: number) =>
  `(length(highlight(jobs_fts, ${column}, char(1), '')) - length(replace(highlight(jobs_fts, ${column}, char(1), ''), char(1), '')))`;

/** The per-document inputs of relevanceKey, as SQL expressions of the row at hand. */
export interface RelevanceInputs {
  docId: string;
  /** Every term in the title (an SQL boolean). */
  titleAll: Frag;
  /** Query-word occurrences in the title, and in the skills and company name (highlight marks). */
  titleMarks: string;
  skillMarks: string;
  /** The document's text length (its description). */
  length: string;
}

/** RelevanceInputs read from a `jobs_fts` cursor that matches the whole text query. */
export const cursorRelevance = (terms: readonly string[], docId: string, length: string): RelevanceInputs => ({
  docId,
  titleAll: sq`EXISTS (SELECT 1 FROM jobs_fts AS b WHERE b.jobs_fts MATCH ${titleAllExpression(terms)} AND b.rowid = ${rawSql(docId)})`,
  titleMarks: marks(0),
  skillMarks: `(${marks(1)} + ${marks(2)})`,
  length,
});

/**
 * The relevance sort key (ascending: lower is better) of a matching document.
 * Bonuses first, whatever the words' frequency (FTS5's bm25 floors the IDF of
 * words in more than half the rows, so a title match on "engineer" or
 * "manager" would add nothing):
 *
 *   1000  every term in the title
 *    300  and the terms as a phrase in the title (a one-document lookup)
 *    200  per term in the title (all of them when every term is there; else the
 *         words highlight() marked in the title, at most terms − 1)
 *     60  per word marked in the skills or the company name (at most the terms)
 *
 * (per-term bonuses count at most BONUS_TERMS words), then the document's length
 * (the shorter, more focused posting first, as bm25's length normalisation would
 * have it; at most 0.1, below any bonus), then freshness (newer search documents
 * first, a 1e-10 step per document id). No
 * bm25: FTS5 computes its statistics from every posting list of the expression
 * on each cursor's first call, O(matches) — in a per-document cursor, per row.
 * The marks come from the row an FTS5 cursor already holds, so the key costs no
 * lookup but the phrase one.
 */
export function relevanceKey(terms: readonly string[], r: RelevanceInputs): Frag {
  const n = terms.length;
  const cap = Math.min(n, BONUS_TERMS);
  // The title bonuses in one CASE, so `titleAll` (a lookup on the scanning path) is evaluated once.
  let title = sq`CASE WHEN (${r.titleAll}) THEN -1000 ELSE 0 END`;
  if (n > 1) {
    const phrase = `title : "${terms.join(" ")}"`;
    title = sq`CASE WHEN (${r.titleAll}) THEN -1000 - ${rawSql(String(200 * cap))}
        - 300 * EXISTS (SELECT 1 FROM jobs_fts AS b WHERE b.jobs_fts MATCH ${phrase} AND b.rowid = ${rawSql(r.docId)})
      ELSE -200 * min(${rawSql(String(Math.min(n - 1, BONUS_TERMS)))}, ${rawSql(r.titleMarks)}) END`;
  }
  return sq`(min(${rawSql(r.length)}, 100000) / 1000000.0 + (${title}) - 60 * min(${rawSql(String(cap))}, ${rawSql(r.skillMarks)}) - ${rawSql(r.docId)} * 1e-10)`;
}

/**
 * The candidate tiers of a relevance-ranked text search: the full query, and
 * "every term in the title" (it reaches further back than the full query's
 * window when the words are common in descriptions: those are the best-ranked
 * documents). Each tier is a window of its newest CANDIDATE_WINDOW matches, so
 * it costs the same at 100 000 or 1 000 000 documents.
 */
export function candidateTiers(terms: readonly string[]): string[] {
  if (!terms.length) return ['""'];
  // The title tier keeps the plain terms too, so its cursor's highlight() marks
  // them in every column (the key's skill marks), not in the title alone.
  return [quoted(terms), `${quoted(terms)} AND ${titleAllExpression(terms)}`];
}

/** How many of a tier's newest matches are ranked (see candidateTiers). */
export const CANDIDATE_WINDOW = 100;

/**
 * Keys of matches outside the candidate tiers: REST_OFFSET minus a 1e-8 step per
 * document id, so they follow every candidate, newest first (a keyset on them is
 * a rowid bound FTS5 seeks to).
 */
export const REST_OFFSET = 1_000_000;
export const REST_STEP = 1e-8;

export interface SortSpec {
  key: Frag;
  dir: "ASC" | "DESC";
}

export function sortSpec(sort: SortName, terms: readonly string[] = []): SortSpec {
  switch (sort) {
    case "relevance":
      return {
        key: relevanceKey(terms, cursorRelevance(terms, "jobs_fts.rowid", "length(d.description)")),
        dir: "ASC",
      };
    case "salary_desc":
      return { key: rawSql(SALARY_HIGH_KEY), dir: "DESC" };
    case "salary_asc":
      return { key: rawSql(SALARY_LOW_KEY), dir: "ASC" };
    default:
      return { key: rawSql("j.published_at"), dir: "DESC" };
  }
}

/** FROM clause: FTS → doc → job (forced join order with CROSS JOIN), or jobs alone. */
export function source(f: SearchFilters): Frag {
  if (f.match === undefined) return rawSql("jobs j");
  return rawSql(
    "jobs_fts CROSS JOIN job_search_docs d ON d.doc_id = jobs_fts.rowid CROSS JOIN jobs j ON j.id = d.job_id",
  );
}

const EARTH_RADIUS_KM = 6371.0088;

export function distanceExpr(geo: { lat: number; lng: number }): Frag {
  return sq`(${EARTH_RADIUS_KM} * 2 * asin(min(1, sqrt(pow(sin(radians(j.lat - ${geo.lat}) / 2), 2) + cos(radians(${geo.lat})) * cos(radians(j.lat)) * pow(sin(radians(j.lng - ${geo.lng}) / 2), 2)))))`;
}

/**
 * The 1° grid cell of `jobs_geo_cell_idx` (migration 0010); this text must stay
 * identical to the indexed expression for SQLite to use the index.
 */
export const GEO_CELL_EXPR = "(floor(j.lat) * 1000 + floor(j.lng))";
/** Radius searches touching more cells than this fall back to the latitude band alone. */
const MAX_CELLS = 400;

/**
 * The grid cells a bounding box touches, or null when there would be too many
 * (very large radius, near the poles). Cells are integers computed here, so the
 * list is written into the SQL text rather than bound (D1 allows 100 parameters).
 */
export function geoCells(minLat: number, maxLat: number, lngRanges: Array<[number, number]>): number[] | null {
  const cells: number[] = [];
  for (let r = Math.floor(minLat); r <= Math.floor(maxLat); r++) {
    for (const [lo, hi] of lngRanges) {
      for (let c = Math.floor(lo); c <= Math.floor(hi); c++) {
        cells.push(r * 1000 + c);
        if (cells.length > MAX_CELLS) return null;
      }
    }
  }
  return cells;
}

/**
 * Grid cells (an index lookup per cell) when the box is small enough, then the
 * bounding box, then the exact great-circle distance.
 */
function geoCondition(geo: { lat: number; lng: number; radiusKm: number }, fts: boolean): Frag {
  const dLat = geo.radiusKm / 111.195;
  const minLat = geo.lat - dLat;
  const maxLat = geo.lat + dLat;
  const cosLat = Math.cos((geo.lat * Math.PI) / 180);
  // Longitude ranges of the box ([] = every longitude), split at the antimeridian.
  let ranges: Array<[number, number]> = [];
  if (minLat > -90 && maxLat < 90 && cosLat > 1e-6 && dLat / cosLat < 180) {
    const lo = geo.lng - dLat / cosLat;
    const hi = geo.lng + dLat / cosLat;
    if (lo < -180)
      ranges = [
        [lo + 360, 180],
        [-180, hi],
      ];
    else if (hi > 180)
      ranges = [
        [lo, 180],
        [-180, hi - 360],
      ];
    else ranges = [[lo, hi]];
  }
  // With a text query the FTS index drives the plan; the cells only help the jobs-first plan.
  const cells = fts || !ranges.length ? null : geoCells(minLat, maxLat, ranges);
  // When cells are used, the lat/lng box is checked per row (unary +) so SQLite does not
  // prefer the (status, lat, lng) index, which can only narrow to a whole latitude band.
  const plain = fts || cells !== null;
  const lat = rawSql(plain ? "+j.lat" : "j.lat");
  const lng = rawSql(plain ? "+j.lng" : "j.lng");
  const parts: Frag[] = [];
  if (cells) parts.push(rawSql(`${GEO_CELL_EXPR} IN (${cells.join(", ")})`));
  parts.push(sq`${lat} BETWEEN ${Math.max(-90, minLat)} AND ${Math.min(90, maxLat)}`);
  const lngParts = ranges.map(([lo, hi]) => sq`${lng} BETWEEN ${lo} AND ${hi}`);
  if (lngParts.length === 1) parts.push(...lngParts);
  else if (lngParts.length > 1) parts.push(sq`(${joinFrags(lngParts, " OR ")})`);
  parts.push(sq`${distanceExpr(geo)} <= ${geo.radiusKm}`);
  return sq`(${joinFrags(parts, " AND ")})`;
}

/**
 * Every condition of the filtered set. `omit` drops one facet's own filter, so
 * that facet's counts show what choosing another value would give.
 *
 * `perRow`: the query checks a few jobs it already holds (the pinned featured
 * jobs) rather than finding the matches, so the location and skills filters are
 * written as checks of that row (its columns; its own `job_skills` by primary
 * key) instead of the set lookups below, which would read every job in the city
 * or with the skill once per query. Same meaning, cost per checked row.
 */
export function conditions(f: SearchFilters, now: number, omit?: FacetName, perRow = false): Frag[] {
  // With a text query the FTS index drives the plan and each match joins its job by
  // primary key. The unary `+` keeps SQLite from using a job-column index for that
  // join instead (it would then re-scan e.g. every remote job once per match).
  const fts = f.match !== undefined;
  const j = (column: string) => rawSql(fts ? `+j.${column}` : `j.${column}`);
  // Selective filters drive the plan: a location through its rowid lookups (below), a
  // company through (company_id, status, published_at). An indexable status would make
  // SQLite walk every published job newest first and probe the filter for each.
  const selective = !fts && ((!!f.locationParts?.length && omit !== "location") || (!!f.company && omit !== "company"));
  const base = (column: string) => (selective ? rawSql(`+j.${column}`) : j(column));
  const c: Frag[] = [
    sq`${base("status")} = 'published'`,
    sq`(${base("expires_at")} IS NULL OR ${base("expires_at")} > ${now})`,
  ];
  // With a text query the token filters (filter-tokens.ts) are part of the MATCH, so
  // FTS5 yields only the matches that pass them; their row checks below are skipped.
  if (fts) c.unshift(sq`jobs_fts MATCH ${fullMatch(f.match, filterExpression(f, omit))}`);
  if (fts) return [...c, ...rowConditions(f, now, omit, j, perRow)];
  if (f.category && omit !== "category") {
    c.push(sq`${j("category_id")} IN (${sqlWithParams(CATEGORY_SUBTREE_SQL, [f.category, f.category])})`);
  }
  if (f.company && omit !== "company") {
    // Two unique-index lookups; an OR over id and slug can make SQLite scan companies.
    c.push(
      sq`${j("company_id")} IN (SELECT id FROM companies WHERE id = ${f.company} UNION ALL SELECT id FROM companies WHERE slug = ${f.company})`,
    );
  }
  if (f.locationParts?.length && omit !== "location" && perRow) {
    for (const part of f.locationParts) {
      c.push(sq`(${j("city_key")} = ${part} OR ${j("region_key")} = ${part} OR ${j("country_key")} = ${part})`);
    }
  } else if (f.locationParts?.length && omit !== "location") {
    // One lookup per column through its (status, column_key) index: an OR over the
    // three columns in one WHERE would make SQLite scan every published job instead.
    for (const part of f.locationParts) {
      c.push(
        sq`${j("rowid")} IN (SELECT rowid FROM jobs WHERE status = 'published' AND city_key = ${part} UNION ALL SELECT rowid FROM jobs WHERE status = 'published' AND region_key = ${part} UNION ALL SELECT rowid FROM jobs WHERE status = 'published' AND country_key = ${part})`,
      );
    }
  }
  if (f.remote !== undefined && omit !== "remote") c.push(sq`${j("is_remote")} = ${f.remote ? 1 : 0}`);
  if (f.jobTypes?.length && omit !== "job_type") c.push(sq`${j("job_type")} IN ${inList(f.jobTypes)}`);
  if (f.levels?.length && omit !== "experience_level") c.push(sq`${j("experience_level")} IN ${inList(f.levels)}`);
  if (f.currency) c.push(sq`${j("salary_currency")} = ${f.currency}`);
  if (f.featured !== undefined) c.push(sq`${j("is_featured")} = ${f.featured ? 1 : 0}`);
  c.push(...rowConditions(f, now, omit, j, perRow));
  return c;
}

/** The conditions no token expresses: radius, salary range, skills, age. */
function rowConditions(
  f: SearchFilters,
  now: number,
  omit: FacetName | undefined,
  j: (column: string) => Frag,
  perRow: boolean,
): Frag[] {
  const fts = f.match !== undefined;
  const c: Frag[] = [];
  if (f.geo) c.push(geoCondition(f.geo, fts));
  if (omit !== "salary") {
    // A job matches a salary range when its own range overlaps it.
    const high = rawSql(fts ? `+${SALARY_HIGH_KEY}` : SALARY_HIGH_KEY);
    const low = rawSql(fts ? `+${SALARY_LOW_KEY}` : SALARY_LOW_KEY);
    // With a text query a salary_min on a band step is its token alone (in the MATCH).
    const banded = fts && f.salaryMin !== undefined && salaryBand(f.salaryMin).exact;
    if (f.salaryMin !== undefined && !banded) c.push(sq`${high} >= ${f.salaryMin}`);
    if (f.salaryMax !== undefined) c.push(sq`${low} <= ${f.salaryMax}`);
  }
  if (f.skills?.length && perRow) {
    c.push(
      sq`(SELECT count(*) FROM job_skills s WHERE s.job_id = j.id AND s.skill IN ${inList(f.skills)}) = ${f.skills.length}`,
    );
  } else if (f.skills?.length) {
    c.push(
      sq`${j("id")} IN (SELECT job_id FROM job_skills WHERE skill IN ${inList(f.skills)} GROUP BY job_id HAVING count(*) = ${f.skills.length})`,
    );
  }
  if (f.postedWithin !== undefined) c.push(sq`${j("published_at")} >= ${now - f.postedWithin * 86_400_000}`);
  // No token for the source (few searches use it): checked on the row.
  if (f.source === "imported") c.push(sq`${j("import_source")} IS NOT NULL`);
  else if (f.source === "direct") c.push(sq`${j("import_source")} IS NULL`);
  else if (f.source !== undefined) c.push(sq`${j("import_source")} = ${f.source}`);
  return c;
}
