import { beforeAll, describe, expect, it } from "vitest";
import { api, expectProblem } from "./helpers/http";
import { buildDataset, type Dataset, highKey, lowKey, matches, type Params, qs } from "./helpers/search-data";

let ds: Dataset;
beforeAll(async () => {
  ds = await buildDataset();
});

/** Walks every page and returns all ids in order, checking there are no duplicates. */
async function allPages(p: Params, limit = 7) {
  const ids: string[] = [];
  let cursor: string | null = null;
  let total = -1;
  for (let i = 0; i < 50; i++) {
    const r = await api.get(`/api/v1/jobs?${qs({ ...p, limit: String(limit), ...(cursor ? { cursor } : {}) })}`);
    expect(r.status, JSON.stringify(r.json)).toBe(200);
    ids.push(...r.json.data.map((j: { id: string }) => j.id));
    total = r.json.total;
    cursor = r.json.next_cursor;
    if (!cursor) break;
  }
  expect(new Set(ids).size).toBe(ids.length);
  return { ids, total };
}

const cases = (): Array<[string, Params]> => [
  ["no filters", {}],
  ["category with descendants", { category: ds.categories.root.id }],
  ["leaf category", { category: ds.categories.sales.id }],
  ["company by id", { company: ds.companies[0]?.id ?? "" }],
  ["location text", { location: "germany" }],
  ["location parts", { location: "Berlin, Germany" }],
  ["radius", { lat: "52.52", lng: "13.405", radius_km: "40" }],
  ["remote", { remote: "true" }],
  ["not remote", { remote: "false" }],
  ["job types", { job_type: "full_time,contract" }],
  ["levels", { experience_level: "senior,lead" }],
  ["salary min", { salary_min: "80000" }],
  ["salary range", { salary_min: "50000", salary_max: "90000" }],
  ["currency", { currency: "USD" }],
  ["skills (all)", { skills: "go,sql" }],
  ["posted within", { posted_within: "10" }],
  ["featured", { featured: "true" }],
  ["combined", { job_type: "full_time,part_time", remote: "false", location: "Germany", salary_min: "40000" }],
];

describe("GET /jobs filters", () => {
  it("never lists drafts, closed or expired jobs", async () => {
    const { ids } = await allPages({}, 100);
    const hidden = ds.jobs.filter((j) => !ds.visible.includes(j)).map((j) => j.id);
    expect(hidden.length).toBeGreaterThan(0);
    for (const id of hidden) expect(ids).not.toContain(id);
  });

  it("matches a brute-force filter for every parameter, with exact totals", async () => {
    for (const [name, p] of cases()) {
      const expected = ds.visible.filter((j) => matches(j, p, ds)).map((j) => j.id);
      const { ids, total } = await allPages(p);
      expect(new Set(ids), name).toEqual(new Set(expected));
      expect(total, name).toBe(expected.length);
    }
    // The data set must make the filters meaningful (not all-or-nothing).
    const sizes = cases().map(([, p]) => ds.visible.filter((j) => matches(j, p, ds)).length);
    expect(sizes.filter((s) => s > 0 && s < ds.visible.length).length).toBeGreaterThan(12);
  });

  it("orders and pages completely for every sort (no duplicates, no gaps)", async () => {
    const newest = [...ds.visible].sort(
      (a, b) => (b.publishedAt ?? 0) - (a.publishedAt ?? 0) || (a.id < b.id ? 1 : -1),
    );
    expect((await allPages({ sort: "newest" }, 5)).ids).toEqual(newest.map((j) => j.id));
    const desc = [...ds.visible].sort((a, b) => highKey(b) - highKey(a) || (a.id < b.id ? 1 : -1));
    expect((await allPages({ sort: "salary_desc" }, 6)).ids).toEqual(desc.map((j) => j.id));
    const asc = [...ds.visible].sort((a, b) => lowKey(a) - lowKey(b) || (a.id < b.id ? -1 : 1));
    expect((await allPages({ sort: "salary_asc" }, 4)).ids).toEqual(asc.map((j) => j.id));
    // Relevance without q falls back to newest.
    expect((await allPages({ sort: "relevance" }, 9)).ids).toEqual(newest.map((j) => j.id));
  });

  it("computes facets over the filtered set, each ignoring its own filter", async () => {
    const p: Params = { job_type: "full_time", remote: "false", location: "Germany" };
    const r = await api.get(
      `/api/v1/jobs?${qs({ ...p, facets: "category,job_type,experience_level,location,remote,company,salary" })}`,
    );
    expect(r.status).toBe(200);
    const count = (facet: string, key: (j: (typeof ds.visible)[number]) => string | null) => {
      const out: Record<string, number> = {};
      for (const j of ds.visible.filter((x) => matches(x, p, ds, facet))) {
        const k = key(j);
        if (k !== null) out[k] = (out[k] ?? 0) + 1;
      }
      return out;
    };
    const asMap = (vals: Array<{ value: string; count: number }>) =>
      Object.fromEntries(vals.map((v) => [v.value, v.count]));
    expect(asMap(r.json.facets.job_type)).toEqual(count("job_type", (j) => j.jobType));
    expect(asMap(r.json.facets.experience_level)).toEqual(count("experience_level", (j) => j.experienceLevel));
    expect(asMap(r.json.facets.remote)).toEqual(count("remote", (j) => String(j.isRemote)));
    expect(asMap(r.json.facets.company)).toEqual(count("company", (j) => j.companyId));
    expect(asMap(r.json.facets.category)).toEqual(count("category", (j) => j.categoryId));
    expect(asMap(r.json.facets.location)).toEqual(count("location", (j) => j.city));
    const buckets = [30_000, 50_000, 75_000, 100_000, 150_000, 200_000];
    expect(asMap(r.json.facets.salary)).toEqual(
      count("salary", (j) => {
        const v = highKey(j);
        if (v < 0) return null;
        const i = buckets.findIndex((b) => v < b);
        return i === -1 ? "200000+" : `${i === 0 ? 0 : buckets[i - 1]}-${buckets[i]}`;
      }),
    );
    // Ignoring its own filter: other job types are still counted.
    expect(r.json.facets.job_type.length).toBeGreaterThan(1);
    expect(r.json.facets.company[0].label).toBeTruthy();
  });

  it("returns distance for radius searches and rejects invalid parameters", async () => {
    const r = await api.get("/api/v1/jobs?lat=52.52&lng=13.405&radius_km=30");
    for (const j of r.json.data) expect(j.distance_km).toBeLessThanOrEqual(30);
    for (const bad of [
      "job_type=gig",
      "experience_level=guru",
      "lat=52.5",
      "radius_km=5",
      "salary_min=10&salary_max=5",
      "limit=0",
      "limit=101",
      "sort=random",
      "facets=colour",
      "posted_within=0",
      "remote=maybe",
      "cursor=not-a-cursor",
    ]) {
      expectProblem(await api.get(`/api/v1/jobs?${bad}`), 400);
    }
    // A cursor from one query cannot continue another.
    const first = await api.get("/api/v1/jobs?limit=2&sort=newest");
    expectProblem(
      await api.get(`/api/v1/jobs?limit=2&sort=salary_desc&cursor=${first.json.next_cursor}`),
      400,
      "invalid-cursor",
    );
  });
});
