/**
 * Search at scale (migration 0010): maintained facet counters for the unfiltered
 * list, totals capped at COUNT_CAP, sampled filtered facets, and the indexes
 * behind radius, location and company filters. Seeded with the demo seed.
 */
import { env } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
// @ts-expect-error plain JavaScript seed plugin without type declarations
import { buildStatements } from "../scripts/seed/40-jobs.mjs";
import { newId } from "../src/lib/ids";
import { FACET_SAMPLE } from "../src/modules/search/facets";
import { SearchQuery } from "../src/modules/search/schemas";
import { COUNT_CAP, planSearch, searchStatements } from "../src/modules/search/search";
import { geoCells } from "../src/modules/search/sql";
import { api, call } from "./helpers/http";
import { timing } from "./helpers/recommend";

const N = 2500;
const ALL_FACETS = "category,job_type,experience_level,location,remote,company,salary";
const quote = (v: unknown) =>
  v === null || v === undefined ? "NULL" : typeof v === "number" ? String(v) : `'${String(v).replace(/'/g, "''")}'`;

beforeAll(async () => {
  const statements: string[] = buildStatements({ quote, newId, args: {} }, { jobs: N, seed: 23 });
  for (let i = 0; i < statements.length; i += 50) {
    await env.DB.batch(statements.slice(i, i + 50).map((s) => env.DB.prepare(s)));
  }
}, 120_000);

const VISIBLE = "status = 'published' AND (expires_at IS NULL OR expires_at > ?1)";
const BUCKET = `CASE WHEN coalesce(salary_max_yearly, salary_min_yearly, -1) < 0 THEN NULL
  WHEN coalesce(salary_max_yearly, salary_min_yearly) < 30000 THEN '0-30000' WHEN coalesce(salary_max_yearly, salary_min_yearly) < 50000 THEN '30000-50000'
  WHEN coalesce(salary_max_yearly, salary_min_yearly) < 75000 THEN '50000-75000' WHEN coalesce(salary_max_yearly, salary_min_yearly) < 100000 THEN '75000-100000'
  WHEN coalesce(salary_max_yearly, salary_min_yearly) < 150000 THEN '100000-150000' WHEN coalesce(salary_max_yearly, salary_min_yearly) < 200000 THEN '150000-200000'
  ELSE '200000+' END`;
const FACET_EXPR: Record<string, [string, number]> = {
  category: ["category_id", 20],
  company: ["company_id", 20],
  location: ["city", 20],
  job_type: ["job_type", 100],
  experience_level: ["experience_level", 100],
  remote: ["CASE is_remote WHEN 1 THEN 'true' ELSE 'false' END", 100],
  salary: [BUCKET, 100],
};

/** Brute-force counts over the visible set, straight from the jobs table. */
async function expectedFacets(now: number) {
  const out: Record<string, Record<string, number>> = {};
  for (const [facet, [expr, top]] of Object.entries(FACET_EXPR)) {
    const { results } = await env.DB.prepare(
      `SELECT ${expr} AS value, count(*) AS n FROM jobs WHERE ${VISIBLE} AND ${expr} IS NOT NULL GROUP BY 1 ORDER BY n DESC, value LIMIT ${top}`,
    )
      .bind(now)
      .all<{ value: string; n: number }>();
    out[facet] = Object.fromEntries(results.map((r) => [String(r.value), r.n]));
  }
  return out;
}

async function visibleCount(where = "1", ...params: unknown[]) {
  const row = await env.DB.prepare(`SELECT count(*) AS n FROM jobs WHERE ${VISIBLE} AND ${where}`)
    .bind(Date.now(), ...params)
    .first<{ n: number }>();
  return row?.n ?? 0;
}

async function checkUnfiltered() {
  const r = await api.get(`/api/v1/jobs?limit=5&facets=${ALL_FACETS}`);
  expect(r.status).toBe(200);
  expect(r.json.total).toBe(await visibleCount());
  expect(r.json.total_is_estimate).toBe(false);
  expect(r.json.facets_are_estimates).toBe(false);
  const expected = await expectedFacets(Date.now());
  for (const facet of Object.keys(FACET_EXPR)) {
    const got = Object.fromEntries(
      (r.json.facets[facet] as Array<{ value: string; count: number }>).map((v) => [v.value, v.count]),
    );
    expect(got, facet).toEqual(expected[facet]);
  }
  return r;
}

