/**
 * XML for feed readers, aggregators and crawlers, built with fast-xml-parser's
 * XMLBuilder (it escapes text and attributes, and splits `]]>` inside CDATA):
 * RSS 2.0 and Atom 1.0 for any search, an Indeed-style job feed, and sitemaps
 * (an index of files of at most 50 000 URLs each, per sitemaps.org).
 *
 * RSS and Atom carry human-readable text (titles, the summary line), written in
 * the feed's language (`meta.t`: `?lang=`, else `Accept-Language`); the
 * Indeed feed and sitemaps are data for machines and stay as they are.
 */
import { XMLBuilder } from "fast-xml-parser";
import { type Translator, translator } from "../../i18n";
import type { JobSummaryDto } from "../jobs";
import { jobTypeLabel, placeText, salaryText } from "./views";

const builder = new XMLBuilder({
  ignoreAttributes: false,
  attributeNamePrefix: "@_",
  cdataPropName: "__cdata",
  suppressEmptyNode: true,
  // Otherwise an attribute whose value is "true" is written bare (`isPermaLink`), which is not XML.
  suppressBooleanAttributes: false,
  format: false,
});

const DECLARATION = { "?xml": { "@_version": "1.0", "@_encoding": "UTF-8" } };
const build = (doc: Record<string, unknown>) => builder.build({ ...DECLARATION, ...doc }) as string;

/** sitemaps.org's limit per file. */
export const SITEMAP_MAX_URLS = 50_000;

export interface FeedMeta {
  title: string;
  /** The HTML page this feed follows (absolute). */
  pageUrl: string;
  /** The feed's own URL (absolute). */
  selfUrl: string;
  /** Absolute URL for an app path. */
  url: (path: string) => string;
  /** When the newest item changed (or now). */
  updated: string;
  /** The feed's language (English when absent). */
  t?: Translator;
}

const jobPath = (j: { id: string; slug: string }) => `/jobs/${encodeURIComponent(j.id)}/${encodeURIComponent(j.slug)}`;

/** "Acme · Location: Berlin, Germany · Job type: Full-time · Salary: €60,000–€80,000 a year", labelled so it reads alone. */
function summaryText(j: JobSummaryDto, t: Translator): string {
  const salary = salaryText(j.salary, t);
  return [
    j.company.name,
    t.t("feed.location", { place: placeText(j, t) }),
    t.t("feed.jobType", { type: jobTypeLabel(j.job_type, t) }),
    salary ? t.t("feed.salary", { salary }) : null,
  ]
    .filter(Boolean)
    .join(" · ");
}

const itemTitle = (j: JobSummaryDto, t: Translator) => t.t("job.title", { title: j.title, company: j.company.name });

const rfc822 = (iso: string) => new Date(iso).toUTCString();

export function rssFeed(meta: FeedMeta, jobs: JobSummaryDto[]): string {
  const t = meta.t ?? translator();
  return build({
    rss: {
      "@_version": "2.0",
      "@_xmlns:atom": "http://www.w3.org/2005/Atom",
      channel: {
        title: meta.title,
        link: meta.pageUrl,
        description: t.t("feed.description", { title: meta.title }),
        language: t.formatLocale,
        lastBuildDate: rfc822(meta.updated),
        "atom:link": { "@_href": meta.selfUrl, "@_rel": "self", "@_type": "application/rss+xml" },
        item: jobs.map((j) => ({
          title: itemTitle(j, t),
          link: meta.url(jobPath(j)),
          guid: { "@_isPermaLink": "true", "#text": meta.url(jobPath(j)) },
          pubDate: rfc822(j.published_at ?? j.created_at),
          description: summaryText(j, t),
          ...(j.category ? { category: j.category.name } : {}),
        })),
      },
    },
  });
}

