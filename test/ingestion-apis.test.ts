/** SmartRecruiters, Workable, Adzuna and USAJobs adapters against recorded real-shaped payloads (fetch intercepted). */
import { env } from "cloudflare:test";
import { afterEach, describe, expect, it, vi } from "vitest";
import { ADZUNA_PAGE_SIZE } from "../src/modules/ingestion/adapters/adzuna";
import { SMARTRECRUITERS_PAGE_SIZE } from "../src/modules/ingestion/adapters/smartrecruiters";
import { USAJOBS_PAGE_SIZE } from "../src/modules/ingestion/adapters/usajobs";
import adzunaSearch from "./fixtures/ingestion/adzuna-search.json";
import smartrecruitersDetail from "./fixtures/ingestion/smartrecruiters-posting-detail.json";
import smartrecruitersPostings from "./fixtures/ingestion/smartrecruiters-postings.json";
import usajobsSearch from "./fixtures/ingestion/usajobs-search.json";
import workableAccount from "./fixtures/ingestion/workable-account.json";
import { jobsOfSource, json, makeSource, runSource, serveFeeds, tagged } from "./helpers/ingestion";

afterEach(() => vi.restoreAllMocks());

const WORKABLE = (subdomain: string) => `https://apply.workable.com/api/v1/widget/accounts/${subdomain}`;
const ADZUNA = "https://api.adzuna.com/v1/api/jobs/";
const USAJOBS = "https://data.usajobs.gov/api/search?";
const SR = (company: string) => `https://api.smartrecruiters.com/v1/companies/${company}/postings`;

const runRow = (id: string) =>
  env.DB.prepare("SELECT * FROM ingestion_runs WHERE id = ?").bind(id).first<Record<string, unknown>>();

/** Runs a source whose feed is bad: the run fails with `message` and nothing is imported. */
async function expectFailedRun(source: { id: string }, message: string | RegExp) {
  const out = await runSource(source);
  expect(out.status).toBe("failed");
  const run = await runRow(out.runId);
  expect(run).toMatchObject({ status: "failed", created: 0 });
  expect(String(run?.error)).toMatch(message);
  expect(await jobsOfSource(source.id)).toEqual([]);
  return String(run?.error);
}