describe("unfiltered list: counters", () => {
  it("gives exact totals and facets from the counters, reading about `limit` rows", async () => {
    const r = await checkUnfiltered();
    expect(r.json.total).toBeGreaterThan(COUNT_CAP);
    const res = await call("GET", "/api/v1/jobs?limit=20");
    const t = timing(res.headers);
    expect(t.queries).toBeLessThanOrEqual(2);
    // The page, the counters and the pinned featured jobs' index probe (none are featured here).
    expect(t.rowsRead).toBeLessThanOrEqual(105);
    const withFacets = timing((await call("GET", `/api/v1/jobs?limit=20&facets=${ALL_FACETS}`)).headers);
    expect(withFacets.rowsRead).toBeLessThan(600);
  });

  it("stays exact through expiry lag, status changes, edits and deletes", async () => {
    const pick = async (n: number) =>
      (
        await env.DB.prepare("SELECT id FROM jobs WHERE status = 'published' ORDER BY id LIMIT ?")
          .bind(n)
          .all<{ id: string }>()
      ).results.map((r) => r.id);
    const [a, b, c, d, e] = await pick(5);
    // Published but past expires_at (the cron has not run yet): counted, then subtracted.
    await env.DB.prepare("UPDATE jobs SET expires_at = ? WHERE id IN (?, ?)")
      .bind(Date.now() - 1000, a, b)
      .run();
    await env.DB.prepare("UPDATE jobs SET status = 'closed' WHERE id = ?").bind(c).run();
    await env.DB.prepare(
      "UPDATE jobs SET category_id = NULL, city = 'Nowhere', country = 'Atlantis', is_remote = 1 - is_remote, salary_max_yearly = 250000 WHERE id = ?",
    )
      .bind(d)
      .run();
    await env.DB.prepare("DELETE FROM jobs WHERE id = ?").bind(e).run();
    await checkUnfiltered();
    // A facet that ignores its own (only) filter also reads the counters.
    const r = await api.get("/api/v1/jobs?job_type=contract&facets=job_type");
    const expected = await expectedFacets(Date.now());
    expect(
      Object.fromEntries(r.json.facets.job_type.map((v: { value: string; count: number }) => [v.value, v.count])),
    ).toEqual(expected.job_type);
  });
});

