/**
 * Facet counts over the filtered set. Each facet is one GROUP BY statement in
 * the search batch and ignores its own filter (choosing `job_type=contract`
 * still shows how many full-time jobs there are), like shop filters do.
 */

import { type Frag, rawSql, sq, where } from "../../platform/db/sql";
import type { FacetName } from "./schemas";
import { conditions, SALARY_HIGH_KEY, type SearchFilters, source } from "./sql";

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

function salaryBucketExpr(key: string): Frag {
  const cases = SALARY_BUCKETS.filter((b) => b.max !== null)
    .map((b) => `WHEN ${key} < ${b.max} THEN '${bucketLabel(b)}'`)
    .join(" ");
  const last = SALARY_BUCKETS[SALARY_BUCKETS.length - 1];
  return rawSql(`CASE ${cases} ELSE '${last ? bucketLabel(last) : "other"}' END`);
}

const TOP = 20;
/**
 * Filtered facets are counted over at most this many matching jobs (the first
 * ones the query plan yields). Below it they are exact; at or above it the
 * response says `facets_are_estimates: true`.
 */
export const FACET_SAMPLE = 1000;

/**
 * The statement for one facet over a filtered set. Rows: `{ value, label?, n, sampled }`,
 * where `sampled` is how many matching jobs were looked at.
 */
export function facetStatement(facet: FacetName, f: SearchFilters, now: number): Frag {
  const from = source(f);
  const cond = conditions(f, now, facet);
  const sample = (columns: string) =>
    sq`s AS MATERIALIZED (SELECT ${rawSql(columns)} FROM ${from} WHERE ${where(cond)} LIMIT ${FACET_SAMPLE})`;
  const sampled = rawSql("(SELECT count(*) FROM s) AS sampled");
  switch (facet) {
    case "category":
      return sq`WITH ${sample("j.category_id AS v")} SELECT x.value, cat.name AS label, x.n, ${sampled} FROM (SELECT v AS value, count(*) AS n FROM s WHERE v IS NOT NULL GROUP BY v ORDER BY n DESC, value LIMIT ${TOP}) x LEFT JOIN categories cat ON cat.id = x.value ORDER BY x.n DESC, x.value`;
    case "company":
      return sq`WITH ${sample("j.company_id AS v")} SELECT x.value, co.name AS label, x.n, ${sampled} FROM (SELECT v AS value, count(*) AS n FROM s GROUP BY v ORDER BY n DESC, value LIMIT ${TOP}) x JOIN companies co ON co.id = x.value ORDER BY x.n DESC, x.value`;
    case "location":
      return sq`WITH ${sample("j.city AS v, j.country AS country")} SELECT v AS value, min(country) AS label, count(*) AS n, ${sampled} FROM s WHERE v IS NOT NULL GROUP BY v ORDER BY n DESC, value LIMIT ${TOP}`;
    case "remote":
      return sq`WITH ${sample("j.is_remote AS v")} SELECT CASE v WHEN 1 THEN 'true' ELSE 'false' END AS value, count(*) AS n, ${sampled} FROM s GROUP BY 1 ORDER BY n DESC, value`;
    case "salary":
      return sq`WITH ${sample(`${SALARY_HIGH_KEY} AS v`)} SELECT ${salaryBucketExpr("v")} AS value, count(*) AS n, ${sampled} FROM s WHERE v >= 0 GROUP BY 1`;
    case "job_type":
      return sq`WITH ${sample("j.job_type AS v")} SELECT v AS value, count(*) AS n, ${sampled} FROM s GROUP BY v ORDER BY n DESC, value`;
    case "experience_level":
      return sq`WITH ${sample("j.experience_level AS v")} SELECT v AS value, count(*) AS n, ${sampled} FROM s GROUP BY v ORDER BY n DESC, value`;
  }
}

/** Whether a facet statement's rows came from a capped sample. */
export function facetWasSampled(rows: Array<Record<string, unknown>>): boolean {
  return rows.some((r) => Number(r.sampled) >= FACET_SAMPLE);
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