describe("SmartRecruiters", () => {
  it("imports a company's postings: location, type, level, sections as the description", async () => {
    const { seen } = serveFeeds({
      [`${SR("sr1")}?`]: () => json(tagged(smartrecruitersPostings, "sr1")),
      [`${SR("sr1")}/744000031234502`]: () => json(tagged(smartrecruitersDetail, "sr1")),
      [`${SR("sr1")}/744000031234503`]: () => new Response("gone", { status: 404 }),
    });
    const source = await makeSource({ name: "SR", kind: "smartrecruiters", config: { company_identifier: "sr1" } });
    const out = await runSource(source);
    expect(out.status).toBe("succeeded");
    // 744000031234503 closed between the list and its detail (404): absent from the run.
    expect(out.counts).toMatchObject({ fetched: 2, created: 2, errors: 0 });
    // The list entry with sections needs no detail call; the other two get one each.
    expect(seen.map((r) => new URL(r.url).pathname.split("/").at(-1)).sort()).toEqual([
      "744000031234502",
      "744000031234503",
      "postings",
    ]);
    const jobs = await jobsOfSource(source.id);
    const platform = jobs.find((j) => j.external_id === "744000031234501");
    expect(platform).toMatchObject({
      title: "Senior Platform Engineer",
      import_source: "smartrecruiters",
      city: "Munich",
      country: "DE",
      job_type: "full_time",
      experience_level: "senior",
      salary_min: 75000,
      salary_max: 95000,
      salary_currency: "EUR",
      apply_url: "https://jobs.smartrecruiters.com/sr1/744000031234501",
    });
    const description = String(platform?.description);
    expect(description).toContain("Kubernetes platform");
    expect(description).toContain("- 5+ years with Kubernetes");
    expect(description).not.toMatch(/<script|alert\(1\)/);
    const support = jobs.find((j) => j.external_id === "744000031234502");
    expect(support).toMatchObject({
      is_remote: 1,
      country: "US",
      job_type: "part_time",
      experience_level: "entry",
      salary_min: 22,
      salary_max: 26,
      salary_period: "hour",
    });
    // No jobAd in the list: the description comes from the posting's detail, sanitised.
    const text = String(support?.description);
    expect(text).toContain("keep their robot fleets running");
    expect(text).toContain("- 1+ year in customer support");
    expect(text).toContain("Acme sr1 builds warehouse robots");
    expect(text).not.toMatch(/onerror|alert\(1\)|<img/);
    expect(jobs.find((j) => j.external_id === "744000031234503")).toBeUndefined();
    const company = await env.DB.prepare("SELECT name FROM companies WHERE id = ?")
      .bind(platform?.company_id)
      .first<{ name: string }>();
    expect(company?.name).toBe("Acme sr1");
  });

  it("fetches a detail only for new or revised postings; an unrevised one keeps its stored job", async () => {
    const list = tagged(smartrecruitersPostings, "sr2");
    const detail = tagged(smartrecruitersDetail, "sr2");
    let listed = list;
    let detailBody: unknown = detail;
    const { seen } = serveFeeds({
      [`${SR("sr2")}?`]: () => json(listed),
      [`${SR("sr2")}/744000031234502`]: () => json(detailBody),
      [`${SR("sr2")}/744000031234503`]: () =>
        json({ ...detail, id: "744000031234503", name: "Working Student Data Analytics" }),
    });
    const source = await makeSource({ name: "SR2", kind: "smartrecruiters", config: { company_identifier: "sr2" } });
    const t0 = Date.parse("2026-12-01T00:00:00Z");
    expect((await runSource(source, t0)).counts).toMatchObject({ created: 3 });
    const details = () => seen.filter((r) => new URL(r.url).pathname.split("/").at(-1) !== "postings").length;
    expect(details()).toBe(2);

    // Nothing republished: no detail call, nothing rewritten (the stored description stays).
    const again = await runSource(source, t0 + 6 * 3_600_000);
    expect(again.counts).toMatchObject({ fetched: 3, created: 0, updated: 0, unchanged: 3 });
    expect(details()).toBe(2);
    const stored = (await jobsOfSource(source.id)).find((j) => j.external_id === "744000031234502");
    expect(String(stored?.description)).toContain("keep their robot fleets running");

    // Republished (a later releasedDate): its detail is fetched again and the job updated.
    detailBody = {
      ...detail,
      jobAd: {
        sections: {
          ...detail.jobAd.sections,
          jobDescription: { title: "Job Description", text: "<p>Now on night shifts.</p>" },
        },
      },
    };
    listed = {
      ...list,
      content: list.content.map((p) =>
        p.id === "744000031234502" ? { ...p, releasedDate: "2026-12-01T07:00:00.000Z" } : p,
      ),
    };
    const third = await runSource(source, t0 + 12 * 3_600_000);
    expect(third.counts).toMatchObject({ fetched: 3, updated: 1, unchanged: 2 });
    expect(details()).toBe(3);
    const updated = (await jobsOfSource(source.id)).find((j) => j.external_id === "744000031234502");
    expect(String(updated?.description)).toContain("Now on night shifts.");

    // A malformed detail fails the run like any malformed payload.
    detailBody = { id: "744000031234502", name: "x", jobAd: { sections: "nope" } };
    listed = {
      ...list,
      content: list.content.map((p) =>
        p.id === "744000031234502" ? { ...p, releasedDate: "2026-12-01T13:00:00.000Z" } : p,
      ),
    };
    const bad = await runSource(source, t0 + 18 * 3_600_000);
    expect(bad.status).toBe("failed");
    expect(bad.error).toMatch(/unexpected SmartRecruiters posting payload/);
  });

  it("pages with offset/limit until totalFound", async () => {
    const template = smartrecruitersPostings.content[1];
    const total = SMARTRECRUITERS_PAGE_SIZE + 3;
    const first = {
      offset: 0,
      limit: SMARTRECRUITERS_PAGE_SIZE,
      totalFound: total,
      content: Array.from({ length: SMARTRECRUITERS_PAGE_SIZE }, (_, i) => ({
        ...template,
        id: `p1-${i}`,
        name: `Warehouse associate ${i} for depot ${i % 9}`,
      })),
    };
    const second = {
      ...tagged(smartrecruitersPostings, "srpaged"),
      offset: SMARTRECRUITERS_PAGE_SIZE,
      totalFound: total,
    };
    const { seen } = serveFeeds({
      [`${SR("srpaged")}?limit=${SMARTRECRUITERS_PAGE_SIZE}&offset=0`]: () => json(first),
      [`${SR("srpaged")}?limit=${SMARTRECRUITERS_PAGE_SIZE}&offset=${SMARTRECRUITERS_PAGE_SIZE}`]: () => json(second),
      // Every posting without sections in the list has its detail fetched.
      [`${SR("srpaged")}/`]: (request) =>
        json({
          ...smartrecruitersDetail,
          id: decodeURIComponent(new URL(request.url).pathname.split("/").at(-1) ?? ""),
        }),
    });
    const source = await makeSource({
      name: "SR paged",
      kind: "smartrecruiters",
      config: { company_identifier: "srpaged", company_name: "Paged SR" },
    });
    const out = await runSource(source);
    expect(out.counts).toMatchObject({ fetched: total, created: total });
    const lists = seen.filter((r) => new URL(r.url).pathname.endsWith("/postings"));
    expect(lists.map((r) => new URL(r.url).searchParams.get("offset"))).toEqual([
      "0",
      String(SMARTRECRUITERS_PAGE_SIZE),
    ]);
    // 100 + 2 postings without sections in the list: one detail call each.
    expect(seen.length - lists.length).toBe(SMARTRECRUITERS_PAGE_SIZE + 2);
  });

  it("wrong types fail the run and write nothing", async () => {
    serveFeeds({
      [SR("srbad")]: () => json({ offset: 0, limit: 100, totalFound: 1, content: [{ id: 7, name: ["x"] }] }),
      [SR("srnolist")]: () => json({ message: "Company not found" }),
    });
    const bad = await makeSource({ name: "bad", kind: "smartrecruiters", config: { company_identifier: "srbad" } });
    await expectFailedRun(bad, /unexpected SmartRecruiters payload/);
    const none = await makeSource({
      name: "none",
      kind: "smartrecruiters",
      config: { company_identifier: "srnolist" },
    });
    await expectFailedRun(none, /totalFound: Invalid input/);
  });
});

