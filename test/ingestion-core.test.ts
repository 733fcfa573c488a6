import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { companyMatchKey } from "../src/lib/company-name";
import { matchOrCreateImportedCompanies } from "../src/modules/companies";
import { companyKey, dedupKey, locationKey, sameJob, titleKey } from "../src/modules/ingestion";
import { expireImportedJobs, importedJobInsert, importedJobUpdate } from "../src/modules/jobs";
import { createDb } from "../src/platform/db/client";
import { makeCompany, makeJob } from "./factories";

const db = () => createDb(env.DB);

const DESCRIPTION =
  "We are looking for a backend engineer to build our payments platform in Go and PostgreSQL. " +
  "You will design APIs, own services end to end, and mentor other engineers. We offer equity, " +
  "a learning budget and flexible hours. Experience with Kubernetes and AWS is a plus.";

describe("near-duplicate keys and verification", () => {
  const DUTIES = [
    "Design the payments API together with the backend team.",
    "Own the ledger service end to end.",
    "Mentor two engineers and review their designs.",
  ];
  const REQS = [
    "5+ years of Go in production.",
    "Experience with PostgreSQL and Kubernetes.",
    "Clear written English.",
  ];
  const PERKS = ["30 days of paid holiday.", "A yearly learning budget.", "Private health insurance."];
  const text = (...sections: string[][]) => sections.map((s) => s.map((l) => `- ${l}`).join("\n")).join("\n\n");
  const base = {
    title: "Senior Backend Engineer",
    company: "Acme Payments",
    city: "Berlin",
    description: `${DESCRIPTION}\n\n${text(DUTIES, REQS, PERKS)}`,
  };

  it("normalises company suffixes, city exonyms and title noise", () => {
    expect(companyKey("Acme Payments GmbH")).toBe("acme payments");
    expect(companyKey("ACME Payments, Inc.")).toBe("acme payments");
    expect(companyKey("The Acme Payments B.V.")).toBe("acme payments");
    expect(companyKey("Co")).toBe("co");
    expect(locationKey("München")).toBe("munich");
    expect(locationKey("Warszawa")).toBe("warsaw");
    expect(locationKey("New York City")).toBe("new york");
    expect(locationKey(null)).toBe("");
    expect(titleKey("Sr. Backend Engineer (m/w/d)")).toBe("senior backend engineer");
  });

  it("merges a repost with a trimmed description and boilerplate, found through a shared band", () => {
    const a = dedupKey(base);
    const repost = dedupKey({
      ...base,
      title: "Sr. Backend Engineer (m/w/d)",
      description: `${DESCRIPTION}\n\n${text(DUTIES, REQS)}\n\nWe are an equal opportunity employer.`,
    });
    expect(a.bands.some((x, i) => x === repost.bands[i])).toBe(true);
    expect(sameJob(a, repost)).toBe(true);
  });

  it("merges company suffix and city alias variants", () => {
    const a = dedupKey({ ...base, city: "Munich" });
    const b = dedupKey({ ...base, company: "Acme Payments GmbH", city: "München" });
    expect(b.bands[0]).toBe(a.bands[0]);
    expect(sameJob(a, b)).toBe(true);
  });

  it("does not merge the same company and title in another city", () => {
    expect(sameJob(dedupKey(base), dedupKey({ ...base, city: "Hamburg" }))).toBe(false);
  });

  it("does not merge a sibling posting with other duties and requirements sharing the company template", () => {
    // Same company, title and city, the same about text and perks: another team's opening.
    const sibling = dedupKey({
      ...base,
      description: `${DESCRIPTION}\n\n${text(
        [
          "Build the fraud scoring pipeline with the risk team.",
          "Run the on-call rotation for payouts.",
          "Migrate batch jobs to streaming.",
        ],
        ["3+ years of Kotlin or Java.", "Experience with Kafka and event sourcing.", "Fluent German."],
        PERKS,
      )}`,
    });
    expect(sameJob(dedupKey(base), sibling)).toBe(false);
  });

  it("does not merge another company's identical posting", () => {
    expect(sameJob(dedupKey(base), dedupKey({ ...base, company: "Acme Lending" }))).toBe(false);
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

  it("matches legal-form spellings by one key: verified first, then oldest; rows without a match key by name_key", async () => {
    const old = await makeCompany({ name: "Fabrikam Matching", createdAt: Date.now() - 10_000 });
    const verified = await makeCompany({ name: "Fabrikam Matching Inc.", verified: true });
    // A company from before migration 0038: no match key yet (the fold-keys cron fills it).
    const legacy = await makeCompany({ name: "Contoso Legacy" });
    await env.DB.prepare("UPDATE companies SET match_key = NULL WHERE id = ?").bind(legacy.id).run();
    const res = await matchOrCreateImportedCompanies(db(), [
      { name: "Fabrikam Matching GmbH" },
      { name: "FABRIKAM MATCHING, LTD" },
      { name: "The Contoso Legacy B.V." },
    ]);
    // Two existing companies share the key: both rows stay, the verified one is chosen.
    expect(res.ids.get("n:fabrikam matching")).toBe(verified.id);
    expect(res.ids.get("n:contoso legacy")).toBe(legacy.id);
    expect(res.inserts).toHaveLength(0);
    expect(old.id).not.toBe(verified.id);
    const { foldMissingKeys } = await import("../src/platform/db/fold-keys");
    await foldMissingKeys(db(), 1000);
    const row = await env.DB.prepare("SELECT match_key FROM companies WHERE id = ?").bind(legacy.id).first();
    expect(row).toEqual({ match_key: "contoso legacy" });
    expect(companyMatchKey("Contoso Legacy Sp. z o.o.")).toBe("contoso legacy");
    expect(companyMatchKey("+++")).toBe("+++");
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
