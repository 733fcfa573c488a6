/**
 * The public pages' renderers and XML builders on their own: escaping, JSON-LD
 * blocks, salary and place text, shareable search URLs, and feeds/sitemaps
 * parsed back with fast-xml-parser.
 */
import { XMLParser, XMLValidator } from "fast-xml-parser";
import { raw } from "hono/html";
import { describe, expect, it } from "vitest";
import type { JobSummaryDto } from "../src/modules/jobs";
import {
  atomFeed,
  indeedFeed,
  robotsTxt,
  rssFeed,
  SITEMAP_MAX_URLS,
  sitemapIndex,
  urlSet,
} from "../src/modules/pages/feeds";
import { jsonLdBlock, layout } from "../src/modules/pages/layout";
import { searchHref, searchValues } from "../src/modules/pages/search-view";
import { jobCard, placeText, reviewItem, salaryText } from "../src/modules/pages/views";

const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: "@_", cdataPropName: "__cdata" });

function summary(o: Partial<JobSummaryDto> = {}): JobSummaryDto {
  return {
    id: "0193a5b2-7c1e-7f00-8000-3c4d5e6f7a8b",
    title: "Go <Engineer> & co",
    slug: "go-engineer-co",
    company: { id: "c1", name: 'Acme "Labs"', slug: "acme-labs", logo_url: null, is_verified: true },
    category: { id: "cat", name: "Engineering", slug: "engineering" },
    location: { city: "Berlin", region: null, country: "DE", lat: null, lng: null },
    is_remote: true,
    job_type: "full_time",
    experience_level: "senior",
    salary: { min: 60000, max: 80000, currency: "EUR", period: "year", yearly_min: 60000, yearly_max: 80000 },
    skills: [{ name: "Go", required: true }],
    status: "published",
    is_featured: false,
    import_source: null,
    application_deadline: null,
    published_at: "2026-11-01T09:00:00.000Z",
    expires_at: "2026-12-01T09:00:00.000Z",
    created_at: "2026-11-01T08:00:00.000Z",
    ...o,
  };
}

const url = (p: string) => `https://jobs.example${p}`;

describe("HTML renderers", () => {
  it("escape every value and keep only our own highlight markup", async () => {
    const html = String(
      await jobCard(summary({ highlight: { title: "Go <mark>Engineer</mark>", snippet: "x &lt;y&gt;" } })),
    );
    expect(html).toContain(
      '<a href="/jobs/0193a5b2-7c1e-7f00-8000-3c4d5e6f7a8b/go-engineer-co">Go <mark>Engineer</mark></a>',
    );
    expect(html).toContain("Acme &quot;Labs&quot;");
    expect(String(await jobCard(summary()))).toContain("Go &lt;Engineer&gt; &amp; co");
  });

  it("JSON-LD blocks cannot be closed by a value", async () => {
    const block = String(await jsonLdBlock({ title: "</script><script>alert(1)</script>" }));
    expect(block.match(/<\/script>/g)).toHaveLength(1);
    expect(JSON.parse(block.replace(/^<script[^>]*>/, "").replace(/<\/script>$/, ""))).toEqual({
      title: "</script><script>alert(1)</script>",
    });
  });

  it("the layout has landmarks, a skip link, one stylesheet and no script", async () => {
    const html = String(await layout({ title: "T <1>", canonical: url("/x") }, raw("body")));
    for (const part of [
      '<html lang="en">',
      '<a class="skip" href="#main">',
      '<main id="main">',
      "<header",
      "<footer",
      'rel="canonical"',
    ]) {
      expect(html).toContain(part);
    }
    expect(html).toContain("<title>T &lt;1&gt; · Job Board</title>");
    expect(html).not.toContain("<script");
  });

  it("anonymous reviews name nobody", async () => {
    const review = {
      id: "r1",
      rating: 3,
      title: "Fine",
      body: "Para one.\n\nPara two.",
      pros: null,
      cons: "Slow",
      employment_status: "former",
      author: null,
      response: null,
      created_at: "2026-11-01T00:00:00.000Z",
    };
    const html = String(await reviewItem(review));
    expect(html).toContain("Anonymous");
    expect(html).toContain("<p>Para one.</p>");
    expect(html).toContain('aria-label="Rated 3 out of 5"');
  });

  it("salary and place texts", () => {
    expect(salaryText(summary().salary)).toBe("€60,000–€80,000 a year");
    expect(salaryText({ min: 40, max: null, currency: "USD", period: "hour", yearly_min: 1, yearly_max: null })).toBe(
      "from $40 an hour",
    );
    expect(salaryText(null)).toBeNull();
    expect(placeText(summary())).toBe("Berlin, DE · Remote");
    expect(
      placeText(
        summary({ is_remote: false, location: { city: null, region: null, country: null, lat: null, lng: null } }),
      ),
    ).toBe("Location not given");
  });

  it("search URLs keep the filters, drop empty fields, and restart paging on a new filter", () => {
    const values = searchValues({ q: "go", location: "", remote: "true", cursor: "abc", bogus: "x" });
    expect(values).toEqual({ q: "go", remote: "true", cursor: "abc" });
    expect(searchHref("/jobs", values, { job_type: "contract" })).toBe("/jobs?q=go&remote=true&job_type=contract");
    expect(searchHref("/jobs", values, { cursor: "next" })).toBe("/jobs?q=go&remote=true&cursor=next");
    expect(searchHref("/jobs.rss", {})).toBe("/jobs.rss");
  });
});