describe("Workable", () => {
  it("imports an account's jobs with details: the account is the company, telecommuting is remote", async () => {
    const { seen } = serveFeeds({ [WORKABLE("wk1")]: () => json(tagged(workableAccount, "wk1")) });
    const source = await makeSource({ name: "WK", kind: "workable", config: { subdomain: "wk1" } });
    const out = await runSource(source);
    expect(out.counts).toMatchObject({ fetched: 2, created: 2, errors: 0 });
    expect(new URL(seen[0]?.url ?? "").searchParams.get("details")).toBe("true");
    const jobs = await jobsOfSource(source.id);
    const frontend = jobs.find((j) => j.external_id === "8F3A2C1D7B");
    expect(frontend).toMatchObject({
      title: "Senior Frontend Engineer",
      import_source: "workable",
      city: "Amsterdam",
      country: "NL",
      is_remote: 0,
      job_type: "full_time",
      experience_level: "senior",
      salary_min: 70000,
      salary_max: 85000,
      salary_currency: "EUR",
      apply_url: "https://apply.workable.com/j/8F3A2C1D7B/apply",
    });
    expect(String(frontend?.description)).toContain("React and TypeScript");
    expect(String(frontend?.description)).not.toMatch(/onerror|<img/);
    expect(jobs.find((j) => j.external_id === "2B9E4D6A11")).toMatchObject({
      is_remote: 1,
      country: "US",
      job_type: "contract",
      experience_level: "entry",
    });
    const company = await env.DB.prepare("SELECT name FROM companies WHERE id = ?")
      .bind(frontend?.company_id)
      .first<{ name: string }>();
    expect(company?.name).toBe("Acme wk1");
  });

  it("wrong types fail the run and write nothing", async () => {
    serveFeeds({
      [WORKABLE("wkbad")]: () => json({ name: "X", jobs: [{ title: "Ok", shortcode: 12345, telecommuting: "yes" }] }),
      [WORKABLE("wkobj")]: () => json({ name: "X", jobs: { title: "not a list" } }),
    });
    const bad = await makeSource({ name: "bad", kind: "workable", config: { subdomain: "wkbad" } });
    expect(await expectFailedRun(bad, /unexpected Workable payload/)).toContain("jobs.0.shortcode");
    const obj = await makeSource({ name: "obj", kind: "workable", config: { subdomain: "wkobj" } });
    await expectFailedRun(obj, /jobs: Invalid input: expected array/);
  });
});

