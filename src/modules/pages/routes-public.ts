/**
 * The public, server-rendered site at the root of the Worker: landing page,
 * search results, job pages (with their JobPosting JSON-LD), company pages,
 * feeds, sitemaps and robots.txt. Data comes from the other modules' faces (the
 * same search, presenters and JSON-LD as the API), rendering from ./views.
 * No page needs script; every page sends a strict CSP, Cache-Control and ETag.
 */
import { z } from "@hono/zod-openapi";
import type { Context } from "hono";
import { Hono } from "hono";
import { access } from "../../http/access";
import { ApiError } from "../../http/problem";
import { isAcceptableLocaleTag, negotiateLocale, resolveLocale, type Translator, translator } from "../../i18n";
import { appUrl } from "../../lib/urls";
import { cacheVersion } from "../../platform/cache";
import type { AppEnv } from "../../platform/env";
import { companiesForSitemap, companyJsonLd, getCompany, presentCompany } from "../companies";
import {
  featuredJobs,
  jobPostingJsonLd,
  latestJobRecords,
  loadRecord,
  presentJob,
  presentSummary,
  publishedJobBoundaries,
  publishedJobsByIdRange,
  renderMarkdown,
  similarJobs,
} from "../jobs";
import { listReviews, presentReview } from "../reviews";
import { listCompanyJobs, SearchQuery, searchCache, searchJobs } from "../search";
import { atomFeed, indeedFeed, robotsTxt, rssFeed, sitemapIndex, urlSet } from "./feeds";
import { layout, pageTranslator, sendPublicPage } from "./layout";
import { landingPage, SEARCH_PARAMS, searchHref, searchPage, searchTitle, searchValues } from "./search-view";
import { companyPage, companyPath, jobPage, jobPath, messagePage } from "./views";

export const publicPagesRouter = new Hono<AppEnv>();

/** Published jobs per sitemap file: well under the 50 000 limit, so one file stays cheap to build. */
export const JOBS_PER_SITEMAP = 10_000;
/** Jobs a feed carries: RSS/Atom per search, and the aggregator feed (newest first). */
const FEED_ITEMS = 50;
const AGGREGATOR_ITEMS = 500;
const FEED_CACHE = "public, max-age=300, stale-while-revalidate=600";
const XML = "application/xml; charset=utf-8";

/** The search, through the same versioned cache as `GET /api/v1/jobs`. */
async function cachedSearch(c: Context<AppEnv>, params: z.infer<typeof SearchQuery>) {
  const d1 = c.get("db").$client;
  const { value } = await searchCache.readThrough(c.env, { version: await cacheVersion(d1), params }, () =>
    searchJobs(c.env, d1, params),
  );
  return value;
}

function errorPage(c: Context<AppEnv>, t: Translator, status: 400 | 404 | 410, title: string, message: string) {
  return sendPublicPage(c, status, layout({ title, noindex: true }, messagePage(title, message, t), t), {
    cacheControl: "public, max-age=60",
    locale: t.locale,
  });
}
/** Path parameters longer than this are no id or slug of ours. */
const MAX_PARAM = 200;

publicPagesRouter.get("/", access({ public: true }), async (c) => {
  const t = pageTranslator(c);
  const d1 = c.get("db").$client;
  const [latest, featured] = await Promise.all([
    cachedSearch(c, SearchQuery.parse({ sort: "newest", limit: "10" })),
    featuredJobs(c.env, d1, 6),
  ]);
  const body = layout(
    {
      title: t.t("landing.title"),
      description: t.t("landing.description", { count: t.number(latest.total) }),
      canonical: appUrl(c.env, "/"),
      feeds: { rss: "/jobs.rss", atom: "/jobs.atom" },
      jsonLd: [
        {
          "@context": "https://schema.org",
          "@type": "WebSite",
          name: "Job Board",
          url: appUrl(c.env, "/"),
          potentialAction: {
            "@type": "SearchAction",
            target: `${appUrl(c.env, "/jobs")}?q={search_term_string}`,
            "query-input": "required name=search_term_string",
          },
        },
      ],
    },
    landingPage(featured, latest.data, latest.total, t),
    t,
  );
  return sendPublicPage(c, 200, body, { locale: t.locale });
});

function parseSearch(values: Record<string, string>, extra: Record<string, string>) {
  return SearchQuery.safeParse({ ...values, ...extra });
}

