import { env } from "cloudflare:test";
import { afterEach, describe, expect, it, vi } from "vitest";
import { LEVER_PAGE_SIZE } from "../src/modules/ingestion/adapters/lever";
import { runIngestion } from "../src/modules/ingestion/run";
import { queueRuns } from "../src/modules/ingestion/service";
import { db, makeCompany, makeJob } from "./factories";
import ashbyBoard from "./fixtures/ingestion/ashby-job-board.json";
import greenhouseJobs from "./fixtures/ingestion/greenhouse-jobs.json";
import leverPostings from "./fixtures/ingestion/lever-postings.json";
import { jobsOfSource, json, makeSource, runSource, serveFeeds, tagged, testEnv } from "./helpers/ingestion";

const GH = (tag: string) => `https://boards-api.greenhouse.io/v1/boards/${tag}/jobs`;
const LEVER = (tag: string) => `https://api.lever.co/v0/postings/${tag}`;
const ASHBY = (tag: string) => `https://api.ashbyhq.com/posting-api/job-board/${tag}`;
const HOUR = 3_600_000;

afterEach(() => vi.restoreAllMocks());

const runRow = (id: string) =>
  env.DB.prepare("SELECT * FROM ingestion_runs WHERE id = ?").bind(id).first<Record<string, unknown>>();

describe("Greenhouse, Lever and Ashby adapters against recorded payloads", () => {
  it("imports a Greenhouse board: normalised, sanitised, labelled, company created", async () => {
    serveFeeds({ [GH("gh1")]: () => json(tagged(greenhouseJobs, "gh1")) });
    const source = await makeSource({ name: "Acme GH", kind: "greenhouse", config: { board_token: "gh1" } });
    const out = await runSource(source);
    expect(out.status).toBe("succeeded");
    expect(out.counts).toMatchObject({ fetched: 3, created: 3, updated: 0, duplicates: 0, errors: 0 });
    const jobs = await jobsOfSource(source.id);
    const backend = jobs.find((j) => j.external_id === "4012345002");
    expect(backend).toMatchObject({
      title: "Senior Backend Engineer",
      status: "published",
      import_source: "greenhouse",
      city: "Berlin",
      country: "DE",
      job_type: "full_time",
      experience_level: "senior",
      salary_min: 70000,
      salary_max: 90000,
      salary_currency: "EUR",
      salary_period: "year",
      is_primary: 1,
    });
    const description = String(backend?.description);
    expect(description).toContain("### About the role");
    expect(description).toContain("- Experience with PostgreSQL at scale");
    expect(description).toContain("[Our benefits](https://gh1.example.com/benefits)");
    expect(description).not.toMatch(/<script|alert\(1\)|<p|onclick/);
    const designer = jobs.find((j) => j.external_id === "4012345003");
    expect(designer).toMatchObject({
      is_remote: 1,
      country: "US",
      salary_min: 120000,
      salary_max: 150000,
      salary_currency: "USD",
    });
    expect(String(designer?.description)).not.toContain("steal");
    expect(jobs.find((j) => j.external_id === "4012345004")).toMatchObject({
      job_type: "internship",
      city: "San Francisco",
      country: "US",
    });
    const company = await env.DB.prepare("SELECT name, is_verified, imported_at FROM companies WHERE id = ?")
      .bind(backend?.company_id)
      .first<Record<string, unknown>>();
    expect(company).toMatchObject({ name: "Acme gh1", is_verified: 0 });
    expect(company?.imported_at).toBeTypeOf("number");
    // Skills come from the taxonomy.
    const skills = await env.DB.prepare("SELECT skill FROM job_skills WHERE job_id = ?").bind(backend?.id).all();
    expect(skills.results.map((r) => r.skill)).toEqual(expect.arrayContaining(["go", "postgresql", "kubernetes"]));
    // The job is public and searchable.
    const found = await env.DB.prepare("SELECT COUNT(*) AS n FROM job_search_docs WHERE job_id = ?")
      .bind(backend?.id)
      .first<{ n: number }>();
    expect(found?.n).toBe(1);
  });

  it("pages through Lever with skip/limit", async () => {
    const template = leverPostings[1];
    const many = Array.from({ length: LEVER_PAGE_SIZE }, (_, i) => ({
      ...template,
      id: `page1-${i}`,
      text: `Analyst number ${i} for region ${i % 7}`,
      description: `<div>Role ${i}: analyse shipment ${i * 13} data for depot ${i % 11} with SQL.</div>`,
      hostedUrl: `https://jobs.lever.co/pagedco/page1-${i}`,
    }));
    const { seen } = serveFeeds({
      "https://api.lever.co/v0/postings/pagedco?mode=json&skip=0&": () => json(many),
      [`https://api.lever.co/v0/postings/pagedco?mode=json&skip=${LEVER_PAGE_SIZE}&`]: () => json(leverPostings),
    });
    const source = await makeSource({
      name: "Paged",
      kind: "lever",
      config: { company: "pagedco", company_name: "Paged Co" },
    });
    const out = await runSource(source);
    expect(out.counts).toMatchObject({ fetched: LEVER_PAGE_SIZE + 2, created: LEVER_PAGE_SIZE + 2 });
    expect(seen).toHaveLength(2);
    const contract = (await jobsOfSource(source.id)).find(
      (j) => j.external_id === "2f4e6a80-1c3b-4d5e-8f90-a1b2c3d4e5f6",
    );
    expect(contract).toMatchObject({
      job_type: "contract",
      city: "London",
      country: "GB",
      salary_period: "day",
      salary_min_yearly: 450 * 260,
    });
  });

  it("imports an Ashby board, skipping unlisted postings", async () => {
    serveFeeds({ [ASHBY("ash1")]: () => json(tagged(ashbyBoard, "ash1")) });
    const source = await makeSource({
      name: "Nimbus",
      kind: "ashby",
      config: { board_name: "ash1", company_name: "Nimbus Drones" },
    });
    const out = await runSource(source);
    expect(out.counts).toMatchObject({ fetched: 1, created: 1 });
    const [job] = await jobsOfSource(source.id);
    expect(job).toMatchObject({
      title: "Staff Machine Learning Engineer",
      is_remote: 1,
      city: "Lisbon",
      country: "PT",
      experience_level: "lead",
      salary_min: 110000,
      salary_currency: "EUR",
      salary_period: "year",
    });
  });
});