describe("Adzuna", () => {
  const credentials = { app_id: "a1b2c3d4", app_key: "adzuna-secret-key-0123456789" };

  it("searches a country with the source's decrypted credentials; predicted salaries are not imported", async () => {
    const { seen } = serveFeeds({ [`${ADZUNA}gb/search/1?`]: () => json(adzunaSearch) });
    const source = await makeSource({
      name: "Adzuna UK",
      kind: "adzuna",
      config: { country: "gb", what: "engineer", max_days_old: 7 },
      credentials,
    });
    // Stored encrypted, never in plain text.
    expect(source.credentialsEnc).toBeTypeOf("string");
    expect(source.credentialsEnc).not.toContain(credentials.app_key);
    const out = await runSource(source);
    expect(out.counts).toMatchObject({ fetched: 3, created: 3, errors: 0 });
    const q = new URL(seen[0]?.url ?? "").searchParams;
    expect(Object.fromEntries(q)).toMatchObject({
      app_id: credentials.app_id,
      app_key: credentials.app_key,
      results_per_page: String(ADZUNA_PAGE_SIZE),
      max_days_old: "7",
      what: "engineer",
    });
    const jobs = await jobsOfSource(source.id);
    const data = jobs.find((j) => j.external_id === "4937218840");
    expect(data).toMatchObject({
      title: "Senior Data Engineer",
      import_source: "adzuna",
      city: "Manchester",
      country: "GB",
      job_type: "full_time",
      experience_level: "senior",
      salary_min: 65000,
      salary_max: 80000,
      salary_currency: "GBP",
      salary_period: "year",
    });
    const warehouse = jobs.find((j) => j.external_id === "4937219911");
    expect(warehouse).toMatchObject({ city: "Leeds", job_type: "contract", salary_min: null, salary_currency: null });
    expect(jobs.find((j) => j.external_id === "4937220007")).toMatchObject({
      country: "GB",
      experience_level: "entry",
    });
    // Each employer is its own company.
    const names = await env.DB.prepare(
      `SELECT name FROM companies WHERE id IN (${jobs.map(() => "?").join(",")}) ORDER BY name`,
    )
      .bind(...jobs.map((j) => j.company_id))
      .all<{ name: string }>();
    expect(names.results.map((r) => r.name)).toEqual([
      "Acme Robotics",
      "Harbour & Co Accountants",
      "Northern Logistics Ltd",
    ]);
  });

  it("pages by the page number in the path, bounded by count and max_pages", async () => {
    const template = adzunaSearch.results[0];
    const full = (page: number) => ({
      count: 1000,
      results: Array.from({ length: ADZUNA_PAGE_SIZE }, (_, i) => ({
        ...template,
        id: `az-${page}-${i}`,
        title: `Courier ${page}-${i} for route ${i % 13}`,
        description: `Deliver parcels on route ${i * 7 + page} around depot ${i % 5}.`,
        redirect_url: `https://www.adzuna.de/jobs/land/ad/az-${page}-${i}`,
      })),
    });
    const { seen } = serveFeeds({
      [`${ADZUNA}de/search/1?`]: () => json(full(1)),
      [`${ADZUNA}de/search/2?`]: () => json(full(2)),
      [`${ADZUNA}de/search/3?`]: () => json(full(3)),
    });
    const source = await makeSource({
      name: "Adzuna DE",
      kind: "adzuna",
      config: { country: "de", max_pages: 2 },
      credentials,
    });
    const out = await runSource(source);
    expect(out.counts).toMatchObject({ fetched: 2 * ADZUNA_PAGE_SIZE });
    expect(seen.map((r) => new URL(r.url).pathname)).toEqual(["/v1/api/jobs/de/search/1", "/v1/api/jobs/de/search/2"]);
  });

  it("requires credentials, fails on wrong types, and never records the key", async () => {
    await expect(makeSource({ name: "No key", kind: "adzuna", config: { country: "gb" } })).rejects.toMatchObject({
      status: 400,
    });
    serveFeeds({
      [`${ADZUNA}fr/search/1?`]: () => json({ count: "many", results: [{ id: 1, title: null }] }),
      [`${ADZUNA}nl/search/1?`]: () =>
        new Response(JSON.stringify({ exception: "AUTH_FAIL", display: "Authorisation failed" }), { status: 401 }),
    });
    const bad = await makeSource({ name: "bad", kind: "adzuna", config: { country: "fr" }, credentials });
    await expectFailedRun(bad, /unexpected Adzuna payload/);
    const denied = await makeSource({ name: "denied", kind: "adzuna", config: { country: "nl" }, credentials });
    const error = await expectFailedRun(denied, /answered 401/);
    const health = await env.DB.prepare("SELECT last_error FROM ingestion_sources WHERE id = ?")
      .bind(denied.id)
      .first<{ last_error: string }>();
    for (const text of [error, health?.last_error ?? ""]) {
      expect(text).not.toContain(credentials.app_key);
      expect(text).not.toContain(credentials.app_id);
    }
  });
});

