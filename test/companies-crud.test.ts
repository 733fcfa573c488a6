import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { auditLog, companies, companyMembers } from "../src/platform/db/schema";
import { db, makeCompany, makeJob, signedIn, unique } from "./factories";
import { api, expectProblem } from "./helpers/http";

const base = "/api/v1/companies";

describe("POST /companies", () => {
  it("creates the company with a slug and makes the creator its owner", async () => {
    const emp = await signedIn({ role: "employer" });
    const name = `Ácme & Söns ${unique()}`;
    const r = await api.post(
      base,
      {
        name,
        size: "11-50",
        website: "https://acme.example",
        benefits: ["Remote"],
        social_links: { linkedin: "https://linkedin.com/company/acme" },
        founded_year: 2010,
      },
      { token: emp.token },
    );
    expect(r.status).toBe(201);
    expect(r.json.slug).toMatch(/^acme-and-sons-/);
    expect(r.json).toMatchObject({
      name,
      size: "11-50",
      is_verified: false,
      rating: { average: 0, count: 0 },
      open_jobs_count: 0,
      benefits: ["Remote"],
      logo_url: null,
    });
    const m = await db().select().from(companyMembers).where(eq(companyMembers.companyId, r.json.id)).all();
    expect(m).toEqual([expect.objectContaining({ userId: emp.user.id, role: "owner" })]);
  });

  it("gives a second company with the same name a different, numbered slug", async () => {
    const emp = await signedIn({ role: "employer" });
    const name = `Same Name ${unique()}`;
    const a = await api.post(base, { name }, { token: emp.token });
    const b = await api.post(base, { name }, { token: emp.token });
    expect(b.json.slug).toBe(`${a.json.slug}-2`);
  });

  it("rejects unknown fields and bad values", async () => {
    const emp = await signedIn({ role: "employer" });
    const r1 = await api.post(base, { name: "Acme", is_verified: true }, { token: emp.token });
    expect(expectProblem(r1, 400, "validation-error").errors[0].path).toBe("is_verified");
    expectProblem(await api.post(base, { name: "Acme", size: "huge" }, { token: emp.token }), 400);
    expectProblem(await api.post(base, { name: "Acme", website: "javascript:alert(1)" }, { token: emp.token }), 400);
    expectProblem(await api.post(base, { name: "" }, { token: emp.token }), 400);
  });

  it("requires an employer", async () => {
    expectProblem(await api.post(base, { name: "Acme" }), 401);
    const seeker = await signedIn();
    expectProblem(await api.post(base, { name: "Acme" }, { token: seeker.token }), 403);
  });
});

describe("GET /companies/{id_or_slug}", () => {
  it("answers by id and by slug with rating, counts and JSON-LD, and supports ETags", async () => {
    const co = await makeCompany({ ratingAverage: 4.5, ratingCount: 2, website: "https://x.example" });
    const byId = await api.get(`${base}/${co.id}`);
    expect(byId.status).toBe(200);
    expect(byId.json.rating).toEqual({ average: 4.5, count: 2 });
    expect(byId.json.json_ld).toMatchObject({
      "@context": "https://schema.org",
      "@type": "EmployerAggregateRating",
      ratingValue: 4.5,
      ratingCount: 2,
      bestRating: 5,
      worstRating: 1,
      itemReviewed: { "@type": "Organization", name: co.name, url: "https://x.example" },
    });
    const bySlug = await api.get(`${base}/${co.slug}`);
    expect(bySlug.json.id).toBe(co.id);
    const etag = byId.headers.get("ETag") ?? "";
    const again = await api.get(`${base}/${co.id}`, { headers: { "If-None-Match": etag } });
    expect(again.status).toBe(304);
  });

  it("uses a plain Organization before any review", async () => {
    const co = await makeCompany();
    const r = await api.get(`${base}/${co.slug}`);
    expect(r.json.json_ld["@type"]).toBe("Organization");
  });

  it("404s for unknown companies", async () => {
    expectProblem(await api.get(`${base}/no-such-company`), 404, "not-found");
  });
});

describe("GET /companies", () => {
  it("filters by q, industry, size and verified, and paginates by name", async () => {
    const tag = unique("zz");
    await makeCompany({ name: `${tag} Alpha`, industry: tag, size: "1-10", isVerified: true });
    await makeCompany({ name: `${tag} Beta`, industry: tag, size: "1-10" });
    await makeCompany({ name: `${tag} Gamma`, industry: tag, size: "51-200" });
    const all = await api.get(`${base}?q=${tag}&limit=2`);
    expect(all.json.data.map((c: { name: string }) => c.name)).toEqual([`${tag} Alpha`, `${tag} Beta`]);
    const next = await api.get(`${base}?q=${tag}&limit=2&cursor=${all.json.next_cursor}`);
    expect(next.json.data.map((c: { name: string }) => c.name)).toEqual([`${tag} Gamma`]);
    expect(next.json.next_cursor).toBeNull();
    const small = await api.get(`${base}?industry=${tag}&size=1-10&verified=false`);
    expect(small.json.data.map((c: { name: string }) => c.name)).toEqual([`${tag} Beta`]);
  });

  it("treats LIKE wildcards in q literally and rejects bad cursors and limits", async () => {
    const r = await api.get(`${base}?q=${encodeURIComponent("%_%")}`);
    expect(r.status).toBe(200);
    expect(r.json.data).toEqual([]);
    expectProblem(await api.get(`${base}?cursor=garbage`), 400, "invalid-cursor");
    expectProblem(await api.get(`${base}?limit=500`), 400);
  });
});

