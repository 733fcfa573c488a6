/**
 * Performance budgets checked on every CI run at small N. Timings are noise in
 * CI, so these assert what does not vary: D1 round trips and rows read per
 * request (from the dev-only Server-Timing header), for each endpoint the
 * benchmark measures. A query that regresses to a table scan shows up here as
 * rows read growing with the table instead of with the page.
 */
import { createExecutionContext, env } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
// @ts-expect-error plain JavaScript seed plugin without type declarations
import { buildStatements } from "../scripts/seed/40-jobs.mjs";
import worker from "../src/index";
import { newId } from "../src/lib/ids";
import { PIN_LIMIT, SearchQuery } from "../src/modules/search/schemas";
import { PIN_CANDIDATES, planSearch, searchStatements } from "../src/modules/search/search";
import {
  addMember,
  addProfileSkills,
  login,
  makeAlert,
  makeApplication,
  makeNotification,
  makeResume,
  makeUser,
  saveJob,
  signedIn,
} from "./factories";
import { runCron } from "./helpers/alerts";
import { BASE, call } from "./helpers/http";

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
let busyCompanyId = "";

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
  busyCompanyId = busy.company_id;
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
    // FTS reads its matches, not the table: well below N. Measured 1 773 rows, plus 27
    // for the pinned featured jobs of the first page (below).
    expect(c.rowsRead).toBeLessThan(N / 2);
  });

  it("the first page's pinned featured jobs are looked up from the featured set, not from the matches", async () => {
    // The seed features about 5% of the jobs (155 live), far more than a real
    // board. The pins' statement walks the newest featured jobs through
    // jobs_status_featured_idx, checks each against the query and filters, and
    // stops at PIN_LIMIT hits or PIN_CANDIDATES candidates: its cost is bounded
    // by that cap whatever the number of matches ("engineer" matches 884
    // documents). Measured at N = 4 000: 27 rows (text), 35 (text + remote), 14
    // (no filter), 74 (location), 100 (a word no featured job has: every
    // candidate checked), 256 (two skills: each candidate's own job_skills rows).
    const budgets: Array<[Record<string, string>, number]> = [
      [{ q: "engineer" }, 2 * PIN_CANDIDATES],
      [{ q: "engineer", remote: "true" }, 2 * PIN_CANDIDATES],
      [{ q: "zzzqqq" }, 3 * PIN_CANDIDATES],
      [{}, PIN_CANDIDATES],
      [{ job_type: "full_time,contract" }, PIN_CANDIDATES],
      [{ location: "berlin" }, 3 * PIN_CANDIDATES],
      [{ skills: "go,kubernetes" }, 7 * PIN_CANDIDATES],
    ];
    for (const [query, rows] of budgets) {
      const statements = searchStatements(planSearch(SearchQuery.parse(query), { pin: true }), Date.now(), null);
      const pins = statements[statements.length - 1];
      if (!pins) throw new Error("no statements");
      const r = await env.DB.prepare(pins.text)
        .bind(...pins.params)
        .all();
      expect(r.meta.rows_read, JSON.stringify(query)).toBeLessThanOrEqual(rows);
    }
    // End to end: the keyword page above (pins included, same batch) stays under N / 2;
    // here the pins are there, all featured, and later pages carry none.
    const first = await call("GET", `/api/v1/jobs?q=engineer&limit=${PAGE}`);
    const body = (await first.json()) as { pinned?: { is_featured: boolean }[]; next_cursor: string };
    expect(body.pinned?.length).toBe(PIN_LIMIT);
    expect(body.pinned?.every((j) => j.is_featured)).toBe(true);
    const later = await call(
      "GET",
      `/api/v1/jobs?q=engineer&limit=${PAGE}&cursor=${encodeURIComponent(body.next_cursor)}`,
    );
    expect(((await later.json()) as { pinned?: unknown }).pinned).toBeUndefined();
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
    // Auth (1, or 0 when the session is cached) + the page with applicant
    // summaries, the membership a condition of it (1). Only an empty page adds
    // the job-and-membership check (404 or a real empty list).
    expect(c.queries).toBeLessThanOrEqual(2);
  });
});

/**
 * One request with the session cache off (AUTH_CACHE_TTL_MS=0), so the cost
 * includes the session read: the budget is the worst case, whatever the cache holds.
 */