publicPagesRouter.get("/jobs", access({ public: true }), async (c) => {
  const t = pageTranslator(c);
  const values = searchValues(c.req.query());
  const parsed = parseSearch(values, { facets: "category,job_type,experience_level,remote,salary", limit: "20" });
  if (!parsed.success) return errorPage(c, t, 400, t.t("error.searchTitle"), t.t("error.badSearch"));
  let result: Awaited<ReturnType<typeof cachedSearch>>;
  try {
    result = await cachedSearch(c, parsed.data);
  } catch (err) {
    if (err instanceof ApiError && err.status === 400)
      return errorPage(c, t, 400, t.t("error.searchTitle"), err.message);
    throw err;
  }
  const canonicalValues = { ...values };
  delete canonicalValues.cursor;
  const body = layout(
    {
      title: searchTitle(values, t),
      description: values.q
        ? t.t("search.descriptionQuery", { count: t.number(result.total), q: values.q })
        : t.t("search.descriptionAll", { count: t.number(result.total) }),
      canonical: appUrl(c.env, searchHref("/jobs", canonicalValues)),
      // Result pages after the first, and narrowed searches, are for people, not for the index.
      noindex: Boolean(values.cursor) || Object.keys(canonicalValues).length > 1,
      feeds: { rss: searchHref("/jobs.rss", values), atom: searchHref("/jobs.atom", values) },
      q: values.q,
    },
    searchPage(result, values, t),
    t,
  );
  return sendPublicPage(c, 200, body, { locale: t.locale });
});

/** `/jobs/{id}` (what some links and people type) redirects to the canonical `/jobs/{id}/{slug}`. */
publicPagesRouter.get("/jobs/:id", access({ public: true }), async (c) => {
  const t = pageTranslator(c);
  const id = c.req.param("id");
  if (id.length > MAX_PARAM) return errorPage(c, t, 400, t.t("error.jobNotFound"), t.t("error.notJobAddress"));
  const rec = await loadRecord(c.get("db"), id);
  if (!rec || rec.job.status === "draft" || rec.job.status === "pending_review") {
    return errorPage(c, t, 404, t.t("error.jobNotFound"), t.t("error.noSuchJob"));
  }
  return c.redirect(jobPath(rec.job), 301);
});

/** Why applying is over, or null while the job takes applications. */
function endedReason(
  job: { status: string; expiresAt: number | null; applicationDeadline: number | null },
  now: number,
  t: Translator,
) {
  if (job.status === "closed") return t.t("job.endedClosed");
  if (job.status === "expired" || job.status === "archived") return t.t("job.endedExpired");
  if (job.expiresAt !== null && job.expiresAt <= now) return t.t("job.endedExpired");
  if (job.applicationDeadline !== null && job.applicationDeadline < now) return t.t("job.endedDeadline");
  return null;
}

publicPagesRouter.get("/jobs/:id/:slug", access({ public: true }), async (c) => {
  const t = pageTranslator(c);
  const { id, slug } = c.req.param();
  if (id.length > MAX_PARAM || slug.length > MAX_PARAM) {
    return errorPage(c, t, 400, t.t("error.jobNotFound"), t.t("error.notJobAddress"));
  }
  const db = c.get("db");
  const rec = await loadRecord(db, id);
  if (!rec || rec.job.status === "draft" || rec.job.status === "pending_review") {
    return errorPage(c, t, 404, t.t("error.jobNotFound"), t.t("error.noSuchJob"));
  }
  if (slug !== rec.job.slug) return c.redirect(jobPath(rec.job), 301);
  const now = Date.now();
  const ended = endedReason(rec.job, now, t);
  // Gone for good (closed, expired): 410, and the JSON-LD says until when it was valid.
  const gone = ended !== null && !(rec.job.status === "published" && (rec.job.expiresAt ?? Infinity) > now);
  const ld = jobPostingJsonLd(c.env, rec);
  if (ended) {
    const endedAt = Math.min(
      ...[rec.job.closedAt, rec.job.expiresAt, rec.job.applicationDeadline, now].filter((v): v is number => v !== null),
    );
    ld.validThrough = new Date(endedAt).toISOString();
  }
  const [similar, company] = await Promise.all([
    similarJobs(c.env, db.$client, rec, 5, now),
    getCompany(db, rec.job.companyId).catch(() => null),
  ]);
  const job = presentJob(c.env, rec);
  const body = layout(
    {
      title: t.t("job.title", { title: job.title, company: job.company.name }),
      description: `${t.t("job.title", { title: job.title, company: job.company.name })}: ${job.description.replace(/\s+/g, " ").slice(0, 150)}`,
      canonical: appUrl(c.env, jobPath(job)),
      jsonLd: [ld],
      noindex: gone,
    },
    jobPage(
      job,
      {
        ended,
        similar,
        company: company ? { description: company.description, rating: presentCompany(company).rating } : null,
      },
      t,
    ),
    t,
  );
  return sendPublicPage(c, gone ? 410 : 200, body, { version: rec.job.updatedAt, locale: t.locale });
});