describe("filtered searches: capped counts and sampled facets", () => {
  it("reports a broad filtered total as COUNT_CAP with total_is_estimate, and still pages through everything", async () => {
    const exact = await visibleCount("published_at >= ?2", Date.now() - 365 * 86_400_000);
    expect(exact).toBeGreaterThan(COUNT_CAP);
    const r = await api.get("/api/v1/jobs?posted_within=365&limit=100&facets=job_type,remote");
    expect(r.json.total).toBe(COUNT_CAP);
    expect(r.json.total_is_estimate).toBe(true);
    expect(r.json.facets_are_estimates).toBe(true);
    const sampled = r.json.facets.job_type.reduce((s: number, v: { count: number }) => s + v.count, 0);
    expect(sampled).toBe(FACET_SAMPLE);
    expect(r.json.facet_sample_size).toBe(FACET_SAMPLE);
    const seen = new Set<string>();
    let cursor: string | null = null;
    do {
      const page = await api.get(
        `/api/v1/jobs?posted_within=365&limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`,
      );
      for (const j of page.json.data) seen.add(j.id);
      cursor = page.json.next_cursor;
    } while (cursor);
    expect(seen.size).toBe(exact);
  }, 60_000);

  it("keeps totals and facets exact below the cap", async () => {
    const company = await env.DB.prepare(
      "SELECT c.id, c.slug FROM companies c JOIN jobs j ON j.company_id = c.id WHERE j.status = 'published' GROUP BY c.id ORDER BY count(*) DESC LIMIT 1",
    ).first<{ id: string; slug: string }>();
    const r = await api.get(`/api/v1/jobs?company=${company?.slug}&facets=remote`);
    expect(r.json.total).toBe(await visibleCount("company_id = ?2", company?.id));
    expect(r.json.total_is_estimate).toBe(false);
    expect(r.json.facets_are_estimates).toBe(false);
    const remote = r.json.facets.remote.find((v: { value: string }) => v.value === "true")?.count ?? 0;
    expect(remote).toBe(await visibleCount("company_id = ?2 AND is_remote = 1", company?.id));
  });

  it("caps a broad keyword search's count (rows read stay far below the matches)", async () => {
    const res = await call("GET", "/api/v1/jobs?q=engineer&limit=20");
    const body = (await res.json()) as { total: number; total_is_estimate: boolean };
    // Visible matches: the total leaves out a job past expires_at that the cron has not expired yet.
    const matches = await env.DB.prepare(
      `SELECT count(*) AS n FROM jobs_fts CROSS JOIN job_search_docs d ON d.doc_id = jobs_fts.rowid CROSS JOIN jobs j ON j.id = d.job_id
       WHERE jobs_fts MATCH '"engineer"' AND j.status = 'published' AND (j.expires_at IS NULL OR j.expires_at > ?1)`,
    )
      .bind(Date.now())
      .first<{ n: number }>();
    expect(body.total).toBe(Math.min(matches?.n ?? 0, COUNT_CAP));
    expect(body.total_is_estimate).toBe((matches?.n ?? 0) > COUNT_CAP);
    expect(timing(res.headers).rowsRead).toBeLessThan(2000);
  });
});

describe("indexes behind radius, location and company filters", () => {
  async function plan(params: Record<string, string>) {
    const p = planSearch(SearchQuery.parse(params));
    const details: string[] = [];
    for (const stmt of searchStatements(p, Date.now(), null, false)) {
      const { results } = await env.DB.prepare(`EXPLAIN QUERY PLAN ${stmt.text}`)
        .bind(...stmt.params)
        .all<{ detail: string }>();
      details.push(...results.map((r) => r.detail));
    }
    return details;
  }

  it("narrows a radius search by grid cells and a location by its column indexes", async () => {
    const radius = await plan({ lat: "52.52", lng: "13.405", radius_km: "25" });
    expect(radius.some((d) => d.includes("jobs_geo_cell_idx"))).toBe(true);
    const location = await plan({ location: "berlin" });
    expect(location.some((d) => d.includes("jobs_city_key_idx"))).toBe(true);
    for (const details of [radius, location, await plan({ company: "seed-blue-labs" })]) {
      expect(details.filter((d) => /^SCAN (j|jobs)\b/.test(d) && !/INDEX/.test(d))).toEqual([]);
    }
  });

  it("returns the same radius results as the exact distance", async () => {
    const r = await api.get("/api/v1/jobs?lat=52.52&lng=13.405&radius_km=30&limit=100&sort=newest");
    const { results } = await env.DB.prepare(
      `SELECT count(*) AS n FROM jobs WHERE ${VISIBLE} AND lat IS NOT NULL AND
        6371.0088 * 2 * asin(min(1, sqrt(pow(sin(radians(lat - 52.52) / 2), 2) + cos(radians(52.52)) * cos(radians(lat)) * pow(sin(radians(lng - 13.405) / 2), 2)))) <= 30`,
    )
      .bind(Date.now())
      .all<{ n: number }>();
    expect(r.json.total).toBe(Math.min(results[0]?.n ?? 0, COUNT_CAP));
  });

  it("lists grid cells, across the antimeridian, and gives up on huge boxes", () => {
    expect(geoCells(52.3, 52.7, [[13.0, 13.8]])).toEqual([52013]);
    const across: Array<[number, number]> = [
      [179.5, 180],
      [-180, -179.5],
    ];
    expect(geoCells(-1.5, -0.5, across)).toEqual([-1821, -1820, -2180, -821, -820, -1180]);
    expect(geoCells(0, 40, [[0, 40]])).toBeNull();
  });
});
