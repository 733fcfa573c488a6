/**
 * The public site through the Worker: landing, search results (filters, facets,
 * cursor pages), job pages (JSON-LD, redirects, 410 for ended jobs, ETags),
 * company pages (anonymous reviews stay anonymous), feeds, sitemaps, robots.txt.
 */
import { env } from "cloudflare:test";
import { exports } from "cloudflare:workers";
import { eq } from "drizzle-orm";
import { XMLParser } from "fast-xml-parser";
import { describe, expect, it } from "vitest";
import { publishedJobBoundaries, publishedJobsByIdRange } from "../src/modules/jobs";
import { jobs } from "../src/platform/db/schema";
import { db, makeCompany, makeJob, signedIn, unique } from "./factories";
import { reviewBody } from "./helpers/companies";
import { api, call } from "./helpers/http";

const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: "@_", cdataPropName: "__cdata" });
const asList = <T>(v: T | T[] | undefined): T[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

/** A request whose redirect is returned, not followed. */
const noFollow = (path: string) => exports.default.fetch(new Request(`http://api.test${path}`, { redirect: "manual" }));

async function get(path: string, headers: Record<string, string> = {}) {
  const res = await call("GET", path, { headers: { Accept: "text/html", ...headers } });
  return { res, status: res.status, text: await res.text() };
}

function expectStrictPage(res: Response) {
  expect(res.headers.get("Content-Type")).toContain("text/html");
  const csp = res.headers.get("Content-Security-Policy") ?? "";
  expect(csp).toContain("default-src 'none'");
  expect(csp).toContain("style-src 'self'");
  expect(csp).not.toContain("script-src");
  expect(csp).not.toContain("unsafe-inline");
}

/** The JSON-LD blocks of a page, parsed. */
function jsonLdOf(html: string): Record<string, unknown>[] {
  return [...html.matchAll(/<script type="application\/ld\+json">([\s\S]*?)<\/script>/g)].map((m) =>
    JSON.parse(m[1] ?? ""),
  );
}

/** No executable script: the only script elements are JSON-LD data blocks. */
function expectNoScripts(html: string) {
  const scripts = [...html.matchAll(/<script\b[^>]*>/g)].map((m) => m[0]);
  for (const s of scripts) expect(s).toBe('<script type="application/ld+json">');
}

async function companyWithJob(job: Record<string, unknown> = {}) {
  const company = await makeCompany({ verified: true, name: `Acme ${unique()}` });
  const j = await makeJob({ companyId: company.id, ...job });
  return { company, job: j };
}

describe("landing page", () => {
  it("renders the search box and the latest jobs, cacheable with an ETag", async () => {
    const word = `Lander${unique()}`;
    const { job } = await companyWithJob({ title: `${word} Engineer` });
    const page = await get("/");
    expect(page.status).toBe(200);
    expectStrictPage(page.res);
    expectNoScripts(page.text);
    expect(page.text).toContain('<form class="search" method="get" action="/jobs"');
    expect(page.text).toContain(`href="/jobs/${job.id}/${job.slug}"`);
    expect(page.text).toContain('href="/docs"');
    expect(page.text).toContain('<link rel="stylesheet" href="/pages.css">');
    expect(page.res.headers.get("Cache-Control")).toMatch(/^public, max-age=\d+/);
    const etag = page.res.headers.get("ETag") ?? "";
    expect(etag).toMatch(/^"/);
    const again = await call("GET", "/", { headers: { "If-None-Match": etag } });
    expect(again.status).toBe(304);
    expect(jsonLdOf(page.text)[0]?.["@type"]).toBe("WebSite");
  });
});

describe("search results page", () => {
  it("uses the API's filters, links facets, and pages by cursor with shareable URLs", async () => {
    const word = `Pager${unique()}`;
    const company = await makeCompany({ verified: true });
    for (let i = 0; i < 21; i++) {
      await makeJob({
        companyId: company.id,
        title: `${word} Developer ${i}`,
        isRemote: i % 2 === 0,
        publishedAt: Date.now() - i * 1000,
      });
    }
    await makeJob({ companyId: company.id, title: `${word} Contractor`, jobType: "contract" });

    const first = await get(`/jobs?q=${word}&job_type=full_time&sort=newest&location=`);
    expect(first.status).toBe(200);
    expectStrictPage(first.res);
    expect(first.text).toContain("21 jobs");
    expect(first.text).not.toContain(`${word} Contractor`);
    expect(first.text).toContain(`value="${word}"`);
    // Facets are links that add a filter to the current search.
    expect(first.text).toMatch(/href="\/jobs\?q=Pager[^"]*remote=true"/);
    const next = first.text.match(/href="([^"]*cursor=[^"]*)" rel="next"/)?.[1]?.replace(/&amp;/g, "&");
    expect(next).toBeDefined();
    expect(next).toContain(`q=${word}`);
    const second = await get(next ?? "");
    expect(second.status).toBe(200);
    expect(second.text).toContain(" Developer 20</a>");
    expect(second.text).not.toContain(" Developer 0</a>");
    expect(second.text).not.toContain('rel="next"');
    expect(second.text).toContain('<meta name="robots" content="noindex, follow">');
    // Alternate feeds of this very search.
    expect(first.text).toMatch(/<link rel="alternate" type="application\/rss\+xml"[^>]*href="\/jobs\.rss\?q=Pager/);
  });

  it("answers 400 with a page for an invalid filter, and escapes what it echoes", async () => {
    const bad = await get("/jobs?job_type=astronaut");
    expect(bad.status).toBe(400);
    expectStrictPage(bad.res);
    const evil = await get(`/jobs?q=${encodeURIComponent('"><img src=x onerror=alert(1)>')}`);
    expect(evil.status).toBe(200);
    expect(evil.text).not.toContain("<img src=x");
    expect(evil.text).toContain("&quot;&gt;&lt;img src=x");
  });
});

describe("job page", () => {
  it("redirects /jobs/{id} and a stale slug to the canonical URL the JSON-LD names", async () => {
    const { job } = await companyWithJob({ title: "Go Platform Engineer" });
    const short = await noFollow(`/jobs/${job.id}`);
    expect(short.status).toBe(301);
    expect(short.headers.get("Location")).toBe(`/jobs/${job.id}/go-platform-engineer`);
    const stale = await noFollow(`/jobs/${job.id}/old-title`);
    expect(stale.status).toBe(301);
    expect(stale.headers.get("Location")).toBe(`/jobs/${job.id}/go-platform-engineer`);
    const api = await call("GET", `/api/v1/jobs/${job.id}`);
    const ld = ((await api.json()) as { json_ld: { url: string } }).json_ld;
    expect(new URL(ld.url).pathname).toBe(`/jobs/${job.id}/go-platform-engineer`);
  });

  it("embeds the JobPosting, the apply link, the company card and similar jobs", async () => {
    const { company, job } = await companyWithJob({
      title: "Rust Backend Engineer </script><b>x</b>",
      description: "Build **fast** services.",
      city: "Berlin",
      country: "DE",
      salaryMin: 70000,
      salaryMax: 90000,
      salaryCurrency: "EUR",
      salaryPeriod: "year",
      applyUrl: "https://acme.example/careers/1",
      skills: ["Rust", "Postgres"],
    });
    const similar = await makeJob({ companyId: company.id, title: "Rust Systems Engineer", skills: ["Rust"] });
    const page = await get(`/jobs/${job.id}/${job.slug}`);
    expect(page.status).toBe(200);
    expectStrictPage(page.res);
    expectNoScripts(page.text);
    const [ld] = jsonLdOf(page.text);
    expect(ld?.["@type"]).toBe("JobPosting");
    expect(ld?.title).toBe("Rust Backend Engineer </script><b>x</b>");
    expect(ld?.url).toBe(`${env.PUBLIC_APP_URL.replace(/\/$/, "")}/jobs/${job.id}/${job.slug}`);
    expect(ld?.hiringOrganization).toMatchObject({ "@type": "Organization", name: company.name });
    expect(page.text).not.toContain("<b>x</b>");
    expect(page.text).toContain("<strong>fast</strong>");
    expect(page.text).toContain('href="https://acme.example/careers/1" rel="nofollow noopener"');
    expect(page.text).toContain("€70,000–€90,000 a year");
    expect(page.text).toContain(`href="/companies/${company.slug}"`);
    expect(page.text).toContain(`href="/jobs/${similar.id}/${similar.slug}"`);
    expect(page.res.headers.get("Cache-Control")).toMatch(/^public/);
  });

  it("changes its ETag when the job changes, and answers 304 while it does not", async () => {
    const { job } = await companyWithJob({ title: "Etag Engineer" });
    const path = `/jobs/${job.id}/${job.slug}`;
    const first = await get(path);
    const etag = first.res.headers.get("ETag") ?? "";
    expect((await call("GET", path, { headers: { "If-None-Match": etag } })).status).toBe(304);
    await db()
      .update(jobs)
      .set({ description: "Now with a new description.", updatedAt: job.updatedAt + 1000 })
      .where(eq(jobs.id, job.id));
    const changed = await call("GET", path, { headers: { "If-None-Match": etag } });
    expect(changed.status).toBe(200);
    expect(changed.headers.get("ETag")).not.toBe(etag);
    expect(await changed.text()).toContain("Now with a new description.");
  });

  it("answers 410 for a closed or expired job, with validThrough in the past; 404 for drafts", async () => {
    const closedAt = Date.now() - 3600_000;
    const { job: closed } = await companyWithJob({ status: "closed", closedAt });
    const gone = await get(`/jobs/${closed.id}/${closed.slug}`);
    expect(gone.status).toBe(410);
    expect(gone.text).toContain("no longer accepting applications");
    expect(gone.text).not.toContain('class="apply"');
    const ld = jsonLdOf(gone.text)[0];
    expect(ld?.["@type"]).toBe("JobPosting");
    expect(ld?.validThrough).toBe(new Date(closedAt).toISOString());

    const { job: expired } = await companyWithJob({ expiresAt: Date.now() - 1000 });
    expect((await get(`/jobs/${expired.id}/${expired.slug}`)).status).toBe(410);

    const { job: draft } = await companyWithJob({ status: "draft", publishedAt: null });
    expect((await get(`/jobs/${draft.id}/${draft.slug}`)).status).toBe(404);
    expect((await get(`/jobs/${draft.id}`)).status).toBe(404);
    expect((await get("/jobs/nope/nope")).status).toBe(404);
  });
});

describe("company page", () => {
  it("shows the profile, open jobs and reviews; anonymous reviews stay anonymous", async () => {
    const { company, job } = await companyWithJob({ title: "Staff Engineer" });
    const named = await signedIn({ firstName: "Open", lastName: "Author" });
    const secret = await signedIn({ firstName: "Secretive", lastName: "Zebra" });
    expect(
      (
        await api.post(`/api/v1/companies/${company.id}/reviews`, reviewBody({ title: "Named review" }), {
          token: named.token,
        })
      ).status,
    ).toBe(201);
    expect(
      (
        await api.post(
          `/api/v1/companies/${company.id}/reviews`,
          reviewBody({ title: "Hidden review", is_anonymous: true }),
          { token: secret.token },
        )
      ).status,
    ).toBe(201);

    const page = await get(`/companies/${company.slug}`);
    expect(page.status).toBe(200);
    expectStrictPage(page.res);
    expect(page.text).toContain(`<h1 id="company-name">${company.name}</h1>`);
    expect(page.text).toContain(`href="/jobs/${job.id}/${job.slug}"`);
    expect(page.text).toContain("Named review");
    expect(page.text).toContain("Open A.");
    expect(page.text).toContain("Hidden review");
    expect(page.text).toContain("Anonymous");
    for (const leak of ["Secretive", "Zebra", secret.user.username, secret.user.id])
      expect(page.text).not.toContain(leak);
    const ld = jsonLdOf(page.text)[0];
    expect(ld?.["@type"]).toBe("EmployerAggregateRating");

    const byId = await noFollow(`/companies/${company.id}`);
    expect(byId.status).toBe(301);
    expect(byId.headers.get("Location")).toBe(`/companies/${company.slug}`);
    expect((await get("/companies/no-such-company")).status).toBe(404);
    expect((await get(`/companies/${company.slug}?bogus=1`)).status).toBe(400);
  });
});

describe("feeds", () => {
  it("RSS 2.0 and Atom for any search, parsed back", async () => {
    const word = `Feedy${unique()}`;
    const { job } = await companyWithJob({ title: `${word} & <Designer>` });
    await companyWithJob({ title: "Unrelated Baker" });

    const rss = await call("GET", `/jobs.rss?q=${word}`);
    expect(rss.status).toBe(200);
    expect(rss.headers.get("Content-Type")).toContain("application/rss+xml");
    const doc = parser.parse(await rss.text());
    expect(doc.rss["@_version"]).toBe("2.0");
    const items = asList(doc.rss.channel.item);
    expect(items).toHaveLength(1);
    expect(items[0].title).toContain(`${word} & <Designer>`);
    expect(items[0].link).toContain(`/jobs/${job.id}/${job.slug}`);

    const atom = await call("GET", `/jobs.atom?q=${word}`);
    expect(atom.headers.get("Content-Type")).toContain("application/atom+xml");
    const feed = parser.parse(await atom.text()).feed;
    expect(feed["@_xmlns"]).toBe("http://www.w3.org/2005/Atom");
    const entries = asList(feed.entry);
    expect(entries).toHaveLength(1);
    expect(entries[0].link["@_href"]).toContain(`/jobs/${job.id}/${job.slug}`);

    expect((await call("GET", "/jobs.rss?job_type=astronaut")).status).toBe(400);
    expect((await call("GET", "/jobs.rss?bogus=1")).status).toBe(400);
  });

  it("the aggregator feed carries each live job with its full description", async () => {
    const { job, company } = await companyWithJob({
      title: "Feed Carpenter",
      description: "Wood ]]> and *nails*.",
      city: "Lyon",
      country: "FR",
    });
    const res = await call("GET", "/feeds/jobs.xml");
    expect(res.status).toBe(200);
    const source = parser.parse(await res.text()).source;
    const mine = asList(source.job).find(
      (j: { referencenumber: { __cdata: string } }) => j.referencenumber.__cdata === job.id,
    );
    expect(mine).toBeDefined();
    expect(mine.title.__cdata).toBe("Feed Carpenter");
    expect(mine.company.__cdata).toBe(company.name);
    expect(mine.city.__cdata).toBe("Lyon");
    expect(mine.description.__cdata).toContain("<em>nails</em>");
    expect(mine.jobtype.__cdata).toBe("fulltime");
  });
});

describe("crawling", () => {
  it("robots.txt points at the sitemap index, whose files list every published job", async () => {
    const { job } = await companyWithJob({ title: "Sitemap Welder" });
    const robots = await call("GET", "/robots.txt");
    const text = await robots.text();
    expect(text).toContain("Disallow: /api/");
    expect(text).toMatch(/Sitemap: .*\/sitemap\.xml/);

    const index = parser.parse(await (await call("GET", "/sitemap.xml")).text()).sitemapindex;
    const locs: string[] = asList(index.sitemap).map((s: { loc: string }) => s.loc);
    expect(locs[0]).toMatch(/\/sitemaps\/pages\.xml$/);
    const jobFiles = locs.filter((l) => l.includes("/sitemaps/jobs.xml?from="));
    expect(jobFiles.length).toBeGreaterThan(0);
    const urls: string[] = [];
    for (const loc of jobFiles) {
      const u = new URL(loc);
      const set = parser.parse(await (await call("GET", `${u.pathname}${u.search}`)).text()).urlset;
      urls.push(...asList(set.url).map((x: { loc: string }) => x.loc));
    }
    expect(urls.some((u) => u.endsWith(`/jobs/${job.id}/${job.slug}`))).toBe(true);
    const pages = parser.parse(await (await call("GET", "/sitemaps/pages.xml")).text()).urlset;
    expect(asList(pages.url).length).toBeGreaterThanOrEqual(2);
    expect((await call("GET", "/sitemaps/jobs.xml")).status).toBe(400);
  });

  it("splits the jobs into id ranges of a fixed size that cover each job exactly once", async () => {
    const company = await makeCompany();
    for (let i = 0; i < 5; i++) await makeJob({ companyId: company.id });
    await makeJob({ companyId: company.id, status: "draft", publishedAt: null });
    const d1 = env.DB;
    const all = await publishedJobsByIdRange(d1, { from: "" }, 100_000);
    const bounds = await publishedJobBoundaries(d1, 2);
    expect(bounds).toHaveLength(Math.ceil(all.length / 2));
    const seen: string[] = [];
    for (let i = 0; i < bounds.length; i++) {
      const part = await publishedJobsByIdRange(d1, { from: bounds[i] ?? "", to: bounds[i + 1] }, 50_000);
      expect(part.length).toBeLessThanOrEqual(2);
      seen.push(...part.map((p) => p.id));
    }
    expect(seen).toEqual(all.map((a) => a.id));
  });
});