const CompanyPageQuery = z.object({ reviews_cursor: z.string().max(512).optional() }).strict();

publicPagesRouter.get("/companies/:slug", access({ public: true }), async (c) => {
  const t = pageTranslator(c);
  const slug = c.req.param("slug");
  if (slug.length > MAX_PARAM) {
    return errorPage(c, t, 400, t.t("error.companyNotFound"), t.t("error.notCompanyAddress"));
  }
  const query = CompanyPageQuery.safeParse(c.req.query());
  if (!query.success) return errorPage(c, t, 400, t.t("error.companyTitle"), t.t("error.badParams"));
  const db = c.get("db");
  let row: Awaited<ReturnType<typeof getCompany>>;
  try {
    row = await getCompany(db, slug);
  } catch (err) {
    if (err instanceof ApiError && err.status === 404) {
      return errorPage(c, t, 404, t.t("error.companyNotFound"), t.t("error.noSuchCompany"));
    }
    throw err;
  }
  if (slug !== row.slug) return c.redirect(companyPath(row), 301);
  let reviews: Awaited<ReturnType<typeof listReviews>>;
  try {
    reviews = await listReviews(db, undefined, row.id, {
      sort: "recent",
      cursor: query.data.reviews_cursor,
      limit: 10,
    });
  } catch (err) {
    if (err instanceof ApiError && err.status === 400) return errorPage(c, t, 400, row.name, t.t("error.noReviewPage"));
    throw err;
  }
  const jobs = await listCompanyJobs(c.env, db, row.id, { limit: 20 });
  const company = presentCompany(row);
  const body = layout(
    {
      title: company.name,
      description: (company.description ?? t.t("company.description", { company: company.name })).slice(0, 160),
      canonical: appUrl(c.env, companyPath(company)),
      jsonLd: [companyJsonLd(row, appUrl(c.env, "").replace(/\/$/, ""))],
      noindex: Boolean(query.data.reviews_cursor),
    },
    companyPage(
      company,
      jobs,
      // Anonymous viewer: an anonymous review's author is never in the DTO.
      { data: reviews.data.map((v) => presentReview(v, undefined)), next: reviews.next_cursor },
      t,
    ),
    t,
  );
  return sendPublicPage(c, 200, body, { locale: t.locale });
});

// ------------------------------------------------------------------ feeds

/**
 * The search's parameters plus `lang`: feed readers rarely send `Accept-Language`,
 * so a subscriber picks the language in the URL (a supported BCP 47 tag, `de`, `fr-CA` …).
 */
const FeedQuery = z
  .object({
    ...Object.fromEntries(SEARCH_PARAMS.filter((k) => k !== "cursor").map((k) => [k, z.string().max(2000).optional()])),
    lang: z.string().max(35).refine(isAcceptableLocaleTag).optional(),
  })
  .strict();

async function feedJobs(c: Context<AppEnv>) {
  const raw = FeedQuery.safeParse(c.req.query());
  if (!raw.success) return null;
  const { lang, ...search } = raw.data;
  const t = translator(lang ? resolveLocale(lang) : negotiateLocale(c.req.header("Accept-Language")), "UTC");
  const values = searchValues(search as Record<string, string>);
  const parsed = parseSearch(values, { limit: String(FEED_ITEMS), sort: values.sort ?? "newest" });
  if (!parsed.success) return null;
  return { values, t, lang, result: await cachedSearch(c, parsed.data) };
}

function feedMeta(
  c: Context<AppEnv>,
  feed: { values: Record<string, string>; t: Translator; lang?: string },
  self: string,
) {
  const url = (path: string) => appUrl(c.env, path);
  const { values, t } = feed;
  return {
    title: searchTitle(values, t),
    pageUrl: url(searchHref("/jobs", values)),
    // The self link keeps the chosen language, so a reader that follows it gets the same feed.
    selfUrl: url(searchHref(self, feed.lang ? { ...values, lang: feed.lang } : values)),
    url,
    updated: new Date().toISOString(),
    t,
  };
}

/** Feed headers: the language is negotiated, so caches are told (as for the pages). */
const feedHeaders = (type: string, t: Translator) => ({
  "Content-Type": `${type}; charset=utf-8`,
  "Cache-Control": FEED_CACHE,
  "Content-Language": t.locale,
  Vary: "Accept-Encoding, Accept-Language",
});

const badFeed = (c: Context<AppEnv>) =>
  c.text("Some of the filters are not valid (the feed takes the same parameters as /jobs).", 400, {
    "Cache-Control": "no-store",
  });

