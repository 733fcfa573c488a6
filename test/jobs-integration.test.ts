/**
 * Seams between the jobs module and its neighbours: search terms recorded for
 * admin analytics, company logos in job summaries served by the files route
 * (embeddable from other origins), and `GET /companies/{id}/jobs` returning the
 * same job summaries as `GET /jobs`.
 */
import { createExecutionContext, env, waitOnExecutionContext } from "cloudflare:test";
import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import worker from "../src/index";
import { utcDay } from "../src/modules/analytics/search-terms";
import { searchTerms } from "../src/platform/db/schema";
import { addMember, db, makeCompany, makeJob, signedIn } from "./factories";
import { pngBytes } from "./helpers/companies";
import { api, BASE, call } from "./helpers/http";

/** GET through the Worker's fetch with our own ExecutionContext, so `waitUntil` work can be awaited. */
async function getAndSettle(path: string) {
  const ctx = createExecutionContext();
  const res = await worker.fetch(new Request(`${BASE}${path}`), env, ctx);
  await waitOnExecutionContext(ctx);
  return res;
}

const termCount = async (term: string) =>
  (
    await db()
      .select()
      .from(searchTerms)
      .where(and(eq(searchTerms.term, term), eq(searchTerms.day, utcDay(Date.now()))))
      .get()
  )?.count ?? 0;

describe("GET /jobs records search terms", () => {
  it("counts each search once (normalised, not per page, also when cached), never personal data", async () => {
    const company = await makeCompany({ verified: true });
    for (let i = 0; i < 3; i++) await makeJob({ companyId: company.id, title: "Plumber apprentice" });
    // Letters only: digit runs look like phone numbers and would (rightly) not be stored.
    const word = `plumbing${Array.from({ length: 8 }, () => String.fromCharCode(97 + Math.floor(Math.random() * 26))).join("")}`;
    const path = `/api/v1/jobs?q=${encodeURIComponent(`  ${word.toUpperCase()}  `)}&limit=1`;
    const first = await getAndSettle(path);
    expect(first.status).toBe(200);
    expect(await termCount(word)).toBe(1);
    // The same query again (a cache hit) is another search.
    const again = await getAndSettle(path);
    expect(again.headers.get("X-Cache")).toBe("HIT");
    expect(await termCount(word)).toBe(2);
    // Its next page is not.
    const plumber = await getAndSettle("/api/v1/jobs?q=plumber&limit=1");
    const next = ((await plumber.json()) as { next_cursor: string | null }).next_cursor;
    expect(next).not.toBeNull();
    const before = await termCount("plumber");
    expect(before).toBeGreaterThan(0);
    await getAndSettle(`/api/v1/jobs?q=plumber&limit=1&cursor=${encodeURIComponent(next ?? "")}`);
    expect(await termCount("plumber")).toBe(before);

    // Email addresses are never stored; a listing without q records nothing.
    await getAndSettle("/api/v1/jobs?q=someone%40example.com");
    expect(await db().select().from(searchTerms).where(eq(searchTerms.term, "someone@example.com"))).toEqual([]);
    const total = async () => (await db().select().from(searchTerms)).reduce((n, r) => n + r.count, 0);
    const n = await total();
    await getAndSettle("/api/v1/jobs?limit=1");
    expect(await total()).toBe(n);
  });
});

describe("company logos in job summaries", () => {
  it("are absolute URLs of the public image route, fetchable and embeddable cross-origin", async () => {
    const owner = await signedIn({ role: "employer" });
    const company = await makeCompany({ verified: true });
    await addMember(company.id, owner.user.id, "owner");
    const up = await call("PUT", `/api/v1/companies/${company.id}/logo`, {
      raw: pngBytes(7),
      token: owner.token,
      headers: { "Content-Type": "image/png" },
    });
    expect(up.status).toBe(200);
    const companyLogo = ((await up.json()) as { logo_url: string }).logo_url;
    const job = await makeJob({ companyId: company.id, title: "Logo check" });

    const list = await api.get(`/api/v1/jobs?company=${company.id}`);
    const summary = list.json.data.find((j: { id: string }) => j.id === job.id);
    const logoUrl: string = summary.company.logo_url;
    expect(logoUrl).toBe(new URL(companyLogo, env.PUBLIC_APP_URL).toString());
    const detail = await api.get(`/api/v1/jobs/${job.id}`);
    expect(detail.json.company.logo_url).toBe(logoUrl);
    expect(detail.json.json_ld.hiringOrganization.logo).toBe(logoUrl);

    const image = await call("GET", new URL(logoUrl).pathname);
    expect(image.status).toBe(200);
    expect(image.headers.get("Content-Type")).toBe("image/png");
    expect(image.headers.get("Cross-Origin-Resource-Policy")).toBe("cross-origin");
    expect(new Uint8Array(await image.arrayBuffer())).toEqual(pngBytes(7));
    // Everything else stays same-origin.
    expect(list.headers.get("Cross-Origin-Resource-Policy")).toBe("same-origin");
    const missing = await call("GET", `/files/images/logos/${"0".repeat(64)}.png`);
    expect(missing.status).toBe(404);
  });
});

describe("GET /companies/{id}/jobs", () => {
  it("returns the same job summaries as GET /jobs, with total and cursors", async () => {
    const company = await makeCompany({ verified: true });
    const t = Date.now();
    const older = await makeJob({ companyId: company.id, title: "Older job", publishedAt: t - 5000 });
    const newer = await makeJob({ companyId: company.id, title: "Newer job", publishedAt: t - 1000 });
    await makeJob({ companyId: company.id, title: "Draft job", status: "draft", publishedAt: null });
    await makeJob({ companyId: (await makeCompany({ verified: true })).id, title: "Someone else's job" });

    const page1 = await api.get(`/api/v1/companies/${company.slug}/jobs?limit=1`);
    expect(page1.status).toBe(200);
    expect(page1.json.total).toBe(2);
    expect(page1.json.data.map((j: { id: string }) => j.id)).toEqual([newer.id]);
    const search = await api.get(`/api/v1/jobs?company=${company.id}&sort=newest`);
    expect(page1.json.data[0]).toEqual(search.json.data[0]);
    const page2 = await api.get(`/api/v1/companies/${company.id}/jobs?limit=1&cursor=${page1.json.next_cursor}`);
    expect(page2.json.data.map((j: { id: string }) => j.id)).toEqual([older.id]);
    expect(page2.json.next_cursor).toBeNull();
    expect((await api.get(`/api/v1/companies/${company.id}/jobs?cursor=garbage`)).status).toBe(400);
    expect((await api.get("/api/v1/companies/no-such-company/jobs")).status).toBe(404);
  });
});
