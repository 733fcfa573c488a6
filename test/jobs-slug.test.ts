/**
 * Job slugs (migration 0023): unique (a colliding insert or rename gets a suffix
 * from the id), and `GET /jobs/{id}` accepts the slug. Zero-result searches are
 * counted for admins.
 */
import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { makeCompany, makeJob, signedIn } from "./factories";
import { waitFor } from "./helpers/accounts";
import { api } from "./helpers/http";

/** The search term is recorded after the response (waitUntil): poll for it. */
function waitForSearchTerm(term: string, searches: number) {
  return waitFor(async () => {
    const row = await env.DB.prepare("SELECT sum(count) AS n FROM search_terms WHERE term = ?")
      .bind(term)
      .first<{ n: number | null }>();
    return Number(row?.n ?? 0) >= searches;
  });
}

async function slugOf(id: string): Promise<string> {
  const row = await env.DB.prepare("SELECT slug FROM jobs WHERE id = ?").bind(id).first<{ slug: string }>();
  return String(row?.slug);
}

describe("job slugs", () => {
  it("keeps slugs unique on insert and rename, and GET /jobs/{slug} finds the job", async () => {
    const company = await makeCompany({ verified: true });
    const a = await makeJob({ companyId: company.id, title: "Slug Test Gardener" });
    const b = await makeJob({ companyId: company.id, title: "Slug Test Gardener" });
    const c = await makeJob({ companyId: company.id, title: "Slug Test Baker" });
    expect(await slugOf(a.id)).toBe("slug-test-gardener");
    const bSlug = await slugOf(b.id);
    expect(bSlug).toMatch(/^slug-test-gardener-[0-9a-f]{8}$/);
    await env.DB.prepare("UPDATE jobs SET slug = 'slug-test-gardener' WHERE id = ?").bind(c.id).run();
    const cSlug = await slugOf(c.id);
    expect(cSlug).toMatch(/^slug-test-gardener-[0-9a-f]{8}$/);
    expect(new Set([await slugOf(a.id), bSlug, cSlug]).size).toBe(3);

    for (const [job, slug] of [
      [a, "slug-test-gardener"],
      [b, bSlug],
    ] as const) {
      const r = await api.get(`/api/v1/jobs/${slug}`);
      expect(r.status).toBe(200);
      expect(r.json.id).toBe(job.id);
      expect(r.json.slug).toBe(slug);
    }
    // The id still works, an unknown slug is 404, and a draft is not revealed by its slug.
    expect((await api.get(`/api/v1/jobs/${a.id}`)).json.id).toBe(a.id);
    expect((await api.get("/api/v1/jobs/no-such-slug-anywhere")).status).toBe(404);
    const draft = await makeJob({ companyId: company.id, title: "Slug Test Hidden Draft", status: "draft" });
    expect((await api.get(`/api/v1/jobs/${await slugOf(draft.id)}`)).status).toBe(404);
  });
});

describe("zero-result searches", () => {
  it("are counted with their term and listed for admins", async () => {
    const admin = await signedIn({ role: "admin" });
    expect((await api.get("/api/v1/jobs?q=qwxzyv%20plumbing")).json.total).toBe(0);
    expect((await api.get("/api/v1/jobs?q=QWXZYV plumbing")).json.total).toBe(0);
    await waitForSearchTerm("qwxzyv plumbing", 2);
    const r = await api.get("/api/v1/admin/analytics?days=7", { token: admin.token });
    expect(r.status).toBe(200);
    const row = r.json.zero_result_searches.find((z: { term: string }) => z.term === "qwxzyv plumbing");
    expect(row).toEqual({ term: "qwxzyv plumbing", count: 2, searches: 2 });
  });
});