async function uncachedCost(path: string, token?: string): Promise<Cost> {
  const headers = new Headers({ "CF-Connecting-IP": `198.51.100.${(Math.random() * 250) | 0}` });
  if (token) headers.set("Authorization", `Bearer ${token}`);
  const res = await worker.fetch(
    new Request(`${BASE}${path}`, { headers }),
    { ...env, AUTH_CACHE_TTL_MS: "0" },
    createExecutionContext(),
  );
  await res.arrayBuffer();
  const timing = res.headers.get("Server-Timing") ?? "";
  const metric = (name: string) => Number(new RegExp(`${name};(?:desc="[^"]*";)?dur=(\\d+)`).exec(timing)?.[1]);
  return { status: res.status, queries: metric("d1"), rowsRead: metric("rows_read") };
}

type Who = "anonymous" | "seeker" | "employer" | "admin";
interface ListBudget {
  /** The OpenAPI path (as in /openapi.json). */
  route: string;
  who: Who;
  /** D1 round trips, session read included. */
  queries: number;
  /** Rows read: bounded by the page, never by the table (the jobs table holds N rows here). */
  rows: number;
  /** Expected status when not 200. */
  status?: number;
}

/**
 * Every list endpoint (a GET whose 200 body has a `data` array) with its budget,
 * measured at N jobs and 200 applications on one job, then given a small margin.
 * The last test fails when a list endpoint is added without a row here.
 */
const LIST_BUDGETS: ListBudget[] = [
  { route: "/api/v1/auth/sessions", who: "seeker", queries: 2, rows: 20 },
  { route: "/api/v1/auth/login-history", who: "seeker", queries: 2, rows: 30 },
  { route: "/api/v1/auth/api-keys", who: "seeker", queries: 2, rows: 20 },
  { route: "/api/v1/notifications", who: "seeker", queries: 3, rows: 60 },
  { route: "/api/v1/notifications/preferences", who: "seeker", queries: 2, rows: 40 },
  { route: "/api/v1/alerts", who: "seeker", queries: 2, rows: 30 },
  { route: "/api/v1/alerts/{id}/preview", who: "seeker", queries: 4, rows: 400 },
  { route: "/api/v1/jobs/{id}/applications", who: "employer", queries: 2, rows: 100 },
  { route: "/api/v1/applications", who: "seeker", queries: 3, rows: 60 },
  { route: "/api/v1/applications/{id}/history", who: "seeker", queries: 3, rows: 40 },
  { route: "/api/v1/applications/{id}/notes", who: "employer", queries: 3, rows: 40 },
  { route: "/api/v1/interviews", who: "seeker", queries: 3, rows: 40 },
  { route: "/api/v1/messages/threads", who: "seeker", queries: 3, rows: 60 },
  { route: "/api/v1/applications/{id}/messages", who: "seeker", queries: 5, rows: 60 },
  { route: "/api/v1/candidate-ratings", who: "seeker", queries: 3, rows: 60 },
  // The seeker's profile is private here, so this is the 404 path (same queries as a hit but the page).
  { route: "/api/v1/users/{username}/ratings", who: "seeker", queries: 3, rows: 60, status: 404 },
  { route: "/api/v1/admin/users", who: "admin", queries: 2, rows: 100 },
  { route: "/api/v1/admin/audit-log", who: "admin", queries: 2, rows: 100 },
  { route: "/api/v1/admin/emails", who: "admin", queries: 2, rows: 100 },
  { route: "/dev/mailbox", who: "anonymous", queries: 1, rows: 100 },
  { route: "/api/v1/companies", who: "anonymous", queries: 1, rows: 100 },
  { route: "/api/v1/companies/{id}/members", who: "employer", queries: 3, rows: 40 },
  // Session, membership check, one joined page (candidates, users, profiles).
  { route: "/api/v1/companies/{id}/candidates", who: "employer", queries: 3, rows: 80 },
  // Measured 67 rows (was 706 through the general search): the company's index, stopped
  // after the page; it stays there at 4N (the growth test below).
  { route: "/api/v1/companies/{id}/jobs", who: "anonymous", queries: 3, rows: 150 },
  { route: "/api/v1/companies/{id}/reviews", who: "anonymous", queries: 2, rows: 100 },
  { route: "/api/v1/admin/reports", who: "admin", queries: 2, rows: 100 },
  { route: "/api/v1/profile/skills", who: "seeker", queries: 2, rows: 40 },
  { route: "/api/v1/profile/experience", who: "seeker", queries: 2, rows: 40 },
  { route: "/api/v1/profile/education", who: "seeker", queries: 2, rows: 40 },
  { route: "/api/v1/profile/certifications", who: "seeker", queries: 2, rows: 40 },
  { route: "/api/v1/profile/portfolio", who: "seeker", queries: 2, rows: 40 },
  { route: "/api/v1/resumes", who: "seeker", queries: 2, rows: 40 },
  { route: "/api/v1/skills", who: "anonymous", queries: 1, rows: 100 },
  { route: "/api/v1/jobs", who: "anonymous", queries: 2, rows: 120 },
  { route: "/api/v1/jobs/suggest", who: "anonymous", queries: 1, rows: 200 },
  { route: "/api/v1/jobs/featured", who: "anonymous", queries: 2, rows: 400 },
  // The hourly task's stored ranking, ≤ 50 rows by primary key (was 6 748 rows when a
  // cold read ranked every recent view); the growth test below measures it with views.
  { route: "/api/v1/jobs/trending", who: "anonymous", queries: 2, rows: 200 },
  // Measured 832 rows (was 7 307): bounded candidate groups, 20 of the category, ≤ 50
  // neighbours; 875 at 4N (the growth test below).
  { route: "/api/v1/jobs/{id}/similar", who: "anonymous", queries: 2, rows: 1000 },
  // Measured 778 rows once "seekers like you" and the popularity prior joined the candidate
  // sources (#22): their candidate lists are bounded per source, not by the page.
  { route: "/api/v1/jobs/recommendations", who: "seeker", queries: 4, rows: 900 },
  { route: "/api/v1/admin/recommendations/variants", who: "admin", queries: 2, rows: 50 },
  { route: "/api/v1/employer/jobs", who: "employer", queries: 2, rows: 100 },
  { route: "/api/v1/saved-jobs", who: "seeker", queries: 2, rows: 40 },
  { route: "/api/v1/admin/jobs", who: "admin", queries: 2, rows: 40 },
  { route: "/api/v1/webhook-endpoints", who: "employer", queries: 2, rows: 40 },
  { route: "/api/v1/webhook-endpoints/{id}/deliveries", who: "employer", queries: 3, rows: 40 },
  { route: "/api/v1/billing/products", who: "anonymous", queries: 1, rows: 40 },
  { route: "/api/v1/companies/{id}/billing/purchases", who: "employer", queries: 3, rows: 40 },
  { route: "/api/v1/companies/{id}/billing/invoices", who: "employer", queries: 3, rows: 40 },
  { route: "/api/v1/admin/billing/products", who: "admin", queries: 2, rows: 40 },
  { route: "/api/v1/admin/billing/revenue", who: "admin", queries: 2, rows: 40 },
  { route: "/api/v1/admin/ingestion/sources", who: "admin", queries: 2, rows: 40 },
  { route: "/api/v1/admin/ingestion/sources/{id}/runs", who: "admin", queries: 3, rows: 40 },
];

