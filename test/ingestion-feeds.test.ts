import { env } from "cloudflare:test";
import { afterEach, describe, expect, it, vi } from "vitest";
import { jobsOfSource, makeSource, runSource, serveFeeds } from "./helpers/ingestion";

const fixtures = import.meta.glob<string>("./fixtures/ingestion/*.xml", {
  query: "?raw",
  import: "default",
  eager: true,
});
const fixture = (name: string) => {
  const text = fixtures[`./fixtures/ingestion/${name}`];
  if (text === undefined) throw new Error(`no fixture ${name}`);
  return text;
};
/** The feed with its hosts and company renamed to `tag`, so tests sharing the file's database do not collide. */
const rss = (tag: string) => fixture("rss-jobs.xml").replaceAll("northwind", tag).replaceAll("Northwind", `NW ${tag}`);
const atom = (tag: string) => fixture("atom-jobs.xml").replaceAll("bluefin", tag).replaceAll("Bluefin", `BF ${tag}`);
const xml = (body: string, headers: Record<string, string> = {}) =>
  new Response(body, { headers: { "content-type": "application/rss+xml", ...headers } });

afterEach(() => vi.restoreAllMocks());

const runRow = (id: string) =>
  env.DB.prepare("SELECT * FROM ingestion_runs WHERE id = ?").bind(id).first<Record<string, unknown>>();

describe("RSS 2.0 and Atom feed adapter", () => {
  it("imports an RSS 2.0 job feed with its job extensions, sanitised", async () => {
    const url = "https://feeds.rss1.example.com/jobs.rss";
    const { seen } = serveFeeds({ [url]: () => xml(rss("rss1")) });
    const source = await makeSource({ name: "RSS", kind: "feed", config: { url, company_name: "Fallback rss1" } });
    const out = await runSource(source);
    expect(out.status).toBe("succeeded");
    expect(out.counts).toMatchObject({ fetched: 3, created: 3, errors: 0 });
    expect(seen[0]?.headers.get("accept")).toContain("application/rss+xml");
    const jobs = await jobsOfSource(source.id);
    const sre = jobs.find((j) => j.external_id === "rss1-1042");
    expect(sre).toMatchObject({
      title: "Senior Site Reliability Engineer",
      import_source: "feed",
      city: "Amsterdam",
      country: "NL",
      job_type: "full_time",
      experience_level: "senior",
      salary_min: 85000,
      salary_max: 105000,
      salary_currency: "EUR",
      apply_url: "https://careers.rss1.example.com/jobs/sre-1042?utm_source=rss",
    });
    expect(String(sre?.description)).toContain("**Kubernetes**");
    expect(String(sre?.description)).toContain("- Prometheus & Grafana");
    expect(String(sre?.description)).not.toMatch(/onerror|alert|<img/);
    // content:encoded wins over description; script and javascript: links are gone.
    const csm = jobs.find((j) => j.external_id === "https://careers.rss1.example.com/jobs/csm-1043");
    expect(csm).toMatchObject({ is_remote: 1, country: "US", salary_min: 70000, salary_max: 90000 });
    expect(String(csm?.description)).toContain("### About you");
    expect(String(csm?.description)).not.toMatch(/cookie|evil|javascript:|<script/);
    const company = await env.DB.prepare("SELECT name FROM companies WHERE id = ?")
      .bind(sre?.company_id)
      .first<{ name: string }>();
    expect(company?.name).toBe("NW rss1 Logistics");
    // The intern item names no company: the configured one is used.
    const intern = jobs.find((j) => j.external_id === "rss1-1044");
    expect(intern).toMatchObject({ job_type: "internship", city: "Rotterdam" });
    expect(String(intern?.description)).toContain("Tom & Jerry's favourite team.");
    const fallback = await env.DB.prepare("SELECT name FROM companies WHERE id = ?")
      .bind(intern?.company_id)
      .first<{ name: string }>();
    expect(fallback?.name).toBe("Fallback rss1");
  });

  it("imports an Atom feed (html and xhtml content) and follows rel=next paging", async () => {
    const url = "https://jobs.atom1.example.org/feed.atom";
    const page2 = `<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>p2</title><id>p2</id><updated>2026-11-28T12:00:00Z</updated>
      <entry><title>QA Engineer</title><id>tag:atom1,2026:job/313</id><link href="https://jobs.atom1.example.org/jobs/313"/><updated>2026-11-25T08:00:00Z</updated><content type="text">Test &lt;everything&gt; in Lisbon, Portugal.</content></entry></feed>`;
    const first = atom("atom1").replace(
      '<link rel="self"',
      '<link rel="next" href="https://jobs.atom1.example.org/feed.atom?page=2"/><link rel="self"',
    );
    const { seen } = serveFeeds({
      [`${url}?page=2`]: () => xml(page2),
      [url]: () => xml(first),
    });
    const source = await makeSource({ name: "Atom", kind: "feed", config: { url, company_name: "BF atom1 Labs" } });
    const out = await runSource(source);
    expect(out.counts).toMatchObject({ fetched: 3, created: 3, errors: 0 });
    expect(seen.map((r) => r.url)).toEqual([url, `${url}?page=2`]);
    const jobs = await jobsOfSource(source.id);
    const ds = jobs.find((j) => j.external_id === "tag:jobs.atom1.example.org,2026:job/311");
    expect(ds).toMatchObject({
      title: "Data Scientist, Forecasting",
      city: "Toronto",
      country: "CA",
      apply_url: "https://jobs.atom1.example.org/jobs/311",
    });
    expect(String(ds?.description)).toContain("_Python_");
    expect(String(ds?.description)).not.toMatch(/iframe|evil/);
    const fe = jobs.find((j) => j.external_id === "tag:jobs.atom1.example.org,2026:job/312");
    expect(String(fe?.description)).toContain("**React**");
    expect(String(fe?.description)).toContain("- Hybrid: 2 days in Lisbon");
    const qa = jobs.find((j) => j.external_id === "tag:atom1,2026:job/313");
    // type="text" is plain text: the decoded angle brackets are text, not a tag.
    expect(String(qa?.description)).toContain("everything");
  });

  it("refuses a feed URL that is not a public http(s) URL when the source is saved", async () => {
    for (const url of ["ftp://feeds.example.com/x", "https://user:pw@feeds.example.com/x", "http://169.254.169.254/"]) {
      await expect(makeSource({ name: "bad", kind: "feed", config: { url } })).rejects.toMatchObject({ status: 400 });
    }
  });
});

