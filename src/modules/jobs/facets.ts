/**
 * Facet counts over the filtered set. Each facet is one GROUP BY statement in
 * the search batch and ignores its own filter (choosing `job_type=contract`
 * still shows how many full-time jobs there are), like shop filters do.
 */
import type { FacetName } from "./search-schemas";
import { conditions, SALARY_HIGH_KEY, type SearchFilters, source } from "./search-sql";
import { type Frag, rawSql, sq, where } from "./sql";

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

function salaryBucketExpr(): Frag {
  const cases = SALARY_BUCKETS.filter((b) => b.max !== null)
    .map((b) => `WHEN ${SALARY_HIGH_KEY} < ${b.max} THEN '${bucketLabel(b)}'`)
    .join(" ");
  const last = SALARY_BUCKETS[SALARY_BUCKETS.length - 1];
  return rawSql(`CASE ${cases} ELSE '${last ? bucketLabel(last) : "other"}' END`);
}

const TOP = 20;

/** The statement for one facet. Rows: `{ value, label?, n }`. */
export function facetStatement(facet: FacetName, f: SearchFilters, now: number): Frag {
  const from = source(f);
  const cond = conditions(f, now, facet);
  switch (facet) {
    case "category":
      return sq`SELECT x.value, cat.name AS label, x.n FROM (SELECT j.category_id AS value, count(*) AS n FROM ${from} WHERE ${where(cond)} AND j.category_id IS NOT NULL GROUP BY j.category_id ORDER BY n DESC, value LIMIT ${TOP}) x LEFT JOIN categories cat ON cat.id = x.value ORDER BY x.n DESC, x.value`;
    case "company":
      return sq`SELECT x.value, co.name AS label, x.n FROM (SELECT j.company_id AS value, count(*) AS n FROM ${from} WHERE ${where(cond)} GROUP BY j.company_id ORDER BY n DESC, value LIMIT ${TOP}) x JOIN companies co ON co.id = x.value ORDER BY x.n DESC, x.value`;
    case "location":
      return sq`SELECT j.city AS value, min(j.country) AS label, count(*) AS n FROM ${from} WHERE ${where(cond)} AND j.city IS NOT NULL GROUP BY j.city ORDER BY n DESC, value LIMIT ${TOP}`;
    case "remote":
      return sq`SELECT CASE j.is_remote WHEN 1 THEN 'true' ELSE 'false' END AS value, count(*) AS n FROM ${from} WHERE ${where(cond)} GROUP BY 1 ORDER BY n DESC, value`;
    case "salary":
      return sq`SELECT ${salaryBucketExpr()} AS value, count(*) AS n FROM ${from} WHERE ${where(cond)} AND ${rawSql(SALARY_HIGH_KEY)} >= 0 GROUP BY 1`;
    case "job_type":
      return sq`SELECT j.job_type AS value, count(*) AS n FROM ${from} WHERE ${where(cond)} GROUP BY j.job_type ORDER BY n DESC, value`;
    case "experience_level":
      return sq`SELECT j.experience_level AS value, count(*) AS n FROM ${from} WHERE ${where(cond)} GROUP BY j.experience_level ORDER BY n DESC, value`;
  }
}

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
