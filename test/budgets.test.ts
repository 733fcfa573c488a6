/**
 * Performance budgets checked on every CI run at small N. Timings are noise in
 * CI, so these assert what does not vary: D1 round trips and rows read per
 * request (from the dev-only Server-Timing header), for each endpoint the
 * benchmark measures. A query that regresses to a table scan shows up here as
 * rows read growing with the table instead of with the page.
 */
import { env } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
// @ts-expect-error plain JavaScript seed plugin without type declarations
import { buildStatements } from "../scripts/seed/40-jobs.mjs";
import { newId } from "../src/lib/ids";
import { addMember, login, makeUser } from "./factories";
import { call } from "./helpers/http";

/** Large enough that a scan of `jobs` costs far more than any budget below. */
const N = 4000;
const PAGE = 20;
const quote = (v: unknown) =>
  v === null || v === undefined ? "NULL" : typeof v === "number" ? String(v) : `'${String(v).replace(/'/g, "''")}'`;

interface Cost {
  status: number;
  queries: number;
  rowsRead: number;
}

/** One request; returns its status and D1 cost as the Worker reports it. */
async function cost(path: string, token?: string): Promise<Cost> {
  const res = await call("GET", path, token ? { token } : {});
  await res.arrayBuffer();
  const timing = res.headers.get("Server-Timing") ?? "";
  const metric = (name: string) => Number(new RegExp(`${name};(?:desc="[^"]*";)?dur=(\\d+)`).exec(timing)?.[1]);
  return { status: res.status, queries: metric("d1"), rowsRead: metric("rows_read") };
}

/**
 * Each path below is requested once, so it is never answered from the response
 * cache (storage is fresh per test file): these are the uncached costs.
 */
const coldCost = cost;

let employerToken = "";
let jobId = "";
let busyJobId = "";

beforeAll(async () => {
  const statements: string[] = buildStatements({ quote, newId, args: {} }, { jobs: N, seed: 7 });
  for (let i = 0; i < statements.length; i += 50) {
    await env.DB.batch(statements.slice(i, i + 50).map((s) => env.DB.prepare(s)));
  }
  const employer = await makeUser({ role: "employer" });
  const busy = await env.DB.prepare(
    "SELECT id, company_id FROM jobs WHERE status = 'published' ORDER BY published_at DESC LIMIT 1",
  ).first<{ id: string; company_id: string }>();
  if (!busy) throw new Error("seed produced no published job");
  busyJobId = busy.id;
  jobId = busy.id;
  await addMember(busy.company_id, employer.id, "owner");
  // 200 applicants on one job: the employer's list must read a page, not all of them.
  const now = Date.now();
  const applicants = [];
  for (let i = 0; i < 200; i++) applicants.push(newId(now - i));
  const users = applicants.map(
    (id, i) =>
      `('${id}', 'budget-${i}-${id}@example.com', 'budget_${i}_${id.slice(-6)}', 'seeker', 'B', 'S', ${now}, ${now})`,
  );
  const apps = applicants.map(
    (id, i) =>
      `('${newId(now - i)}', '${busy.id}', '${busy.company_id}', '${id}', 'pending', ${now - i}, ${now - i}, ${now - i}, '[]')`,
  );
  await env.DB.batch([
    env.DB.prepare(
      `INSERT INTO users (id, email, username, role, first_name, last_name, created_at, updated_at) VALUES ${users.join(",")}`,
    ),
    env.DB.prepare(
      `INSERT INTO applications (id, job_id, company_id, applicant_id, status, status_changed_at, created_at, updated_at, answers) VALUES ${apps.join(",")}`,
    ),
  ]);
  employerToken = (await login(employer)).token;
}, 180_000);

describe("performance budgets (query counts and rows read)", () => {
  it("keyword search reads a bounded number of rows in at most 3 round trips", async () => {
    const c = await coldCost(`/api/v1/jobs?q=engineer&limit=${PAGE}`);
    expect(c.status).toBe(200);
    expect(c.queries).toBeLessThanOrEqual(3);
    // FTS reads its matches, not the table: well below N.
    expect(c.rowsRead).toBeLessThan(N / 2);
  });

  it("search with three filters and facets stays within 3 round trips and below a table scan", async () => {
    const c = await coldCost(
      `/api/v1/jobs?q=engineer&remote=true&job_type=full_time,contract&salary_min=40000&facets=job_type,experience_level,remote&limit=${PAGE}`,
    );
    expect(c.status).toBe(200);
    expect(c.queries).toBeLessThanOrEqual(3);
    // Each facet is counted over the filtered set ignoring its own filter, so a
    // faceted search reads the matching rows once per facet (measured: ~3.8 N
    // with three facets at N = 4 000). The bound catches anything worse.
    expect(c.rowsRead).toBeLessThan(N * 5);
  });

  it("job detail reads at most a few rows", async () => {
    const c = await coldCost(`/api/v1/jobs/${jobId}`);
    expect(c.status).toBe(200);
    expect(c.queries).toBeLessThanOrEqual(3);
    expect(c.rowsRead).toBeLessThanOrEqual(100);
  });

  it("suggest is cheap enough for every keystroke", async () => {
    const c = await coldCost("/api/v1/jobs/suggest?q=eng");
    expect(c.status).toBe(200);
    expect(c.queries).toBeLessThanOrEqual(3);
    expect(c.rowsRead).toBeLessThanOrEqual(200);
  });

  it("GET /auth/me costs at most two primary-key lookups", async () => {
    const c = await cost("/api/v1/auth/me", employerToken);
    expect(c.status).toBe(200);
    expect(c.queries).toBeLessThanOrEqual(2);
    expect(c.rowsRead).toBeLessThanOrEqual(4);
  });

  it("an employer's application list for a busy job stays within 4 round trips", async () => {
    const c = await cost(`/api/v1/jobs/${busyJobId}/applications?limit=${PAGE}`, employerToken);
    expect(c.status).toBe(200);
    // Auth (1) + membership (1) + page with applicant summaries (1-2).
    expect(c.queries).toBeLessThanOrEqual(4);
  });
});