describe("every list endpoint has a round-trip and rows budget", () => {
  const tokens: Record<Who, string | undefined> = {
    anonymous: undefined,
    seeker: undefined,
    employer: undefined,
    admin: undefined,
  };
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    const seeker = await signedIn();
    const admin = await signedIn({ role: "admin" });
    tokens.seeker = seeker.token;
    tokens.employer = employerToken;
    tokens.admin = admin.token;
    const job = { id: busyJobId, companyId: busyCompanyId };
    const app = await makeApplication(job, seeker.user.id);
    const alert = await makeAlert(seeker.user.id);
    await makeNotification(seeker.user.id);
    await saveJob(seeker.user.id, busyJobId);
    await makeResume(seeker.user.id);
    await addProfileSkills(seeker.user.id, ["TypeScript"]);
    const hook = await call("POST", "/api/v1/webhook-endpoints", {
      token: employerToken,
      body: { url: "https://hooks.example.com/in", events: ["application.created"], company_id: busyCompanyId },
    });
    const hookId = ((await hook.json()) as { id?: string }).id;
    if (!hookId) throw new Error(`webhook endpoint not created: ${hook.status}`);
    const source = await call("POST", "/api/v1/admin/ingestion/sources", {
      token: admin.token,
      body: { name: "Budget", kind: "greenhouse", config: { board_token: "budget" } },
    });
    const sourceId = ((await source.json()) as { id?: string }).id;
    if (!sourceId) throw new Error(`ingestion source not created: ${source.status}`);
    Object.assign(ids, {
      "/api/v1/alerts/{id}/preview": alert.id,
      "/api/v1/jobs/{id}/applications": busyJobId,
      "/api/v1/applications/{id}/history": app.id,
      "/api/v1/applications/{id}/notes": app.id,
      "/api/v1/applications/{id}/messages": app.id,
      "/api/v1/users/{username}/ratings": seeker.user.username,
      "/api/v1/companies/{id}/members": busyCompanyId,
      "/api/v1/companies/{id}/candidates": busyCompanyId,
      "/api/v1/companies/{id}/jobs": busyCompanyId,
      "/api/v1/companies/{id}/reviews": busyCompanyId,
      "/api/v1/jobs/{id}/similar": busyJobId,
      "/api/v1/webhook-endpoints/{id}/deliveries": hookId,
      "/api/v1/admin/ingestion/sources/{id}/runs": sourceId,
      "/api/v1/companies/{id}/billing/purchases": busyCompanyId,
      "/api/v1/companies/{id}/billing/invoices": busyCompanyId,
    });
  }, 60_000);

  for (const b of LIST_BUDGETS) {
    it(`${b.route} (${b.who}): ≤ ${b.queries} round trips, ≤ ${b.rows} rows`, async () => {
      const id = ids[b.route];
      let path = id ? b.route.replace(/\{[a-z_]+\}/, encodeURIComponent(id)) : b.route;
      if (b.route === "/api/v1/jobs/suggest") path += "?q=eng";
      const c = await uncachedCost(path, tokens[b.who]);
      expect(c.status, path).toBe(b.status ?? 200);
      expect(c.queries).toBeLessThanOrEqual(b.queries);
      expect(c.rowsRead).toBeLessThanOrEqual(b.rows);
    });
  }

  it("covers every list endpoint of the OpenAPI document", async () => {
    const res = await call("GET", "/openapi.json");
    // biome-ignore lint/suspicious/noExplicitAny: walking a JSON document
    const doc = (await res.json()) as any;
    // biome-ignore lint/suspicious/noExplicitAny: walking a JSON document
    const deref = (x: any) => (x?.$ref ? doc.components.schemas[String(x.$ref).split("/").pop() ?? ""] : x);
    const lists: string[] = [];
    // biome-ignore lint/suspicious/noExplicitAny: walking a JSON document
    for (const [path, ops] of Object.entries<any>(doc.paths)) {
      const schema = deref(ops.get?.responses?.["200"]?.content?.["application/json"]?.schema);
      if (deref(schema?.properties?.data)?.type === "array") lists.push(path);
    }
    expect(lists.length).toBeGreaterThan(30);
    expect(lists.filter((p) => !LIST_BUDGETS.some((b) => b.route === p))).toEqual([]);
  });
});

