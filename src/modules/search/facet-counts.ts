/**
 * Totals and facets of the *unfiltered* published set from `job_facet_counts`
 * (migration 0010, maintained by triggers), instead of counting ~the whole
 * table per request. The table counts every `published` job; jobs already past
 * `expires_at` that the five-minute cron has not expired yet are read through
 * the `(status, expires_at)` index (normally none) and subtracted, so the
 * figures equal a count over the visible set.
 */

import { type Frag, rawSql, sq } from "../../platform/db/sql";
import { type FacetValue, presentFacet, SALARY_BUCKETS } from "./facets";
import type { FacetName } from "./schemas";
import type { SearchFilters } from "./sql";

type Row = Record<string, unknown>;

/** Each facet's own filter: a facet ignores it, so with no other filter it reads the aggregate. */
export const OWN_FILTERS: Record<FacetName, Array<keyof SearchFilters>> = {
  category: ["category"],
  company: ["company"],
  location: ["locationParts"],
  remote: ["remote"],
  job_type: ["jobTypes"],
  experience_level: ["levels"],
  salary: ["salaryMin", "salaryMax"],
};

/** Whether no filter applies (besides `omit`'s own). */
export function isUnfiltered(f: SearchFilters, omit?: FacetName): boolean {
  const own = omit ? OWN_FILTERS[omit] : [];
  return Object.entries(f).every(([k, v]) => v === undefined || own.includes(k as keyof SearchFilters));
}

/** Rows fetched per facet before the top values are taken (a margin for the subtraction). */
const FETCH = 60;
const TOP = 20;
const STALE_LIMIT = 1000;

export function totalStatement(): Frag {
  return rawSql("SELECT n FROM job_facet_counts WHERE facet = 'all' AND value = ''");
}

/** Published jobs past `expires_at`: what the counters include but search must not. */
export function staleStatement(now: number): Frag {
  return sq`SELECT category_id, company_id, job_type, experience_level, is_remote, city, country,
      salary_min_yearly, salary_max_yearly FROM jobs WHERE status = 'published' AND expires_at <= ${now} LIMIT ${STALE_LIMIT}`;
}

export function aggregateFacetStatement(facet: FacetName): Frag {
  const top = sq`SELECT value, n FROM job_facet_counts WHERE facet = ${facet} AND n > 0 ORDER BY n DESC, value LIMIT ${facet === "location" ? FETCH * 3 : FETCH}`;
  if (facet === "category") {
    return sq`SELECT x.value, cat.name AS label, x.n FROM (${top}) x LEFT JOIN categories cat ON cat.id = x.value`;
  }
  if (facet === "company") {
    return sq`SELECT x.value, co.name AS label, x.n FROM (${top}) x JOIN companies co ON co.id = x.value`;
  }
  return top;
}

function salaryBucket(r: Row): string | null {
  const high = Number(r.salary_max_yearly ?? r.salary_min_yearly ?? -1);
  if (high < 0) return null;
  const b = SALARY_BUCKETS.find((x) => x.max === null || high < x.max);
  if (!b) return null;
  return b.max === null ? `${b.min}+` : `${b.min}-${b.max}`;
}

/** The aggregate key a (stale) job row contributes to a facet. */
function keyOf(facet: FacetName, r: Row): string | null {
  switch (facet) {
    case "category":
      return r.category_id === null ? null : String(r.category_id);
    case "company":
      return String(r.company_id);
    case "job_type":
      return String(r.job_type);
    case "experience_level":
      return String(r.experience_level);
    case "remote":
      return Number(r.is_remote) === 1 ? "true" : "false";
    case "location":
      return r.city === null ? null : `${r.city}\u001f${r.country ?? ""}`;
    case "salary":
      return salaryBucket(r);
  }
}

const byCount = (a: { value: string; n: number }, b: { value: string; n: number }) =>
  b.n - a.n || (a.value < b.value ? -1 : a.value > b.value ? 1 : 0);

/** Aggregate rows minus the stale jobs, in the order and shape of the exact facet statements. */
export function aggregateFacet(facet: FacetName, rows: Row[], stale: Row[]): FacetValue[] {
  const counts = new Map<string, { value: string; label?: unknown; n: number }>();
  for (const r of rows) counts.set(String(r.value), { value: String(r.value), label: r.label, n: Number(r.n) });
  for (const s of stale) {
    const key = keyOf(facet, s);
    const entry = key === null ? undefined : counts.get(key);
    if (entry) entry.n -= 1;
  }
  let values = [...counts.values()].filter((v) => v.n > 0);
  if (facet === "location") {
    // Stored per (city, country); the facet groups by city, labelled with the smallest country.
    const cities = new Map<string, { value: string; label?: string; n: number }>();
    for (const v of values) {
      const [city = "", country = ""] = v.value.split("\u001f");
      const c = cities.get(city) ?? { value: city, n: 0 };
      c.n += v.n;
      if (country && (c.label === undefined || country < c.label)) c.label = country;
      cities.set(city, c);
    }
    values = [...cities.values()];
  }
  values.sort(byCount);
  if (facet === "category" || facet === "company" || facet === "location") values = values.slice(0, TOP);
  return presentFacet(facet, values);
}