publicPagesRouter.get("/jobs.rss", access({ public: true }), async (c) => {
  const feed = await feedJobs(c);
  if (!feed) return badFeed(c);
  const meta = feedMeta(c, feed, "/jobs.rss");
  meta.updated = feed.result.data[0]?.published_at ?? meta.updated;
  return c.body(rssFeed(meta, feed.result.data), 200, feedHeaders("application/rss+xml", feed.t));
});

publicPagesRouter.get("/jobs.atom", access({ public: true }), async (c) => {
  const feed = await feedJobs(c);
  if (!feed) return badFeed(c);
  const meta = feedMeta(c, feed, "/jobs.atom");
  meta.updated = feed.result.data[0]?.published_at ?? meta.updated;
  return c.body(atomFeed(meta, feed.result.data), 200, feedHeaders("application/atom+xml", feed.t));
});

/** The aggregator feed (Indeed's XML format): the newest live jobs with their full description. */
publicPagesRouter.get("/feeds/jobs.xml", access({ public: true }), async (c) => {
  const records = await latestJobRecords(c.get("db").$client, AGGREGATOR_ITEMS);
  const jobs = records.map((rec) => ({
    summary: presentSummary(c.env, rec),
    descriptionHtml: renderMarkdown(rec.job.description) ?? "",
    applyUrl: rec.job.applyUrl,
  }));
  const xml = indeedFeed(
    { publisherUrl: appUrl(c.env, "/"), url: (p) => appUrl(c.env, p), updated: new Date().toISOString() },
    jobs,
  );
  return c.body(xml, 200, { "Content-Type": XML, "Cache-Control": FEED_CACHE });
});

// ------------------------------------------------------------------ crawling

publicPagesRouter.get("/robots.txt", access({ public: true }), (c) =>
  c.text(robotsTxt(appUrl(c.env, "/sitemap.xml")), 200, { "Cache-Control": "public, max-age=3600" }),
);

/**
 * The sitemap index: one file for the site's own pages and companies, then one
 * per JOBS_PER_SITEMAP published jobs, bounded by ids (`from` ≤ id < `to`), so
 * any number of jobs is listed and each file is read with one index range scan.
 */
publicPagesRouter.get("/sitemap.xml", access({ public: true }), async (c) => {
  const bounds = await publishedJobBoundaries(c.get("db").$client, JOBS_PER_SITEMAP);
  const files = [{ loc: appUrl(c.env, "/sitemaps/pages.xml") }];
  bounds.forEach((from, i) => {
    const to = bounds[i + 1];
    const qs = new URLSearchParams(to ? { from, to } : { from }).toString();
    files.push({ loc: appUrl(c.env, `/sitemaps/jobs.xml?${qs}`) });
  });
  return c.body(sitemapIndex(files), 200, { "Content-Type": XML, "Cache-Control": "public, max-age=3600" });
});

/** Companies listed in the pages sitemap; more would need paging like the jobs. */
const MAX_SITEMAP_COMPANIES = 49_000;

publicPagesRouter.get("/sitemaps/pages.xml", access({ public: true }), async (c) => {
  const companies = await companiesForSitemap(c.get("db").$client, MAX_SITEMAP_COMPANIES);
  const urls = [
    { loc: appUrl(c.env, "/"), changefreq: "hourly" },
    { loc: appUrl(c.env, "/jobs"), changefreq: "hourly" },
    { loc: appUrl(c.env, "/market"), changefreq: "daily" },
    ...companies.map((co) => ({
      loc: appUrl(c.env, companyPath(co)),
      lastmod: new Date(co.updatedAt).toISOString(),
    })),
  ];
  return c.body(urlSet(urls), 200, { "Content-Type": XML, "Cache-Control": "public, max-age=3600" });
});

const SitemapRange = z.object({ from: z.string().min(1).max(64), to: z.string().min(1).max(64).optional() }).strict();

publicPagesRouter.get("/sitemaps/jobs.xml", access({ public: true }), async (c) => {
  const range = SitemapRange.safeParse(c.req.query());
  if (!range.success)
    return c.text("from (and optionally to) are required job ids.", 400, { "Cache-Control": "no-store" });
  // The hard cap is the format's limit: a range that grew since the index was read still fits.
  const jobs = await publishedJobsByIdRange(c.get("db").$client, range.data, 50_000);
  const xml = urlSet(
    jobs.map((j) => ({ loc: appUrl(c.env, jobPath(j)), lastmod: new Date(j.updatedAt).toISOString() })),
  );
  return c.body(xml, 200, { "Content-Type": XML, "Cache-Control": "public, max-age=3600" });
});
