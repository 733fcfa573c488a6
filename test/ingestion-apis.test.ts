/** SmartRecruiters, Workable, Adzuna and USAJobs adapters against recorded real-shaped payloads (fetch intercepted). */
import { env } from "cloudflare:test";
import { afterEach, describe, expect, it, vi } from "vitest";
import { SMARTRECRUITERS_PAGE_SIZE } from "../src/modules/ingestion/adapters/smartrecruiters";
import smartrecruitersPostings from "./fixtures/ingestion/smartrecruiters-postings.json";
import workableAccount from "./fixtures/ingestion/workable-account.json";
import { jobsOfSource, json, makeSource, runSource, serveFeeds, tagged } from "./helpers/ingestion";

afterEach(() => vi.restoreAllMocks());

const WORKABLE = (subdomain: string) => `https://apply.workable.com/api/v1/widget/accounts/${subdomain}`;
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
    serveFeeds({ [SR("sr1")]: () => json(tagged(smartrecruitersPostings, "sr1")) });
    const source = await makeSource({ name: "SR", kind: "smartrecruiters", config: { company_identifier: "sr1" } });
    const out = await runSource(source);
    expect(out.status).toBe("succeeded");
    expect(out.counts).toMatchObject({ fetched: 3, created: 3, errors: 0 });
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
    expect(jobs.find((j) => j.external_id === "744000031234502")).toMatchObject({
      is_remote: 1,
      country: "US",
      job_type: "part_time",
      experience_level: "entry",
      // No jobAd in the list: the title stands in for the description.
      description: "Customer Support Specialist",
    });
    expect(jobs.find((j) => j.external_id === "744000031234503")).toMatchObject({ job_type: "internship" });
    const company = await env.DB.prepare("SELECT name FROM companies WHERE id = ?")
      .bind(platform?.company_id)
      .first<{ name: string }>();
    expect(company?.name).toBe("Acme sr1");
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
    });
    const source = await makeSource({
      name: "SR paged",
      kind: "smartrecruiters",
      config: { company_identifier: "srpaged", company_name: "Paged SR" },
    });
    const out = await runSource(source);
    expect(out.counts).toMatchObject({ fetched: total, created: total });
    expect(seen.map((r) => new URL(r.url).searchParams.get("offset"))).toEqual([
      "0",
      String(SMARTRECRUITERS_PAGE_SIZE),
    ]);
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