describe("incremental runs, dedup, merge and expiry", () => {
  it("a second run changes nothing; an edited posting is updated; a conditional 304 is not_modified", async () => {
    let etag = '"v1"';
    let payload = tagged(greenhouseJobs, "incr");
    const { seen } = serveFeeds({
      "https://boards-api.greenhouse.io/v1/boards/incr/jobs": (req) =>
        req.headers.get("if-none-match") === etag ? new Response(null, { status: 304 }) : json(payload, { etag }),
    });
    const source = await makeSource({
      name: "Incr",
      kind: "greenhouse",
      config: { board_token: "incr", company_name: "Incr Inc" },
    });
    const t0 = Date.now();
    expect((await runSource(source, t0)).counts).toMatchObject({ created: 3 });
    const notModified = await runSource(source, t0 + HOUR);
    expect(notModified.status).toBe("not_modified");
    expect(seen[1]?.headers.get("if-none-match")).toBe('"v1"');
    expect((await runRow(notModified.runId))?.status).toBe("not_modified");

    etag = '"v2"';
    payload = tagged(greenhouseJobs, "incr");
    const first = payload.jobs[0];
    if (first) first.title = "Principal Backend Engineer";
    const again = await runSource(source, t0 + 2 * HOUR);
    expect(again.counts).toMatchObject({ fetched: 3, created: 0, updated: 1, unchanged: 2, duplicates: 0 });
    const jobs = await jobsOfSource(source.id);
    expect(jobs).toHaveLength(3);
    expect(jobs.find((j) => j.external_id === "4012345002")).toMatchObject({
      title: "Principal Backend Engineer",
      experience_level: "lead",
    });
  });

  it("merges the same posting from two sources into one job that lists both", async () => {
    serveFeeds({
      [GH("merge")]: () => json(tagged(greenhouseJobs, "merge")),
      [LEVER("merge")]: () => json(tagged(leverPostings, "merge")),
    });
    const gh = await makeSource({ name: "GH", kind: "greenhouse", config: { board_token: "merge" } });
    const lv = await makeSource({
      name: "Lever",
      kind: "lever",
      config: { company: "merge", company_name: "Acme merge" },
    });
    await runSource(gh);
    const out = await runSource(lv);
    expect(out.counts).toMatchObject({ fetched: 2, created: 1, duplicates: 1 });
    const ghBackend = (await jobsOfSource(gh.id)).find((j) => j.external_id === "4012345002");
    const lvBackend = (await jobsOfSource(lv.id)).find((j) => j.external_id === "7a1c9e3e-5b7d-4a51-9d0e-1f7c2b9a4e10");
    expect(lvBackend?.id).toBe(ghBackend?.id);
    expect(lvBackend?.is_primary).toBe(0);
    const sources = await env.DB.prepare("SELECT COUNT(*) AS n FROM job_sources WHERE job_id = ?")
      .bind(ghBackend?.id)
      .first<{ n: number }>();
    expect(sources?.n).toBe(2);
  });

  it("deduplicates by canonical URL across sources, ignoring tracking parameters", async () => {
    const repost = {
      jobs: [
        {
          ...greenhouseJobs.jobs[1],
          id: 999,
          title: "Designer, Product",
          company_name: "Other Co",
          absolute_url: "https://boards.greenhouse.io/canon/jobs/4012345003?utm_source=x",
        },
      ],
    };
    serveFeeds({
      [GH("canon")]: () => json(tagged(greenhouseJobs, "canon")),
      [GH("mirror")]: () => json(repost),
    });
    const a = await makeSource({ name: "A", kind: "greenhouse", config: { board_token: "canon" } });
    const b = await makeSource({ name: "B", kind: "greenhouse", config: { board_token: "mirror" } });
    await runSource(a);
    const out = await runSource(b);
    expect(out.counts).toMatchObject({ created: 0, duplicates: 1 });
  });

  it("expires a job whose posting is missing for two runs, and revives it when it returns", async () => {
    const fixture = tagged(greenhouseJobs, "exp");
    let payload: { jobs: unknown[] } = fixture;
    serveFeeds({ [GH("exp")]: () => json(payload) });
    const source = await makeSource({
      name: "Exp",
      kind: "greenhouse",
      config: { board_token: "exp", company_name: "Exp Co" },
    });
    const t0 = Date.now();
    await runSource(source, t0);
    payload = { jobs: fixture.jobs.slice(1) };
    const one = await runSource(source, t0 + HOUR);
    expect(one.counts?.expired).toBe(0);
    const two = await runSource(source, t0 + 2 * HOUR);
    expect(two.counts?.expired).toBe(1);
    expect((await runRow(two.runId))?.expired).toBe(1);
    const gone = (await jobsOfSource(source.id)).find((j) => j.external_id === "4012345002");
    expect(gone).toMatchObject({ status: "expired", missed_runs: 2 });
    payload = fixture;
    await runSource(source, t0 + 3 * HOUR);
    expect((await jobsOfSource(source.id)).find((j) => j.external_id === "4012345002")).toMatchObject({
      status: "published",
      missed_runs: 0,
    });
  });

  it("never rewrites or expires a job posted here", async () => {
    const company = await makeCompany({ name: "Acme native", nameKey: "acme native" });
    const native = await makeJob({ companyId: company.id, title: "Senior Backend Engineer" });
    serveFeeds({ [GH("native")]: () => json(tagged(greenhouseJobs, "native")) });
    const source = await makeSource({ name: "GH", kind: "greenhouse", config: { board_token: "native" } });
    await runSource(source);
    const row = await env.DB.prepare("SELECT status, import_source FROM jobs WHERE id = ?").bind(native.id).first();
    expect(row).toEqual({ status: "published", import_source: null });
    // The imported postings were filed under the existing company (matched by name).
    const jobs = await jobsOfSource(source.id);
    expect(new Set(jobs.map((j) => j.company_id))).toEqual(new Set([company.id]));
  });
});