describe("RSS/Atom bad input: the run fails and nothing is written", () => {
  it("invalid XML, an entity-expansion bomb, a non-feed document, a missing guid and a huge payload", async () => {
    const bomb = `<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;"><!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
<rss version="2.0"><channel><title>x</title><item><title>&lol3;</title><guid>1</guid></item></channel></rss>`;
    const cases: [string, () => Response, string][] = [
      ["badxml", () => xml("<rss><channel><item><title>Open</item></channel>"), "not valid XML"],
      ["bomb", () => xml(bomb), "declares XML entities"],
      ["html", () => xml("<html><body><p>hi</p></body></html>"), "not an RSS or Atom feed"],
      [
        "noguid",
        () => xml('<rss version="2.0"><channel><title>t</title><item><title>No id</title></item></channel></rss>'),
        "neither a guid nor a link",
      ],
      [
        "huge",
        () =>
          new Response(
            new ReadableStream({
              start(c) {
                c.enqueue(new TextEncoder().encode('<rss version="2.0"><channel>'));
              },
              pull(c) {
                c.enqueue(new TextEncoder().encode("<item><title>x</title><guid>1</guid></item>".repeat(20_000)));
              },
            }),
          ),
        "larger than",
      ],
    ];
    serveFeeds(Object.fromEntries(cases.map(([tag, respond]) => [`https://feeds.example.com/${tag}.xml`, respond])));
    for (const [tag, , message] of cases) {
      const source = await makeSource({
        name: tag,
        kind: "feed",
        config: { url: `https://feeds.example.com/${tag}.xml`, company_name: "Bad Co" },
      });
      const out = await runSource(source);
      expect(out.status, tag).toBe("failed");
      const run = await runRow(out.runId);
      expect(run, tag).toMatchObject({ status: "failed", created: 0 });
      expect(String(run?.error), tag).toContain(message);
      expect(await jobsOfSource(source.id), tag).toEqual([]);
    }
  });
});

const careerPage = (tag: string) =>
  import.meta
    .glob<string>("./fixtures/ingestion/*.html", { query: "?raw", import: "default", eager: true })
    ["./fixtures/ingestion/career-page.html"]?.replaceAll("kestrel", tag)
    .replaceAll("Kestrel", `KH ${tag}`) ?? "";
const html = (body: string) => new Response(body, { headers: { "content-type": "text/html; charset=utf-8" } });