describe("USAJobs", () => {
  const credentials = { email: "jobs-admin@example.com", api_key: "usajobs-secret-key-abcdef0123" };

  it("searches with the required headers and imports agencies' postings", async () => {
    const { seen } = serveFeeds({ [USAJOBS]: () => json(usajobsSearch) });
    const source = await makeSource({
      name: "USAJobs IT",
      kind: "usajobs",
      config: { keyword: "security", date_posted: 7 },
      credentials,
    });
    const out = await runSource(source);
    expect(out.counts).toMatchObject({ fetched: 2, created: 2, errors: 0 });
    const request = seen[0];
    expect(request?.headers.get("authorization-key")).toBe(credentials.api_key);
    expect(request?.headers.get("user-agent")).toBe(credentials.email);
    expect(Object.fromEntries(new URL(request?.url ?? "").searchParams)).toEqual({
      Page: "1",
      ResultsPerPage: String(USAJOBS_PAGE_SIZE),
      Keyword: "security",
      DatePosted: "7",
    });
    const jobs = await jobsOfSource(source.id);
    const it = jobs.find((j) => j.external_id === "812345600");
    expect(it).toMatchObject({
      title: "IT Specialist (INFOSEC)",
      import_source: "usajobs",
      city: "Washington",
      country: "US",
      job_type: "full_time",
      salary_min: 99200,
      salary_max: 128956,
      salary_currency: "USD",
      salary_period: "year",
      apply_url: "https://www.usajobs.gov/GetJob/ViewDetails/812345600?PostingChannelID=",
    });
    expect(String(it?.description)).toContain("Protect federal networks");
    expect(String(it?.description)).toContain("Lead incident response exercises.");
    expect(jobs.find((j) => j.external_id === "812399001")).toMatchObject({
      job_type: "temporary",
      salary_period: "hour",
      salary_min: 22,
    });
    const company = await env.DB.prepare("SELECT name FROM companies WHERE id = ?")
      .bind(it?.company_id)
      .first<{ name: string }>();
    expect(company?.name).toBe("Cybersecurity and Infrastructure Security Agency");
  });

  it("pages with Page until UserArea.NumberOfPages, bounded by max_pages", async () => {
    const item = usajobsSearch.SearchResult.SearchResultItems[0];
    const pageOf = (page: number) => ({
      ...usajobsSearch,
      SearchResult: {
        SearchResultCount: 1,
        SearchResultCountAll: 3,
        SearchResultItems: [
          {
            ...item,
            MatchedObjectId: `9000${page}`,
            MatchedObjectDescriptor: {
              ...item?.MatchedObjectDescriptor,
              PositionTitle: `Budget Analyst grade ${page + 10}`,
              PositionURI: `https://www.usajobs.gov:443/GetJob/ViewDetails/9000${page}`,
              ApplyURI: [`https://www.usajobs.gov:443/GetJob/ViewDetails/9000${page}`],
              UserArea: { Details: { JobSummary: `Analyse budget line ${page * 17} for bureau ${page}.` } },
            },
          },
        ],
        UserArea: { NumberOfPages: "3", IsRadialSearch: false },
      },
    });
    const { seen } = serveFeeds({
      [`${USAJOBS}Page=1&`]: () => json(pageOf(1)),
      [`${USAJOBS}Page=2&`]: () => json(pageOf(2)),
      [`${USAJOBS}Page=3&`]: () => json(pageOf(3)),
    });
    const source = await makeSource({ name: "Paged", kind: "usajobs", config: {}, credentials });
    const out = await runSource(source);
    expect(out.counts).toMatchObject({ fetched: 3, created: 3 });
    expect(seen.map((r) => new URL(r.url).searchParams.get("Page"))).toEqual(["1", "2", "3"]);
    // Every page carries the key.
    expect(seen.every((r) => r.headers.get("authorization-key") === credentials.api_key)).toBe(true);

    const capped = await makeSource({ name: "Capped", kind: "usajobs", config: { max_pages: 2 }, credentials });
    const before = seen.length;
    expect((await runSource(capped)).counts).toMatchObject({ fetched: 2 });
    expect(seen.length - before).toBe(2);
  });

  it("requires an e-mail and key, fails on wrong types, and never records the key", async () => {
    await expect(
      makeSource({ name: "No mail", kind: "usajobs", config: {}, credentials: { api_key: "k" } }),
    ).rejects.toMatchObject({ status: 400 });
    const bad = await makeSource({ name: "bad", kind: "usajobs", config: { keyword: "bad" }, credentials });
    const denied = await makeSource({ name: "denied", kind: "usajobs", config: { keyword: "denied" }, credentials });
    serveFeeds({
      [`${USAJOBS}Page=1&ResultsPerPage=${USAJOBS_PAGE_SIZE}&Keyword=bad`]: () =>
        json({ SearchResult: { SearchResultCount: "2", SearchResultItems: {} } }),
      [`${USAJOBS}Page=1&ResultsPerPage=${USAJOBS_PAGE_SIZE}&Keyword=denied`]: () =>
        new Response("Unauthorized", { status: 401 }),
    });
    await expectFailedRun(bad, /unexpected USAJobs payload/);
    const error = await expectFailedRun(denied, /answered 401/);
    const rows = await env.DB.prepare("SELECT error FROM ingestion_runs WHERE source_id IN (?, ?)")
      .bind(bad.id, denied.id)
      .all<{ error: string }>();
    for (const text of [error, ...rows.results.map((r) => r.error)]) {
      expect(text).not.toContain(credentials.api_key);
      expect(text).not.toContain(credentials.email);
    }
  });
});
