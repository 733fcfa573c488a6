/**
 * `npm run bench -- --search-engine` (bench/search-engine.mjs runs this file through
 * bench/vitest.search.config.ts): engine-level cost of the search SQL at 100 000
 * (and 300 000) jobs of the demo seed, in workerd's local D1 (SQLite) — the
 * statements of one `GET /jobs` batch (planSearch + searchStatements, as the
 * route sends them), each run on its own so D1 reports its SQL time
 * (`meta.duration`) and rows read. Per query: the median over RUNS runs of the
 * summed SQL time and rows read. The figures leave workerd as one marked line.
 */
import { env } from "cloudflare:test";
import { inject, it } from "vitest";
// @ts-expect-error plain JavaScript seed plugin without type declarations
import { buildStatements } from "../../scripts/seed/40-jobs.mjs";
import { newId } from "../../src/lib/ids";
import { countSample } from "../../src/modules/search/facets";
import { SearchQuery } from "../../src/modules/search/schemas";
import { planSearch, searchStatements } from "../../src/modules/search/search";

const quote = (v: unknown) =>
  v === null || v === undefined ? "NULL" : typeof v === "number" ? String(v) : `'${String(v).replace(/'/g, "''")}'`;

const QUERIES: Record<string, string[]> = {
  keyword: ["q=engineer", "q=product+manager", "q=senior+data"],
  keyword_3_filters_facets: [
    "q=engineer&remote=true&job_type=full_time,contract&salary_min=40000&facets=job_type,experience_level,remote",
    "q=manager&remote=false&experience_level=senior,lead&location=germany&facets=job_type,experience_level,remote",
    "q=developer&job_type=full_time&experience_level=mid,senior&category=engineering&facets=job_type,experience_level,remote",
  ],
};

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? (s[m] ?? 0) : ((s[m - 1] ?? 0) + (s[m] ?? 0)) / 2;
};

async function measure(query: string, runs: number, now: number) {
  const plan = planSearch(SearchQuery.parse(Object.fromEntries(new URLSearchParams(query))));
  const statements = searchStatements(plan, now, null, true);
  const ms: number[] = [];
  const rows: number[] = [];
  let facets: unknown;
  for (let run = 0; run < runs + 1; run++) {
    let t = 0;
    let r = 0;
    for (const [i, s] of statements.entries()) {
      const res = await env.DB.prepare(s.text)
        .bind(...s.params)
        .all();
      t += res.meta.duration;
      r += res.meta.rows_read;
      if (i === statements.length - 1 || (plan.facets.length && i === 2)) facets ??= res.results.slice(0, 12);
    }
    // The first run warms the page cache and is not counted.
    if (run > 0) {
      ms.push(t);
      rows.push(r);
    }
  }
  return { query, statements: statements.length, median_ms: median(ms), median_rows_read: median(rows), facets };
}

/** How far the sampled job_type facet of the first filtered query is from the exact shares (points). */
async function facetBias(now: number) {
  const q = QUERIES.keyword_3_filters_facets?.[0] ?? "";
  const plan = planSearch(SearchQuery.parse(Object.fromEntries(new URLSearchParams(q))));
  const statements = searchStatements(plan, now, null, false);
  const last = statements[statements.length - 1];
  if (!last) return null;
  const rows = await env.DB.prepare(last.text)
    .bind(...last.params)
    .all<Record<string, unknown>>();
  const sample = countSample(plan.facets, rows.results, plan.filters);
  const exact = await env.DB.prepare(
    `SELECT j.job_type AS value, count(*) AS n FROM jobs_fts CROSS JOIN job_search_docs d ON d.doc_id = jobs_fts.rowid CROSS JOIN jobs j ON j.id = d.job_id
     WHERE jobs_fts MATCH '"engineer"' AND j.is_remote = 1 AND coalesce(j.salary_max_yearly, j.salary_min_yearly, -1) >= 40000
       AND (j.expires_at IS NULL OR j.expires_at > ?1) GROUP BY 1`,
  )
    .bind(now)
    .all<{ value: string; n: number }>();
  // What the facets counted before: the first 1 000 candidates in FTS (rowid) order.
  const first = await env.DB.prepare(
    `SELECT value, count(*) AS n FROM (SELECT j.job_type AS value FROM jobs_fts CROSS JOIN job_search_docs d ON d.doc_id = jobs_fts.rowid CROSS JOIN jobs j ON j.id = d.job_id
     WHERE jobs_fts MATCH '"engineer"' AND j.is_remote = 1 AND coalesce(j.salary_max_yearly, j.salary_min_yearly, -1) >= 40000
       AND (j.expires_at IS NULL OR j.expires_at > ?1) ORDER BY jobs_fts.rowid LIMIT 1000) GROUP BY 1`,
  )
    .bind(now)
    .all<{ value: string; n: number }>();
  const eTotal = exact.results.reduce((a, r) => a + r.n, 0);
  const worstError = (counts: Array<{ value: string; n: number }>) => {
    const total = counts.reduce((a, r) => a + r.n, 0);
    let worst = 0;
    for (const e of exact.results) {
      const got = counts.find((r) => r.value === e.value)?.n ?? 0;
      worst = Math.max(worst, Math.abs(got / Math.max(1, total) - e.n / Math.max(1, eTotal)) * 100);
    }
    return +worst.toFixed(2);
  };
  const worst = worstError((sample.facets.job_type ?? []).map((v) => ({ value: v.value, n: v.count })));
  return {
    facet: "job_type",
    sampled: sample.sampled,
    sample_size: sample.size,
    candidates_exact: eTotal,
    worst_share_error_points: worst,
    first_1000_worst_share_error_points: worstError(first.results),
  };
}

it("measures the search SQL at engine level", async () => {
  const options = inject("searchEngine");
  const started = Date.now();
  const statements: string[] = buildStatements({ quote, newId, args: {} }, { jobs: options.jobs, seed: options.seed });
  for (let i = 0; i < statements.length; i += 50) {
    await env.DB.batch(statements.slice(i, i + 50).map((s) => env.DB.prepare(s)));
  }
  await env.DB.prepare("ANALYZE").run();
  const seeded = (Date.now() - started) / 1000;
  const now = Date.now();
  const result: Record<string, unknown> = { jobs: options.jobs, runs: options.runs, seed_seconds: seeded };
  for (const [kind, queries] of Object.entries(QUERIES)) {
    const per = [];
    for (const q of queries) per.push(await measure(q, options.runs, now));
    result[kind] = {
      median_ms: median(per.map((p) => p.median_ms)),
      median_rows_read: median(per.map((p) => p.median_rows_read)),
      max_rows_read: Math.max(...per.map((p) => p.median_rows_read)),
      queries: per.map(({ facets: _facets, ...p }) => p),
    };
  }
  result.facet_sample = await facetBias(now);
  console.log(`@@SEARCH_ENGINE@@${JSON.stringify(result)}`);
}, 3_600_000);