describe("one company-name rule", () => {
  it("importing Northwind GmbH when Northwind exists links to the existing company", async () => {
    const northwind = await makeCompany({ name: "Northwind Pipeline" });
    const fixture = tagged(greenhouseJobs, "northwind");
    const payload = { ...fixture, jobs: fixture.jobs.map((j) => ({ ...j, company_name: "Northwind Pipeline GmbH" })) };
    serveFeeds({ [GH("northwind")]: () => json(payload) });
    const source = await makeSource({
      name: "NW",
      kind: "greenhouse",
      config: { board_token: "northwind" },
    });
    expect((await runSource(source)).counts).toMatchObject({ created: 3, errors: 0 });
    const jobs = await jobsOfSource(source.id);
    expect(new Set(jobs.map((j) => j.company_id))).toEqual(new Set([northwind.id]));
    const { n } = (await env.DB.prepare(
      "SELECT COUNT(*) AS n FROM companies WHERE match_key = 'northwind pipeline'",
    ).first<{
      n: number;
    }>()) ?? { n: 0 };
    expect(n).toBe(1);
  });
});

describe("bad input and failures", () => {
  it("invalid JSON, wrong types and oversized payloads fail the run and write nothing", async () => {
    const bodies: Record<string, () => Response> = {
      "https://boards-api.greenhouse.io/v1/boards/badjson/jobs": () => new Response("{ not json", { status: 200 }),
      "https://boards-api.greenhouse.io/v1/boards/badtype/jobs": () => json({ jobs: [{ id: "x", title: 5 }] }),
      "https://boards-api.greenhouse.io/v1/boards/huge/jobs": () =>
        new Response(
          new ReadableStream({
            pull(c) {
              c.enqueue(new Uint8Array(1024 * 1024).fill(32));
            },
          }),
        ),
    };
    serveFeeds(bodies);
    for (const [token, message] of [
      ["badjson", "not valid JSON"],
      ["badtype", "unexpected Greenhouse payload"],
      ["huge", "larger than"],
    ] as const) {
      const source = await makeSource({ name: token, kind: "greenhouse", config: { board_token: token } });
      const out = await runSource(source);
      expect(out.status).toBe("failed");
      const run = await runRow(out.runId);
      expect(run).toMatchObject({ status: "failed", created: 0 });
      expect(String(run?.error)).toContain(message);
      expect(await jobsOfSource(source.id)).toEqual([]);
      const health = await env.DB.prepare("SELECT consecutive_failures, last_error FROM ingestion_sources WHERE id = ?")
        .bind(source.id)
        .first<Record<string, unknown>>();
      expect(health?.consecutive_failures).toBe(1);
    }
  });

  it("a 503 rethrows for the queue's retry; a crash mid-write leaves nothing half-written and the retry imports once", async () => {
    let down = true;
    const fixture = tagged(greenhouseJobs, "retry");
    serveFeeds({
      [GH("retry")]: () =>
        down ? new Response("busy", { status: 503, headers: { "retry-after": "30" } }) : json(fixture),
    });
    const source = await makeSource({ name: "GH", kind: "greenhouse", config: { board_token: "retry" } });
    const [run] = await queueRuns(db(), testEnv().env, [source], "manual", Date.now());
    if (!run) throw new Error("no run");
    const message = { run_id: run.id, source_id: source.id };
    await expect(runIngestion(env, message)).rejects.toThrow(/503/);
    expect(await runRow(run.id)).toMatchObject({ status: "running", error: "the source answered 503 (will retry)" });
    down = false;
    await expect(
      runIngestion(env, message, {
        beforeBatch: () => {
          throw new Error("crash");
        },
      }),
    ).rejects.toThrow("crash");
    expect(await jobsOfSource(source.id)).toEqual([]);
    const retried = await runIngestion(env, message);
    expect(retried.counts).toMatchObject({ created: 3 });
    const redelivered = await runIngestion(env, message);
    expect(redelivered.status).toBe("skipped");
    expect(await jobsOfSource(source.id)).toHaveLength(3);
  });

  it("refuses private and metadata targets (SSRF) without fetching", async () => {
    const { spy } = serveFeeds({});
    const { fetchSource } = await import("../src/modules/ingestion/fetcher");
    await expect(fetchSource("https://169.254.169.254/latest", { allowLocal: false })).rejects.toThrow(
      /private|link-local/,
    );
    await expect(fetchSource("http://127.0.0.1:9/feed", { allowLocal: false })).rejects.toThrow(/https/);
    expect(spy).not.toHaveBeenCalled();
  });
});