describe("career page JSON-LD adapter", () => {
  it("imports the JobPostings of a career page (in @graph and arrays), ignoring other JSON-LD and a malformed block", async () => {
    const url = "https://www.ld1.example.com/careers";
    serveFeeds({ [url]: () => html(careerPage("ld1")) });
    const source = await makeSource({ name: "Careers", kind: "jsonld", config: { urls: [url] } });
    const out = await runSource(source, Date.parse("2026-12-01T00:00:00Z"));
    expect(out.status).toBe("succeeded");
    expect(out.counts).toMatchObject({ fetched: 2, created: 2, errors: 0 });
    const jobs = await jobsOfSource(source.id);
    const de = jobs.find((j) => j.external_id === "KH-2291");
    expect(de).toMatchObject({
      title: "Senior Data Engineer",
      import_source: "jsonld",
      city: "Boston",
      country: "US",
      job_type: "full_time",
      experience_level: "senior",
      salary_min: 150000,
      salary_max: 180000,
      salary_currency: "USD",
      salary_period: "year",
      apply_url: "https://www.ld1.example.com/careers/senior-data-engineer?src=jsonld",
    });
    expect(String(de?.description)).toContain("**Python**");
    expect(String(de?.description)).toContain("- Snowflake & dbt");
    expect(String(de?.description)).not.toMatch(/onerror|evil|cookie|alert|<script|<img/);
    const deadline = await env.DB.prepare("SELECT application_deadline FROM jobs WHERE id = ?")
      .bind(de?.id)
      .first<{ application_deadline: number }>();
    expect(deadline?.application_deadline).toBe(Date.parse("2027-01-31T23:59"));
    const support = jobs.find((j) => j.external_id === "KH-2304");
    expect(support).toMatchObject({
      is_remote: 1,
      job_type: "part_time",
      salary_min: 32,
      salary_period: "hour",
      // Relative URLs resolve against the page.
      apply_url: "https://www.ld1.example.com/careers/clinical-support-specialist",
    });
    expect(String(support?.description)).toContain("Help clinicians use our platform.");
    expect(String(support?.description)).not.toMatch(/javascript:|<a /);
    const company = await env.DB.prepare("SELECT name, domain FROM companies WHERE id = ?")
      .bind(de?.company_id)
      .first<{ name: string; domain: string | null }>();
    expect(company?.name).toBe("KH ld1 Health");
    expect(support?.company_id).toBe(de?.company_id);
  });

  it("reads several pages unconditionally, keeps postings without a URL apart, and skips those past validThrough", async () => {
    const a = "https://ld2.example.com/careers/eng";
    const b = "https://ld2.example.com/careers/ops";
    const block = (postings: unknown[]) =>
      `<html><head><script type="application/ld+json">${JSON.stringify(postings)}</script></head><body></body></html>`;
    const { seen } = serveFeeds({
      [a]: () =>
        new Response(
          block([
            { "@type": "JobPosting", title: "Platform Engineer", description: "Go services in Berlin." },
            { "@type": "JobPosting", title: "Security Engineer", description: "Threat models, Berlin office." },
          ]),
          { headers: { etag: '"a1"' } },
        ),
      [b]: () =>
        html(
          block([
            {
              "@context": "https://schema.org",
              "@type": "JobPosting",
              title: "Closed Role",
              description: "Gone.",
              // Through the end of the day before the run: closed.
              validThrough: "2026-11-30",
            },
          ]),
        ),
    });
    const source = await makeSource({
      name: "Two pages",
      kind: "jsonld",
      config: { urls: [a, b], company_name: "LD2 GmbH" },
    });
    const now = Date.parse("2026-12-01T00:00:00Z");
    const out = await runSource(source, now);
    expect(out.counts).toMatchObject({ fetched: 3, created: 2, duplicates: 0 });
    expect(seen.map((r) => r.url)).toEqual([a, b]);
    const again = await runSource(source, now + 3_600_000);
    expect(again.status).toBe("succeeded");
    // Several independent pages: no validators are sent, or a 304 of the first would hide the others.
    expect(seen[2]?.headers.get("if-none-match")).toBeNull();
    const jobs = await jobsOfSource(source.id);
    expect(jobs.map((j) => j.title).sort()).toEqual(["Platform Engineer", "Security Engineer"]);
    expect(new Set(jobs.map((j) => j.apply_url))).toEqual(new Set([a]));
  });

  it("bad input: a page whose only JSON-LD is malformed, a JobPosting without a title, non-https config", async () => {
    const broken = "https://ld3.example.com/broken";
    const untitled = "https://ld3.example.com/untitled";
    serveFeeds({
      [broken]: () => html('<script type="application/ld+json">{ "@type": "JobPosting", "title": </script>'),
      [untitled]: () =>
        html('<script type="application/ld+json">{ "@type": "JobPosting", "title": 42, "description": "x" }</script>'),
    });
    for (const [url, message] of [
      [broken, "no readable JobPosting (1 malformed JSON-LD block(s))"],
      [untitled, "has no title"],
    ] as const) {
      const source = await makeSource({ name: url, kind: "jsonld", config: { urls: [url], company_name: "LD3" } });
      const out = await runSource(source);
      expect(out.status, url).toBe("failed");
      expect(String((await runRow(out.runId))?.error), url).toContain(message);
      expect(await jobsOfSource(source.id), url).toEqual([]);
    }
    for (const config of [
      { urls: [] },
      { urls: ["file:///etc/passwd"] },
      { urls: ["https://10.0.0.1.nip.io/x"], extra: 1 },
    ]) {
      await expect(makeSource({ name: "bad", kind: "jsonld", config })).rejects.toMatchObject({ status: 400 });
    }
  });
});