export function atomFeed(meta: FeedMeta, jobs: JobSummaryDto[]): string {
  const t = meta.t ?? translator();
  return build({
    feed: {
      "@_xmlns": "http://www.w3.org/2005/Atom",
      "@_xml:lang": t.formatLocale,
      title: meta.title,
      id: meta.selfUrl,
      updated: meta.updated,
      link: [
        { "@_rel": "self", "@_type": "application/atom+xml", "@_href": meta.selfUrl },
        { "@_rel": "alternate", "@_type": "text/html", "@_href": meta.pageUrl },
      ],
      author: { name: "Job Board" },
      entry: jobs.map((j) => ({
        title: itemTitle(j, t),
        id: meta.url(jobPath(j)),
        link: { "@_rel": "alternate", "@_type": "text/html", "@_href": meta.url(jobPath(j)) },
        published: j.published_at ?? j.created_at,
        updated: j.published_at ?? j.created_at,
        author: { name: j.company.name },
        summary: summaryText(j, t),
        ...(j.category ? { category: { "@_term": j.category.slug, "@_label": j.category.name } } : {}),
      })),
    },
  });
}

/** What the Indeed-style feed needs of a job (the full text included). */
export interface FeedJob {
  summary: JobSummaryDto;
  descriptionHtml: string;
  applyUrl: string | null;
}

const INDEED_JOB_TYPE: Record<string, string> = {
  full_time: "fulltime",
  part_time: "parttime",
  contract: "contract",
  freelance: "contract",
  internship: "internship",
  temporary: "temporary",
};

/**
 * The XML job feed format aggregators ingest (Indeed's `<source><job>`): one
 * `<job>` per live posting, text fields in CDATA as the format asks.
 */
export function indeedFeed(
  meta: { publisherUrl: string; url: (path: string) => string; updated: string },
  jobs: FeedJob[],
) {
  const cdata = (v: string) => ({ __cdata: v });
  return build({
    source: {
      publisher: "Job Board",
      publisherurl: meta.publisherUrl,
      lastBuildDate: rfc822(meta.updated),
      job: jobs.map(({ summary: j, descriptionHtml, applyUrl }) => ({
        title: cdata(j.title),
        date: cdata(rfc822(j.published_at ?? j.created_at)),
        referencenumber: cdata(j.id),
        url: cdata(meta.url(jobPath(j))),
        ...(applyUrl ? { applyurl: cdata(applyUrl) } : {}),
        company: cdata(j.company.name),
        city: cdata(j.location.city ?? ""),
        state: cdata(j.location.region ?? ""),
        country: cdata(j.location.country ?? ""),
        description: cdata(descriptionHtml),
        salary: cdata(salaryText(j.salary) ?? ""),
        jobtype: cdata(INDEED_JOB_TYPE[j.job_type] ?? j.job_type),
        category: cdata(j.category?.name ?? ""),
        experience: cdata(j.experience_level),
        remotetype: cdata(j.is_remote ? "Fully remote" : ""),
        ...(j.expires_at ? { expirationdate: cdata(j.expires_at.slice(0, 10)) } : {}),
      })),
    },
  });
}

export function sitemapIndex(files: Array<{ loc: string; lastmod?: string }>): string {
  return build({
    sitemapindex: {
      "@_xmlns": "http://www.sitemaps.org/schemas/sitemap/0.9",
      sitemap: files.map((f) => ({ loc: f.loc, ...(f.lastmod ? { lastmod: f.lastmod } : {}) })),
    },
  });
}

export function urlSet(urls: Array<{ loc: string; lastmod?: string; changefreq?: string }>): string {
  if (urls.length > SITEMAP_MAX_URLS) throw new Error(`a sitemap holds at most ${SITEMAP_MAX_URLS} URLs`);
  return build({
    urlset: {
      "@_xmlns": "http://www.sitemaps.org/schemas/sitemap/0.9",
      url: urls.map((u) => ({
        loc: u.loc,
        ...(u.lastmod ? { lastmod: u.lastmod } : {}),
        ...(u.changefreq ? { changefreq: u.changefreq } : {}),
      })),
    },
  });
}

/** robots.txt: pages and feeds are for everyone; the API, the dev tools and one-time email links are not. */
export function robotsTxt(sitemapUrl: string): string {
  return [
    "User-agent: *",
    "Allow: /",
    "Disallow: /api/",
    "Disallow: /dev/",
    "Disallow: /verify-email",
    "Disallow: /reset-password",
    "Disallow: /resumes/",
    "",
    `Sitemap: ${sitemapUrl}`,
    "",
  ].join("\n");
}
