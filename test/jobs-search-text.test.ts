import { env } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { makeCategory, makeCompany, makeJob } from "./factories";
import { api } from "./helpers/http";

let titleJob: string;
let descJob: string;
let skillJob: string;

beforeAll(async () => {
  const company = await makeCompany({ verified: true, name: "Umbrella Analytics" });
  const cat = await makeCategory({ name: "Infrastructure" });
  titleJob = (
    await makeJob({ companyId: company.id, title: "Kubernetes Platform Engineer", description: "Run clusters." })
  ).id;
  descJob = (
    await makeJob({
      companyId: company.id,
      title: "Site Reliability Engineer",
      description: "You will sometimes touch kubernetes manifests and <script>alert(1)</script> **markdown**.",
    })
  ).id;
  skillJob = (
    await makeJob({
      companyId: company.id,
      categoryId: cat.id,
      title: "Platform Developer",
      skills: ["Kubernetes", "Terraform"],
    })
  ).id;
  await makeJob({
    companyId: company.id,
    title: "Pastry Chef",
    description: "Croissants über alles. 🥐",
    city: "Zürich",
    country: "Switzerland",
  });
  await makeJob({
    companyId: company.id,
    title: "Python Developer",
    description: "Django and data.",
    skills: ["Python"],
  });
  await makeJob({ companyId: company.id, title: "Kubernetes Engineer", status: "draft", publishedAt: null });
});

const search = (q: string, extra = "") => api.get(`/api/v1/jobs?q=${encodeURIComponent(q)}${extra}`);

describe("full-text search", () => {
  it("ranks a title match above skill and description-only matches, with highlights", async () => {
    const r = await search("kubernetes");
    expect(r.status).toBe(200);
    const ids = r.json.data.map((j: { id: string }) => j.id);
    expect(ids).toEqual([titleJob, skillJob, descJob]);
    expect(r.json.total).toBe(3);
    expect(r.json.data[0].highlight.title).toBe("<mark>Kubernetes</mark> Platform Engineer");
    const snippet: string = r.json.data[2].highlight.snippet;
    expect(snippet).toContain("<mark>kubernetes</mark>");
    // Description text is escaped: only our <mark> tags are HTML.
    expect(snippet.replaceAll("<mark>", "").replaceAll("</mark>", "")).not.toMatch(/<|>/);
  });

  it("stems (engineering finds engineer), searches company and category names, and paginates by relevance", async () => {
    const r = await search("engineering");
    expect(r.json.data.map((j: { id: string }) => j.id)).toContain(titleJob);
    expect((await search("umbrella")).json.total).toBeGreaterThanOrEqual(5);
    expect((await search("infrastructure")).json.data.map((j: { id: string }) => j.id)).toEqual([skillJob]);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page = await search("engineer", `&limit=1${cursor ? `&cursor=${cursor}` : ""}`);
      seen.push(...page.json.data.map((j: { id: string }) => j.id));
      cursor = page.json.next_cursor;
    } while (cursor);
    const all = await search("engineer", "&limit=50");
    expect(seen).toEqual(all.json.data.map((j: { id: string }) => j.id));
    expect(new Set(seen).size).toBe(seen.length);
  });

  it("never fails on hostile or odd input", async () => {
    const inputs = [
      '"',
      '"unbalanced',
      "kubernetes*",
      "*",
      "NEAR(kubernetes engineer)",
      "title:kubernetes",
      "kubernetes AND OR NOT",
      "-kubernetes",
      "^kubernetes",
      "(kubernetes",
      "'; DROP TABLE jobs; --",
      "1=1 OR 1=1",
      "🥐🥐🥐",
      "\u0000\u0001",
      "über",
      "ZÜRICH",
      "a".repeat(1000),
      "kubernetes ".repeat(100),
      "%_\\",
      "{}[]<>",
    ];
    for (const q of inputs) {
      const r = await search(q, "&facets=job_type,company");
      expect(r.status, q).toBe(200);
      expect(Array.isArray(r.json.data)).toBe(true);
    }
    expect((await search("kubernetes*")).json.total).toBe(3);
    expect((await search("'; DROP TABLE jobs; --")).json.total).toBe(0);
    expect((await search("🥐")).json.total).toBe(0);
    // Diacritics are folded: "uber" finds "über".
    expect((await search("uber")).json.total).toBe(1);
    const table = await env.DB.prepare("SELECT count(*) AS n FROM jobs").first<{ n: number }>();
    expect(table?.n).toBeGreaterThan(0);
  });

  it("corrects typos when nothing matches and reports corrected_query", async () => {
    const r = await search("kuberentes");
    expect(r.json.corrected_query).toBe("kubernetes");
    expect(r.json.total).toBe(3);
    // Some misspellings stem to the same word and need no correction at all.
    const stemmed = await search("kubernets");
    expect(stemmed.json.total).toBe(3);
    expect(stemmed.json.corrected_query).toBeUndefined();
    const two = await search("pyhton developr");
    expect(two.json.corrected_query).toBe("python developer");
    expect(two.json.data[0].title).toBe("Python Developer");
    // Exact matches are never "corrected", and gibberish stays empty.
    expect((await search("kubernetes")).json.corrected_query).toBeUndefined();
    const none = await search("qwxzv");
    expect(none.json.total).toBe(0);
    expect(none.json.corrected_query).toBeUndefined();
  });

  it("pages completely through equally ranked matches (ties at the edge of the top matches)", async () => {
    const company = await makeCompany({ verified: true });
    const twins: string[] = [];
    for (let i = 0; i < 45; i++) {
      twins.push(
        (await makeJob({ companyId: company.id, title: "Identical Twin Role", description: "Same text." })).id,
      );
    }
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page = await search("identical twin", `&limit=5${cursor ? `&cursor=${cursor}` : ""}`);
      expect(page.status).toBe(200);
      seen.push(...page.json.data.map((j: { id: string }) => j.id));
      cursor = page.json.next_cursor;
    } while (cursor);
    expect(seen).toHaveLength(45);
    expect(new Set(seen)).toEqual(new Set(twins));
  });

  it("never shows a job past its expiry, even before the cron has expired it", async () => {
    const company = await makeCompany({ verified: true });
    await makeJob({ companyId: company.id, title: "Wizard Of Lapsed Postings", expiresAt: Date.now() - 1000 });
    const r = await search("wizard");
    expect(r.status).toBe(200);
    expect(r.json.data).toEqual([]);
    expect((await search("wizard", "&remote=false")).json.total).toBe(0);
  });

  it("does not index unpublished jobs", async () => {
    const r = await search("kubernetes engineer");
    expect(r.json.data.map((j: { title: string }) => j.title)).not.toContain("Kubernetes Engineer");
  });
});

