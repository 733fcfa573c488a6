/**
 * Filter tokens in the FTS index (migration 0033, src/modules/search/filter-tokens.ts):
 * the tokens the view writes are the ones the query side builds, the jobs
 * triggers keep them right on insert, update of every filter column and delete,
 * and a filtered text search returns exactly what the row checks would.
 */
import { env } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { filterToken, salaryBand } from "../src/modules/search/filter-tokens";
import { makeCategory, makeCompany, makeJob } from "./factories";
import { api } from "./helpers/http";

async function filtersOf(jobId: string): Promise<string[] | null> {
  const row = await env.DB.prepare("SELECT filters FROM job_search_docs WHERE job_id = ?")
    .bind(jobId)
    .first<{ filters: string }>();
  return row ? row.filters.split(" ") : null;
}

async function ids(query: string): Promise<string[]> {
  const r = await api.get(`/api/v1/jobs?${query}&limit=100`);
  expect(r.status, query).toBe(200);
  return (r.json.data as Array<{ id: string }>).map((j) => j.id).sort();
}

describe("filter tokens", () => {
  let companyId = "";
  let categoryId = "";
  let childId = "";
  beforeAll(async () => {
    const company = await makeCompany({ name: "Quokka Works" });
    companyId = company.id;
    const parent = await makeCategory({ name: "Zeta Parent" });
    categoryId = parent.id;
    childId = (await makeCategory({ name: "Zeta Child", parentId: parent.id })).id;
  });

  it("the view writes the tokens the query side builds", async () => {
    const job = await makeJob({
      companyId,
      categoryId,
      title: "Tokenised Plumber",
      isRemote: true,
      jobType: "contract",
      experienceLevel: "senior",
      city: "São Paulo",
      country: "Brazil",
      salaryMin: 40_000,
      salaryMax: 61_000,
      salaryCurrency: "BRL",
      salaryPeriod: "year",
    });
    const tokens = await filtersOf(job.id);
    expect(tokens).toEqual(
      expect.arrayContaining([
        "za0",
        "zr10",
        "zf00",
        filterToken("t", "contract"),
        filterToken("l", "senior"),
        filterToken("o", companyId),
        filterToken("c", categoryId),
        filterToken("p", "sao paulo"),
        filterToken("p", "brazil"),
        filterToken("u", "BRL"),
        "zs0k0",
        "zs60k0",
      ]),
    );
    // Bands up to the upper figure only.
    expect(tokens).not.toContain("zs70k0");
    expect(salaryBand(60_000)).toEqual({ token: "zs60k0", exact: true });
    expect(salaryBand(65_000)).toEqual({ token: "zs60k0", exact: false });
  });

  it("keeps the tokens right on update of each filter column, unpublish and delete", async () => {
    const job = await makeJob({ companyId, title: "Trigger Walrus", jobType: "full_time" });
    expect(await ids("q=walrus&job_type=full_time")).toEqual([job.id]);
    await env.DB.prepare(
      "UPDATE jobs SET job_type = 'part_time', is_remote = 1, city = 'Oslo', city_key = 'oslo' WHERE id = ?",
    )
      .bind(job.id)
      .run();
    expect(await ids("q=walrus&job_type=full_time")).toEqual([]);
    expect(await ids("q=walrus&job_type=part_time&remote=true&location=oslo")).toEqual([job.id]);
    await env.DB.prepare("UPDATE jobs SET salary_max_yearly = 90000, category_id = ? WHERE id = ?")
      .bind(childId, job.id)
      .run();
    // The parent category includes its sub-categories.
    expect(await ids(`q=walrus&salary_min=90000&category=${categoryId}`)).toEqual([job.id]);
    expect(await ids("q=walrus&salary_min=100000")).toEqual([]);
    // Between two band steps: the lower step's token, then the row check.
    expect(await ids("q=walrus&salary_min=85000")).toEqual([job.id]);
    expect(await ids("q=walrus&salary_min=95000")).toEqual([]);
    await env.DB.prepare("UPDATE jobs SET status = 'draft' WHERE id = ?").bind(job.id).run();
    expect(await filtersOf(job.id)).toBeNull();
    await env.DB.prepare("UPDATE jobs SET status = 'published' WHERE id = ?").bind(job.id).run();
    expect(await ids("q=walrus&remote=true")).toEqual([job.id]);
    await env.DB.prepare("DELETE FROM jobs WHERE id = ?").bind(job.id).run();
    expect(await filtersOf(job.id)).toBeNull();
    expect(await ids("q=walrus")).toEqual([]);
  });

  it("an unknown category or company matches nothing (not everything)", async () => {
    await makeJob({ companyId, title: "Ghost Narwhal" });
    expect(await ids("q=narwhal")).toHaveLength(1);
    expect(await ids("q=narwhal&category=no-such-category")).toEqual([]);
    expect(await ids("q=narwhal&company=no-such-company")).toEqual([]);
    expect(await ids(`q=narwhal&company=${companyId}`)).toHaveLength(1);
  });
});
