/**
 * Query plans and cost of the search path on seeded data (the demo seed at a
 * few thousand jobs). Fails when a main query scans the jobs table without an
 * index, or a search needs more than 3 D1 round trips.
 */
import { env } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
// @ts-expect-error plain JavaScript seed plugin without type declarations
import { buildStatements } from "../scripts/seed/40-jobs.mjs";
import { newId } from "../src/lib/ids";
import { SearchQuery } from "../src/modules/search/schemas";
import { planSearch, searchStatements } from "../src/modules/search/search";
import { call } from "./helpers/http";

const N = 3000;
const quote = (v: unknown) =>
  v === null || v === undefined ? "NULL" : typeof v === "number" ? String(v) : `'${String(v).replace(/'/g, "''")}'`;

beforeAll(async () => {
  const statements: string[] = buildStatements({ quote, newId, args: {} }, { jobs: N, seed: 11 });
  for (let i = 0; i < statements.length; i += 50) {
    await env.DB.batch(statements.slice(i, i + 50).map((s) => env.DB.prepare(s)));
  }
}, 120_000);

const COMBOS: Record<string, string>[] = [
  {},
  { q: "kubernetes" },
  { q: "senior backend engineer", sort: "newest" },
  { q: "python", sort: "salary_desc", remote: "true" },
  { category: "engineering" },
  { company: "seed-blue-labs" },
  { location: "berlin" },
  { location: "Berlin, Germany", job_type: "full_time" },
  { lat: "52.52", lng: "13.405", radius_km: "25" },
  { remote: "true", sort: "salary_asc" },
  { job_type: "contract,freelance", experience_level: "senior" },
  { salary_min: "90000", sort: "salary_desc" },
  { salary_max: "50000", currency: "EUR" },
  { skills: "go,kubernetes" },
  { posted_within: "7" },
  { featured: "true" },
  { q: "data", category: "data", salary_min: "60000", skills: "python" },
];
const ALL_FACETS = "category,job_type,experience_level,location,remote,company,salary";

describe("search query plans", () => {
  it("uses an index (or the FTS index) for every main query: no full scan of jobs", async () => {
    const now = Date.now();
    for (const combo of COMBOS) {
      const params = SearchQuery.parse({ ...combo, facets: ALL_FACETS });
      const plan = planSearch(params);
      for (const stmt of searchStatements(plan, now, null, false)) {
        const { results } = await env.DB.prepare(`EXPLAIN QUERY PLAN ${stmt.text}`)
          .bind(...stmt.params)
          .all<{ detail: string }>();
        const details = results.map((r) => r.detail);
        const fullScans = details.filter((d) => /^SCAN (j|jobs)\b/.test(d) && !/USING (COVERING )?INDEX/.test(d));
        expect(fullScans, `${JSON.stringify(combo)}\n${stmt.text}\n${details.join("\n")}`).toEqual([]);
      }
    }
  });
});

function timing(res: Response) {
  const header = res.headers.get("Server-Timing") ?? "";
  const get = (name: string) => Number(new RegExp(`${name};(?:desc="[^"]*";)?dur=(\\d+)`).exec(header)?.[1] ?? NaN);
  return { queries: get("d1"), rowsRead: get("rows_read") };
}

describe("search cost", () => {
  it("answers with at most 3 D1 round trips and bounded rows read", async () => {
    const report: string[] = [];
    for (const combo of [...COMBOS, { q: "kuberentes" }]) {
      const plain = new URLSearchParams({ ...combo, limit: "20" }).toString();
      const qs = `${plain}&facets=${ALL_FACETS}`;
      const res = await call("GET", `/api/v1/jobs?${qs}`);
      expect(res.status).toBe(200);
      const body = (await res.json()) as { total: number };
      const t = timing(res);
      expect(t.queries, qs).toBeLessThanOrEqual(3);
      const bare = timing(await call("GET", `/api/v1/jobs?${plain}`));
      expect(bare.queries, plain).toBeLessThanOrEqual(3);
      report.push(
        `| \`${plain}\` | ${body.total} | ${bare.queries} | ${bare.rowsRead} | ${t.queries} | ${t.rowsRead} |`,
      );
      // A repeat is served from the cache: one version read.
      const again = await call("GET", `/api/v1/jobs?${qs}`);
      expect(again.headers.get("X-Cache")).toBe("HIT");
      expect(timing(again).queries).toBe(1);
    }
    const keyword = await call("GET", "/api/v1/jobs?q=kubernetes&limit=20");
    const t = timing(keyword);
    // Far below the table size: the FTS index bounds the work to the matches.
    expect(t.rowsRead).toBeLessThan(N);
    console.log(`search cost at ${N} seeded jobs:\n${report.join("\n")}`);
  }, 60_000);

  it("suggest stays cheap", async () => {
    const res = await call("GET", "/api/v1/jobs/suggest?q=kube");
    const body = (await res.json()) as { data: unknown[] };
    expect(body.data.length).toBeGreaterThan(0);
    expect(timing(res).queries).toBeLessThanOrEqual(2);
    expect(timing(res).rowsRead).toBeLessThan(200);
  });
});