describe("GET /jobs/suggest", () => {
  it("suggests titles, companies, skills and locations by word prefix, at most 10", async () => {
    const r = await api.get("/api/v1/jobs/suggest?q=kub");
    expect(r.status).toBe(200);
    expect(r.json.data).toContainEqual({ type: "title", value: "Kubernetes Platform Engineer" });
    expect(r.json.data).toContainEqual({ type: "skill", value: "Kubernetes" });
    expect((await api.get("/api/v1/jobs/suggest?q=umb")).json.data).toContainEqual({
      type: "company",
      value: "Umbrella Analytics",
    });
    expect((await api.get("/api/v1/jobs/suggest?q=zur")).json.data).toContainEqual({
      type: "location",
      value: "Zürich",
    });
    expect((await api.get("/api/v1/jobs/suggest?q=eng")).json.data.length).toBeLessThanOrEqual(10);
    // Unpublished titles are not suggested.
    const titles = (await api.get("/api/v1/jobs/suggest?q=kubernetes%20eng")).json.data.map(
      (s: { value: string }) => s.value,
    );
    expect(titles).not.toContain("Kubernetes Engineer");
  });

  it("is typo tolerant and safe on odd input", async () => {
    const r = await api.get("/api/v1/jobs/suggest?q=terrafrom");
    expect(r.json.corrected_query).toBe("terraform");
    expect(r.json.data).toContainEqual({ type: "skill", value: "Terraform" });
    for (const q of ['"', "*", "NEAR(", "🥐", "", "x".repeat(200)]) {
      const res = await api.get(`/api/v1/jobs/suggest?q=${encodeURIComponent(q)}`);
      expect(res.status, q).toBe(200);
    }
  });
});
