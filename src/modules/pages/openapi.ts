/**
 * The public pages in the OpenAPI document (every route of the app is
 * documented): plain HTML and XML handlers, described here under "Pages".
 */
import type { OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../../platform/env";

type Param = {
  name: string;
  in: "query" | "path";
  required: boolean;
  description: string;
  schema: { type: "string"; maxLength: number };
};

const path = (name: string, description: string): Param => ({
  name,
  in: "path",
  required: true,
  description,
  schema: { type: "string", maxLength: 200 },
});
const query = (name: string, description: string): Param => ({
  name,
  in: "query",
  required: false,
  description,
  schema: { type: "string", maxLength: 2000 },
});

const SEARCH = [
  query("q", "Full text, as in `GET /api/v1/jobs`"),
  query("location", "City, region or country"),
  query("remote", "`true` or `false`"),
  query("job_type", "Comma list of job types"),
  query("experience_level", "Comma list of levels"),
  query("salary_min", "Minimum yearly salary"),
  query("sort", "relevance, newest, salary_desc, salary_asc"),
];
/** Feeds also take the language in the URL (feed readers rarely send `Accept-Language`). */
const FEED = [
  ...SEARCH,
  query("lang", "The feed's language (`en`, `de`, `fr`, `es`, with a region); else `Accept-Language`; others are 400"),
];

export function registerPageDocs(app: OpenAPIHono<AppEnv>): void {
  const content = (type: string, description: string) => ({
    description,
    content: { [type]: { schema: { type: "string" as const } } },
  });
  const html = (d: string) => content("text/html", d);
  const pages: Array<{
    path: string;
    operationId: string;
    summary: string;
    type: string;
    parameters?: Param[];
    extra?: Record<number, ReturnType<typeof html> | { description: string }>;
  }> = [
    {
      path: "/",
      operationId: "getLandingPage",
      summary: "Landing page: search box, featured and latest jobs",
      type: "text/html",
    },
    {
      path: "/jobs",
      operationId: "getJobSearchPage",
      summary: "Search results page (the filters of GET /api/v1/jobs, cursor pages, facet links)",
      type: "text/html",
      parameters: [...SEARCH, query("cursor", "Next-page cursor")],
      extra: { 400: html("Invalid filters") },
    },
    {
      path: "/jobs/{id}",
      operationId: "redirectToJobPage",
      summary: "Redirects (301) to the job page /jobs/{id}/{slug}",
      type: "text/html",
      parameters: [path("id", "Job id")],
      extra: { 301: { description: "To the canonical job page" }, 400: html("Not a job id"), 404: html("No such job") },
    },
    {
      path: "/jobs/{id}/{slug}",
      operationId: "getJobPage",
      summary: "Job page with its schema.org JobPosting JSON-LD; 410 once closed or expired",
      type: "text/html",
      parameters: [path("id", "Job id"), path("slug", "Job slug (another slug redirects)")],
      extra: {
        301: { description: "To the canonical slug" },
        304: { description: "Not modified (If-None-Match)" },
        400: html("Not a job address"),
        404: html("No such job"),
        410: html("The job is closed or expired (JSON-LD validThrough says when)"),
      },
    },
    {
      path: "/companies/{slug}",
      operationId: "getCompanyPage",
      summary: "Company page: profile, open jobs, rating and reviews",
      type: "text/html",
      parameters: [path("slug", "Company slug (an id redirects)"), query("reviews_cursor", "Next page of reviews")],
      extra: {
        301: { description: "To the canonical slug" },
        400: html("Invalid parameters"),
        404: html("No such company"),
      },
    },
    {
      path: "/jobs.rss",
      operationId: "getJobsRss",
      summary: "RSS 2.0 feed of any search (the /jobs parameters)",
      type: "application/rss+xml",
      parameters: FEED,
      extra: { 400: content("text/plain", "Invalid filters") },
    },
    {
      path: "/jobs.atom",
      operationId: "getJobsAtom",
      summary: "Atom feed of any search (the /jobs parameters)",
      type: "application/atom+xml",
      parameters: FEED,
      extra: { 400: content("text/plain", "Invalid filters") },
    },
    {
      path: "/feeds/jobs.xml",
      operationId: "getJobFeedXml",
      summary: "XML job feed for aggregators (Indeed format)",
      type: "application/xml",
    },
    {
      path: "/resumes/{id}/shared",
      operationId: "getSharedResumePage",
      summary: "Landing page of a resume share link (page_url): file name, type, size and a download button",
      type: "text/html",
      parameters: [
        path("id", "Resume id"),
        { ...query("token", "The share token (from POST /api/v1/resumes/{id}/share-link)"), required: true },
      ],
      extra: {
        404: html("The link is invalid, or the resume was deleted"),
        410: html("The link has expired"),
      },
    },
    { path: "/robots.txt", operationId: "getRobotsTxt", summary: "robots.txt", type: "text/plain" },
    {
      path: "/market",
      operationId: "getMarketPage",
      summary: "Job market page: jobs per category, skills in demand, salary ranges (inline SVG charts)",
      type: "text/html",
      parameters: [
        query("currency", "Salary currency (ISO 4217, default USD)"),
        query("days", "Window of the trends, 7 to 365 (default 90)"),
      ],
      extra: { 304: { description: "Not modified (If-None-Match)" }, 400: html("Invalid parameters") },
    },
    {
      path: "/sitemap.xml",
      operationId: "getSitemapIndex",
      summary: "Sitemap index (one file per 10 000 jobs)",
      type: "application/xml",
    },
    {
      path: "/sitemaps/pages.xml",
      operationId: "getPagesSitemap",
      summary: "Sitemap of the site's pages and companies",
      type: "application/xml",
    },
    {
      path: "/sitemaps/jobs.xml",
      operationId: "getJobsSitemap",
      summary: "Sitemap of published jobs with from ≤ id < to",
      type: "application/xml",
      parameters: [{ ...query("from", "First job id"), required: true }, query("to", "Id after the last job")],
      extra: { 400: content("text/plain", "Missing or invalid range") },
    },
  ];
  for (const p of pages) {
    app.openAPIRegistry.registerPath({
      method: "get",
      path: p.path,
      operationId: p.operationId,
      tags: ["Pages"],
      summary: p.summary,
      security: [],
      ...(p.parameters ? { parameters: p.parameters } : {}),
      responses: { 200: content(p.type, "The page"), ...(p.extra ?? {}) },
    });
  }
}
