/**
 * SQL pieces of the search: the row source (FTS first when there is a query),
 * one condition per filter (each backed by an index), and the sort keys.
 *
 * The salary sort keys must be byte-for-byte the expressions of the
 * `jobs_salary_high_idx` / `jobs_salary_low_idx` indexes (migration 0002).
 */
import { CATEGORY_SUBTREE_SQL } from "../categories/service";
import type { FacetName, SortName } from "./search-schemas";
import { type Frag, inList, joinFrags, rawSql, sq, sqlWithParams } from "./sql";

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
}

export const SALARY_HIGH_KEY = "coalesce(j.salary_max_yearly, j.salary_min_yearly, -1)";
export const SALARY_LOW_KEY = "coalesce(j.salary_min_yearly, j.salary_max_yearly, 999999999999)";
/** Title matches outweigh skills, company, category and (lowest) description matches. */
export const BM25 = "bm25(jobs_fts, 10.0, 4.0, 3.0, 2.0, 1.0)";
/** The same weights as FTS5's `rank` (bound with `rank MATCH ?`), so both give identical scores. */
export const RANK_FUNCTION = "bm25(10.0, 4.0, 3.0, 2.0, 1.0)";

export interface SortSpec {
  key: Frag;
  dir: "ASC" | "DESC";
}

export function sortSpec(sort: SortName): SortSpec {
  switch (sort) {
    case "relevance":
      return { key: rawSql(BM25), dir: "ASC" };
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

/** Bounding box on the indexed lat/lng columns, then the exact great-circle distance. */
function geoCondition(geo: { lat: number; lng: number; radiusKm: number }, fts: boolean): Frag {
  const lat = rawSql(fts ? "+j.lat" : "j.lat");
  const lng = rawSql(fts ? "+j.lng" : "j.lng");
  const dLat = geo.radiusKm / 111.195;
  const minLat = geo.lat - dLat;
  const maxLat = geo.lat + dLat;
  const parts: Frag[] = [sq`${lat} BETWEEN ${Math.max(-90, minLat)} AND ${Math.min(90, maxLat)}`];
  const cosLat = Math.cos((geo.lat * Math.PI) / 180);
  if (minLat > -90 && maxLat < 90 && cosLat > 1e-6) {
    const dLng = dLat / cosLat;
    if (dLng < 180) {
      const lo = geo.lng - dLng;
      const hi = geo.lng + dLng;
      if (lo < -180) parts.push(sq`(${lng} >= ${lo + 360} OR ${lng} <= ${hi})`);
      else if (hi > 180) parts.push(sq`(${lng} >= ${lo} OR ${lng} <= ${hi - 360})`);
      else parts.push(sq`${lng} BETWEEN ${lo} AND ${hi}`);
    }
  }
  parts.push(sq`${distanceExpr(geo)} <= ${geo.radiusKm}`);
  return sq`(${joinFrags(parts, " AND ")})`;
}

/**
 * Every condition of the filtered set. `omit` drops one facet's own filter, so
 * that facet's counts show what choosing another value would give.
 */
export function conditions(f: SearchFilters, now: number, omit?: FacetName): Frag[] {
  // With a text query the FTS index drives the plan and each match joins its job by
  // primary key. The unary `+` keeps SQLite from using a job-column index for that
  // join instead (it would then re-scan e.g. every remote job once per match).
  const fts = f.match !== undefined;
  const j = (column: string) => rawSql(fts ? `+j.${column}` : `j.${column}`);
  const fn = (name: string, column: string) => rawSql(fts ? `+${name}(j.${column})` : `${name}(j.${column})`);
  const c: Frag[] = [sq`${j("status")} = 'published'`, sq`(${j("expires_at")} IS NULL OR ${j("expires_at")} > ${now})`];
  if (fts) c.unshift(sq`jobs_fts MATCH ${f.match}`);
  if (f.category && omit !== "category") {
    c.push(sq`${j("category_id")} IN (${sqlWithParams(CATEGORY_SUBTREE_SQL, [f.category, f.category])})`);
  }
  if (f.company && omit !== "company") {
    c.push(sq`${j("company_id")} IN (SELECT id FROM companies WHERE id = ${f.company} OR slug = ${f.company})`);
  }
  if (f.locationParts?.length && omit !== "location") {
    for (const part of f.locationParts) {
      c.push(
        sq`(${fn("lower", "city")} = ${part} OR ${fn("lower", "region")} = ${part} OR ${fn("lower", "country")} = ${part})`,
      );
    }
  }
  if (f.geo) c.push(geoCondition(f.geo, fts));
  if (f.remote !== undefined && omit !== "remote") c.push(sq`${j("is_remote")} = ${f.remote ? 1 : 0}`);
  if (f.jobTypes?.length && omit !== "job_type") c.push(sq`${j("job_type")} IN ${inList(f.jobTypes)}`);
  if (f.levels?.length && omit !== "experience_level") c.push(sq`${j("experience_level")} IN ${inList(f.levels)}`);
  if (omit !== "salary") {
    // A job matches a salary range when its own range overlaps it.
    const high = rawSql(fts ? `+${SALARY_HIGH_KEY}` : SALARY_HIGH_KEY);
    const low = rawSql(fts ? `+${SALARY_LOW_KEY}` : SALARY_LOW_KEY);
    if (f.salaryMin !== undefined) c.push(sq`${high} >= ${f.salaryMin}`);
    if (f.salaryMax !== undefined) c.push(sq`${low} <= ${f.salaryMax}`);
  }
  if (f.currency) c.push(sq`${j("salary_currency")} = ${f.currency}`);
  if (f.skills?.length) {
    c.push(
      sq`${j("id")} IN (SELECT job_id FROM job_skills WHERE skill IN ${inList(f.skills)} GROUP BY job_id HAVING count(*) = ${f.skills.length})`,
    );
  }
  if (f.postedWithin !== undefined) c.push(sq`${j("published_at")} >= ${now - f.postedWithin * 86_400_000}`);
  if (f.featured !== undefined) c.push(sq`${j("is_featured")} = ${f.featured ? 1 : 0}`);
  return c;
}