describe("feeds and sitemaps", () => {
  const meta = {
    title: "Jobs & more",
    pageUrl: url("/jobs"),
    selfUrl: url("/jobs.rss"),
    url,
    updated: "2026-11-02T00:00:00.000Z",
  };

  it("RSS 2.0 is well-formed and carries each job once", () => {
    const xml = rssFeed(meta, [summary(), summary({ id: "two", slug: "two" })]);
    expect(XMLValidator.validate(xml)).toBe(true);
    const channel = parser.parse(xml).rss.channel;
    expect(channel.title).toBe("Jobs & more");
    expect(channel["atom:link"]["@_href"]).toBe(url("/jobs.rss"));
    expect(channel.item).toHaveLength(2);
    expect(channel.item[0].title).toBe('Go <Engineer> & co at Acme "Labs"');
    expect(channel.item[0].guid["#text"]).toBe(url("/jobs/0193a5b2-7c1e-7f00-8000-3c4d5e6f7a8b/go-engineer-co"));
    expect(channel.item[0].pubDate).toBe("Sun, 01 Nov 2026 09:00:00 GMT");
  });

  it("Atom 1.0 has ids, links and updated dates", () => {
    const xml = atomFeed({ ...meta, selfUrl: url("/jobs.atom") }, [summary()]);
    expect(XMLValidator.validate(xml)).toBe(true);
    const feed = parser.parse(xml).feed;
    expect(feed.id).toBe(url("/jobs.atom"));
    expect(feed.link.map((l: { "@_rel": string }) => l["@_rel"])).toEqual(["self", "alternate"]);
    expect(feed.entry.updated).toBe("2026-11-01T09:00:00.000Z");
    expect(feed.entry.category["@_term"]).toBe("engineering");
  });

  it("the Indeed-style feed wraps text in CDATA, even text containing ]]>", () => {
    const xml = indeedFeed({ publisherUrl: url("/"), url, updated: meta.updated }, [
      { summary: summary(), descriptionHtml: "<p>a ]]> b</p>", applyUrl: "https://acme.example/apply" },
    ]);
    expect(XMLValidator.validate(xml)).toBe(true);
    const job = parser.parse(xml).source.job;
    // Split into two CDATA sections around the "]]>", which readers join back.
    expect([job.description.__cdata].flat().join("")).toBe("<p>a ]]> b</p>");
    expect(job.jobtype.__cdata).toBe("fulltime");
    expect(job.applyurl.__cdata).toBe("https://acme.example/apply");
    expect(job.country.__cdata).toBe("DE");
  });

  it("sitemaps follow sitemaps.org and refuse more than 50 000 URLs per file", () => {
    const index = parser.parse(
      sitemapIndex([{ loc: url("/sitemaps/pages.xml") }, { loc: url("/sitemaps/jobs.xml?from=a&to=b") }]),
    );
    expect(index.sitemapindex["@_xmlns"]).toBe("http://www.sitemaps.org/schemas/sitemap/0.9");
    expect(index.sitemapindex.sitemap[1].loc).toBe(url("/sitemaps/jobs.xml?from=a&to=b"));
    const set = urlSet([{ loc: url("/jobs/1/a"), lastmod: "2026-11-01T00:00:00.000Z" }]);
    expect(parser.parse(set).urlset.url.loc).toBe(url("/jobs/1/a"));
    expect(sitemapIndex([{ loc: url("/x?a=1&b=2") }])).toContain("a=1&amp;b=2");
    const many = Array.from({ length: SITEMAP_MAX_URLS + 1 }, (_, i) => ({ loc: url(`/jobs/${i}/x`) }));
    expect(() => urlSet(many)).toThrow(/at most 50000/);
  });

  it("robots.txt keeps crawlers out of the API and one-time links", () => {
    const text = robotsTxt(url("/sitemap.xml"));
    expect(text).toContain("Disallow: /api/");
    expect(text).toContain("Disallow: /reset-password");
    expect(text).toContain(`Sitemap: ${url("/sitemap.xml")}`);
  });
});