describe("PATCH /companies/{id}", () => {
  it("lets members edit; the slug stays", async () => {
    const owner = await signedIn({ role: "employer" });
    const recruiter = await signedIn({ role: "employer" });
    const co = await makeCompany({
      members: [{ userId: owner.user.id }, { userId: recruiter.user.id, role: "recruiter" }],
    });
    const r = await api.patch(`${base}/${co.id}`, { name: "Renamed Inc", industry: null }, { token: recruiter.token });
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({ name: "Renamed Inc", slug: co.slug, industry: null });
  });

  it("hides the company from non-members (404), lets admins edit, rejects mass assignment", async () => {
    const owner = await signedIn({ role: "employer" });
    const co = await makeCompany({ members: [{ userId: owner.user.id }] });
    const other = await signedIn({ role: "employer" });
    expectProblem(await api.patch(`${base}/${co.id}`, { name: "Hijack" }, { token: other.token }), 404);
    expectProblem(await api.patch(`${base}/${co.id}`, { name: "Hijack" }), 401);
    expectProblem(await api.patch(`${base}/${co.id}`, { is_verified: true }, { token: owner.token }), 400);
    expectProblem(await api.patch(`${base}/${co.id}`, { slug: "new" }, { token: owner.token }), 400);
    const admin = await signedIn({ role: "admin" });
    expect((await api.patch(`${base}/${co.id}`, { headquarters: "Oslo" }, { token: admin.token })).status).toBe(200);
    const row = await db().select().from(companies).where(eq(companies.id, co.id)).get();
    expect(row?.name).toBe(co.name);
    expect(row?.headquarters).toBe("Oslo");
  });
});

describe("DELETE /companies/{id}", () => {
  it("lets an owner delete a company without published jobs", async () => {
    const owner = await signedIn({ role: "employer" });
    const co = await makeCompany({ members: [{ userId: owner.user.id }] });
    await makeJob({ companyId: co.id, status: "draft", publishedAt: null });
    expect((await api.delete(`${base}/${co.id}`, { token: owner.token })).status).toBe(204);
    expect(await db().select().from(companies).where(eq(companies.id, co.id)).get()).toBeUndefined();
  });

  it("refuses owners while jobs are published, recruiters always, and non-members with 404", async () => {
    const owner = await signedIn({ role: "employer" });
    const recruiter = await signedIn({ role: "employer" });
    const co = await makeCompany({
      members: [{ userId: owner.user.id }, { userId: recruiter.user.id, role: "recruiter" }],
    });
    await makeJob({ companyId: co.id });
    expectProblem(await api.delete(`${base}/${co.id}`, { token: owner.token }), 409, "company-has-open-jobs");
    expectProblem(await api.delete(`${base}/${co.id}`, { token: recruiter.token }), 403);
    const stranger = await signedIn({ role: "employer" });
    expectProblem(await api.delete(`${base}/${co.id}`, { token: stranger.token }), 404);
    expectProblem(await api.delete(`${base}/${co.id}`), 401);
    expect(await db().select().from(companies).where(eq(companies.id, co.id)).get()).toBeDefined();
  });

  it("lets an admin delete anyway, audited", async () => {
    const co = await makeCompany();
    await makeJob({ companyId: co.id });
    const admin = await signedIn({ role: "admin" });
    expect((await api.delete(`${base}/${co.id}`, { token: admin.token })).status).toBe(204);
    const audit = await db().select().from(auditLog).where(eq(auditLog.targetId, co.id)).all();
    expect(audit.map((a) => a.action)).toEqual(["company.delete"]);
  });
});

describe("GET /companies/{id}/jobs", () => {
  it("lists only published jobs, newest first, with cursors", async () => {
    const co = await makeCompany();
    const t = Date.now();
    const a = await makeJob({ companyId: co.id, publishedAt: t - 3000 });
    const b = await makeJob({ companyId: co.id, publishedAt: t - 2000 });
    const c = await makeJob({ companyId: co.id, publishedAt: t - 1000 });
    await makeJob({ companyId: co.id, status: "draft", publishedAt: null });
    await makeJob({ companyId: co.id, status: "closed", publishedAt: t });
    const p1 = await api.get(`${base}/${co.slug}/jobs?limit=2`);
    expect(p1.json.data.map((j: { id: string }) => j.id)).toEqual([c.id, b.id]);
    const p2 = await api.get(`${base}/${co.id}/jobs?limit=2&cursor=${p1.json.next_cursor}`);
    expect(p2.json.data.map((j: { id: string }) => j.id)).toEqual([a.id]);
    expect(p2.json.next_cursor).toBeNull();
    expect(p1.json.data[0]).toMatchObject({ job_type: "full_time", is_remote: false, salary: null });
    expectProblem(await api.get(`${base}/nope/jobs`), 404);
  });
});