/**
 * The endpoints that used to read more rows as the table grew (trending, similar
 * jobs, a company's jobs, recommendations): measured at N jobs, then again after
 * the table has grown to 4N (the same seed continued, so the busy company gets
 * more jobs too, and every job has views). Their rows read must stay within one
 * bound that does not depend on N, and not grow between the two sizes.
 */
describe("rows read do not grow with the table", () => {
  const GROWTH_PATHS = (seekerToken: string) => [
    { name: "trending", path: "/api/v1/jobs/trending", token: undefined, bound: 200 },
    { name: "similar", path: `/api/v1/jobs/${busyJobId}/similar`, token: undefined, bound: 1000 },
    { name: "company jobs", path: `/api/v1/companies/${busyCompanyId}/jobs`, token: undefined, bound: 150 },
    // This seeker has skills and a saved job, so every candidate source runs (measured 940 at N and 4N).
    { name: "recommendations", path: "/api/v1/jobs/recommendations", token: seekerToken, bound: 1000 },
  ];
  let seekerToken = "";

  /** Views for every job (so trending has the whole table to rank), the hourly ranking, and a cold KV. */
  async function viewsAndTrending() {
    const today = Math.floor(Date.now() / 86_400_000);
    await env.DB.prepare(
      "INSERT OR IGNORE INTO job_view_daily (job_id, day, views) SELECT id, ?1, 1 + abs(random() % 20) FROM jobs WHERE status = 'published'",
    )
      .bind(today)
      .run();
    await runCron("0 * * * *", Date.now());
    const listed = await env.CACHE.list();
    await Promise.all(listed.keys.map((k) => env.CACHE.delete(k.name)));
  }

  async function measure(round: number): Promise<Record<string, number>> {
    await viewsAndTrending();
    const out: Record<string, number> = {};
    for (const p of GROWTH_PATHS(seekerToken)) {
      // A limit of its own per round: a different cache key, so both rounds are uncached.
      const sep = p.path.includes("?") ? "&" : "?";
      const c = await uncachedCost(`${p.path}${sep}limit=${10 + round}`, p.token);
      expect(c.status, p.path).toBe(200);
      out[p.name] = c.rowsRead;
    }
    return out;
  }

  it("measured at N and at 4N jobs, the same bound holds", async () => {
    const seeker = await signedIn();
    seekerToken = seeker.token;
    await addProfileSkills(seeker.user.id, ["TypeScript", "React"]);
    await saveJob(seeker.user.id, busyJobId);
    const small = await measure(0);
    const statements: string[] = buildStatements({ quote, newId, args: {} }, { jobs: 4 * N, existing: N, seed: 7 });
    for (let i = 0; i < statements.length; i += 50) {
      await env.DB.batch(statements.slice(i, i + 50).map((s) => env.DB.prepare(s)));
    }
    const count = await env.DB.prepare("SELECT count(*) AS n FROM jobs").first<{ n: number }>();
    expect(count?.n).toBeGreaterThanOrEqual(4 * N);
    const large = await measure(1);
    for (const p of GROWTH_PATHS(seekerToken)) {
      expect(small[p.name], p.name).toBeLessThanOrEqual(p.bound);
      expect(large[p.name], p.name).toBeLessThanOrEqual(p.bound);
      // A little slack for the candidates' own joins; a scan would be ~4×.
      expect(large[p.name] ?? 0, p.name).toBeLessThanOrEqual(Math.ceil((small[p.name] ?? 0) * 1.25) + 20);
    }
  }, 300_000);
});

