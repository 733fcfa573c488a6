import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { matchOrCreateImportedCompanies } from "../src/modules/companies";
import { bands, hamming, simhash } from "../src/modules/ingestion";
import { expireImportedJobs, importedJobInsert, importedJobUpdate } from "../src/modules/jobs";
import { createDb } from "../src/platform/db/client";
import { makeCompany, makeJob } from "./factories";

const db = () => createDb(env.DB);

const DESCRIPTION =
  "We are looking for a backend engineer to build our payments platform in Go and PostgreSQL. " +
  "You will design APIs, own services end to end, and mentor other engineers. We offer equity, " +
  "a learning budget and flexible hours. Experience with Kubernetes and AWS is a plus.";

describe("simhash fingerprints", () => {
  const base = { title: "Senior Backend Engineer", company: "Acme", location: "Berlin, DE", description: DESCRIPTION };

  it("puts a repost with small edits within distance 3 and a different role far away", () => {
    const a = simhash(base);
    const repost = simhash({
      ...base,
      title: "Senior Backend Engineer (m/w/d)",
      description: `${DESCRIPTION} Apply now!`,
    });
    const other = simhash({
      ...base,
      title: "Product Designer",
      description: "Design our mobile apps in Figma with the product team.",
    });
    expect(a).toMatch(/^[0-9a-f]{16}$/);
    expect(hamming(a, repost)).toBeLessThanOrEqual(3);
    expect(hamming(a, other)).toBeGreaterThan(3);
  });

  it("splits into four 16-bit bands", () => {
    expect(bands("0001ffff8000abcd")).toEqual([1, 0xffff, 0x8000, 0xabcd]);
    expect(hamming("0000000000000000", "000000000000000f")).toBe(4);
  });
});

describe("imported companies and jobs (face functions)", () => {
  it("matches companies by domain, then folded name, and creates the rest unverified in the caller's batch", async () => {
    const byDomain = await makeCompany({
      name: "Acme Corporation",
      website: "https://acme.example.com",
      domain: "acme.example.com",
    });
    const byName = await makeCompany({ name: "Zürich Widgets", nameKey: "zurich widgets" });
    const res = await matchOrCreateImportedCompanies(db(), [
      { name: "ACME", website: "https://www.acme.example.com/careers" },
      { name: "zurich widgets" },
      { name: "Brand New Startup", website: "https://brandnew.example.org" },
    ]);
    expect(res.ids.get("d:acme.example.com")).toBe(byDomain.id);
    expect(res.ids.get("n:zurich widgets")).toBe(byName.id);
    const createdId = res.ids.get("d:brandnew.example.org");
    expect(createdId).toBeDefined();
    expect(res.inserts).toHaveLength(1);
    // Nothing is written until the caller runs the statements.
    expect(await env.DB.prepare("SELECT 1 FROM companies WHERE id = ?").bind(createdId).first()).toBeNull();
    const [first, ...rest] = res.inserts;
    if (first) await db().batch([first, ...rest]);
    const row = await env.DB.prepare("SELECT is_verified, imported_at, domain FROM companies WHERE id = ?")
      .bind(createdId)
      .first<{ is_verified: number; imported_at: number | null; domain: string }>();
    expect(row).toMatchObject({ is_verified: 0, domain: "brandnew.example.org" });
    expect(row?.imported_at).toBeTypeOf("number");
  });

  it("inserts, updates and expires imported jobs, and never touches a job posted here", async () => {
    const company = await makeCompany();
    const native = await makeJob({ companyId: company.id });
    const now = Date.now();
    const input = {
      companyId: company.id,
      categoryId: null,
      importSource: "greenhouse",
      title: "Data Engineer",
      description: "Pipelines.",
      city: "Berlin",
      region: null,
      country: "DE",
      lat: null,
      lng: null,
      isRemote: false,
      jobType: "full_time" as const,
      experienceLevel: "mid" as const,
      salary: { min: 60000, max: 80000, currency: "EUR", period: "year" as const },
      skills: ["Python", "SQL"],
      applyUrl: "https://boards.greenhouse.io/acme/jobs/1",
      postedAt: null,
    };
    const id = crypto.randomUUID();
    const [a, ...b] = importedJobInsert(db(), id, input, now);
    if (a) await db().batch([a, ...b]);
    const [c, ...d] = importedJobUpdate(db(), native.id, { ...input, title: "Hijacked" }, now);
    if (c) await db().batch([c, ...d]);
    const [e, ...f] = importedJobUpdate(db(), id, { ...input, skills: ["Rust"] }, now + 1);
    if (e) await db().batch([e, ...f]);
    const skills = await env.DB.prepare("SELECT skill FROM job_skills WHERE job_id = ? ORDER BY skill").bind(id).all();
    expect(skills.results).toEqual([{ skill: "rust" }]);
    const nativeRow = await env.DB.prepare("SELECT title FROM jobs WHERE id = ?").bind(native.id).first();
    expect(nativeRow).toEqual({ title: native.title });
    const [x, ...y] = expireImportedJobs(db(), [id, native.id], now + 2);
    const results = x ? await db().batch([x, ...y]) : [];
    expect(results.flat()).toEqual([{ id }]);
    const row = await env.DB.prepare("SELECT status, import_source FROM jobs WHERE id = ?").bind(id).first();
    expect(row).toEqual({ status: "expired", import_source: "greenhouse" });
  });
});
