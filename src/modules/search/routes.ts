/** Public discovery routes: search, suggest, featured, trending, similar. */
import { z } from "@hono/zod-openapi";
import { cachedJson } from "../../http/cached-json";
import { createRouter, defineRoute, errorResponses, jsonResponse } from "../../http/openapi";
import { cacheVersion, kvCache, PUBLIC_CACHE_CONTROL } from "../../platform/cache";
import { createDb } from "../../platform/db/client";
import { recordSearchTerm } from "../analytics";
import { featuredJobs, JobSummarySchema, requireVisibleJob, similarJobs, trendingJobs } from "../jobs";
import { SearchQuery, SearchResponse, SuggestQuery, SuggestResponse } from "./schemas";
import { searchCache, searchJobs } from "./search";
import { suggest } from "./suggest";

const tags = ["Jobs"];
export const jobsSearchRouter = createRouter();

const featuredCache = kvCache<Awaited<ReturnType<typeof featuredJobs>>>()("jobs.featured");

const LimitQuery = z.object({ limit: z.coerce.number().int().min(1).max(50).default(10) });
const SimpleList = z.object({ data: z.array(JobSummarySchema) }).openapi("JobSummaryList");

jobsSearchRouter.openapi(
  defineRoute({
    method: "get",
    path: "/jobs",
    access: { public: true },
    operationId: "searchJobs",
    tags,
    summary: "Search and list published jobs",
    description:
      "Full-text search (typo tolerant) with filters, facets and cursor pagination. Any `q` is safe: " +
      "quotes, operators, `*` and unicode are searched as words. Public responses are cached and versioned " +
      "on every job, company or category change.",
    request: { query: SearchQuery },
    responses: { 200: jsonResponse(SearchResponse, "Matching jobs"), ...errorResponses(400) },
  }),
  async (c) => {
    const params = c.req.valid("query");
    const d1 = c.get("db").$client;
    const { value, hit, text } = await searchCache.readThrough(c.env, { version: await cacheVersion(d1), params }, () =>
      searchJobs(c.env, d1, params),
    );
    // Top searches for admin analytics (anonymised, after the response). A search is
    // counted once: later pages of the same query carry a cursor and are not. The
    // write goes through its own client: it is not part of this response's D1 cost.
    if (params.q && !params.cursor) {
      const q = params.q;
      // Zero-result searches are counted with the term (admin analytics: what the index misses).
      const zeroResults = value.total === 0;
      c.executionCtx.waitUntil(
        recordSearchTerm(createDb(c.env.DB), q, Date.now(), { zeroResults }).catch((err) =>
          console.warn(JSON.stringify({ level: "warn", msg: "search term not recorded", error: String(err) })),
        ),
      );
    }
    // The cached JSON as it is: no serialising the page again.
    return cachedJson(c, { text, value }, { "Cache-Control": PUBLIC_CACHE_CONTROL, "X-Cache": hit ? "HIT" : "MISS" });
  },
);

jobsSearchRouter.openapi(
  defineRoute({
    method: "get",
    path: "/jobs/suggest",
    access: { public: true },
    operationId: "suggestJobs",
    tags,
    summary: "Autocomplete titles, companies, skills and locations",
    request: { query: SuggestQuery },
    responses: { 200: jsonResponse(SuggestResponse, "Up to 10 suggestions"), ...errorResponses(400) },
  }),
  async (c) => {
    const result = await suggest(c.get("db").$client, c.req.valid("query").q);
    return c.json(result, 200, { "Cache-Control": "public, max-age=60" });
  },
);

jobsSearchRouter.openapi(
  defineRoute({
    method: "get",
    path: "/jobs/featured",
    access: { public: true },
    operationId: "listFeaturedJobs",
    tags,
    summary: "Featured jobs, newest first",
    request: { query: LimitQuery },
    responses: { 200: jsonResponse(SimpleList, "Featured jobs"), ...errorResponses(400) },
  }),
  async (c) => {
    const { limit } = c.req.valid("query");
    const d1 = c.get("db").$client;
    const { value, hit } = await featuredCache.readThrough(c.env, { version: await cacheVersion(d1), limit }, () =>
      featuredJobs(c.env, d1, limit),
    );
    return c.json({ data: value }, 200, {
      "Cache-Control": PUBLIC_CACHE_CONTROL,
      "X-Cache": hit ? "HIT" : "MISS",
    });
  },
);

jobsSearchRouter.openapi(
  defineRoute({
    method: "get",
    path: "/jobs/trending",
    access: { public: true },
    operationId: "listTrendingJobs",
    tags,
    summary: "Jobs with the most recent views and applications (time-decayed, refreshed hourly)",
    request: { query: LimitQuery },
    responses: { 200: jsonResponse(SimpleList, "Trending jobs"), ...errorResponses(400) },
  }),
  async (c) => {
    const data = await trendingJobs(c.env, c.get("db"), c.req.valid("query").limit);
    return c.json({ data }, 200, { "Cache-Control": PUBLIC_CACHE_CONTROL });
  },
);

jobsSearchRouter.openapi(
  defineRoute({
    method: "get",
    path: "/jobs/{id}/similar",
    access: { optional: true, scope: "jobs:read" },
    operationId: "listSimilarJobs",
    tags,
    summary: "Published jobs similar to this one (shared skills, category, title words)",
    request: { params: z.object({ id: z.string().min(1).max(100) }), query: LimitQuery },
    responses: { 200: jsonResponse(SimpleList, "Similar jobs"), ...errorResponses(400, 404) },
  }),
  async (c) => {
    const { rec } = await requireVisibleJob(c.get("db"), c.get("auth"), c.req.valid("param").id);
    const data = await similarJobs(c.env, c.get("db").$client, rec, c.req.valid("query").limit);
    return c.json({ data }, 200, { "Cache-Control": "public, max-age=300" });
  },
);