/**
 * Issue #14, cause 3: with the filters as FTS tokens (migration 0033), a
 * keyword + 3 filters + facets search reads the page, a count capped at 1 001
 * and a facet sample of at most 1 000 candidates, whatever the number of
 * matches. Quadrupling the matching jobs must not raise its rows read: before
 * the tokens every match was joined and tested once per statement (~3.8 N rows).
 * Paths carry a limit the tests above do not use (their responses are cached).
 * Last in the file: it adds rows.
 */
describe("filtered search cost does not grow with the number of matches", () => {
  const FILTERED =
    "q=engineer&remote=true&job_type=full_time,contract&salary_min=40000&facets=job_type,experience_level,remote";
  const KEYWORD = "q=engineer";

  async function matching(): Promise<number> {
    const row = await env.DB.prepare(
      `SELECT count(*) AS n FROM jobs_fts CROSS JOIN job_search_docs d ON d.doc_id = jobs_fts.rowid CROSS JOIN jobs j ON j.id = d.job_id
       WHERE jobs_fts MATCH '"engineer"' AND j.is_remote = 1 AND j.job_type IN ('full_time', 'contract')
         AND coalesce(j.salary_max_yearly, j.salary_min_yearly, -1) >= 40000`,
    ).first<{ n: number }>();
    return row?.n ?? 0;
  }

  it("reads about the same rows at 2N and 8N jobs (keyword + 3 filters + facets, and keyword only)", async () => {
    // Copies of every published (original) job: 2N first, so that both measurements are past
    // the 1 000 candidates where facets switch from exact counts to the bounded sample.
    const { results: cols } = await env.DB.prepare("SELECT name FROM pragma_table_info('jobs')").all<{
      name: string;
    }>();
    const names = cols.map((c) => c.name);
    const select = names.map((n) => (n === "id" ? "lower(hex(randomblob(16)))" : n === "slug" ? `slug || '-copy'` : n));
    const copy = (times: number) =>
      env.DB.batch(
        Array.from({ length: times }, () =>
          env.DB.prepare(
            `INSERT INTO jobs (${names.join(", ")}) SELECT ${select.join(", ")} FROM jobs WHERE status = 'published' AND slug NOT LIKE '%-copy%'`,
          ),
        ),
      );
    await copy(1);
    const measure = async (limit: number) => ({
      matches: await matching(),
      filtered: await cost(`/api/v1/jobs?${FILTERED}&limit=${limit}`),
      keyword: await cost(`/api/v1/jobs?${KEYWORD}&limit=${limit}`),
    });
    const before = await measure(PAGE);
    expect(before.filtered.status).toBe(200);
    expect(before.filtered.queries).toBeGreaterThan(1); // not a cached response
    await copy(6);
    const after = await measure(PAGE - 1);
    expect(after.matches).toBeGreaterThanOrEqual(before.matches * 4);
    expect(after.filtered.status).toBe(200);
    expect(after.filtered.queries).toBeLessThanOrEqual(3);
    expect(after.filtered.rowsRead).toBeLessThan(before.filtered.rowsRead * 1.25);
    expect(after.keyword.rowsRead).toBeLessThan(before.keyword.rowsRead * 1.25);
  }, 120_000);
});
