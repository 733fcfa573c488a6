/**
 * `GET /companies/{id}/jobs`: a company's published jobs. It is the jobs search with a
 * company filter, so it lives with the search (the companies module knows no jobs).
 */
import { z } from "@hono/zod-openapi";
import { createRouter, defineRoute, errorResponses, jsonResponse } from "../../http/openapi";
import { Page } from "../../http/pagination";
import { cacheVersion, PUBLIC_CACHE_CONTROL } from "../../platform/cache";
import type { Db } from "../../platform/db/client";
import { getCompany, IdOrSlugParam, PageQuery } from "../companies";
import { JobSummarySchema } from "../jobs";
import { SearchQuery } from "./schemas";
import { searchCache, searchJobs } from "./search";

const tags = ["Companies"];
export const companyJobsRouter = createRouter();

export const CompanyJobListSchema = Page(JobSummarySchema, { total: z.number().int() }).openapi("CompanyJobList");

/**
 * Published jobs of a company, newest first, as the same job summaries as
 * `GET /jobs`: it is the jobs search with a company filter (same visibility
 * rules, cursors and cache).
 */
export async function listCompanyJobs(
  env: Pick<Env, "CACHE" | "PUBLIC_APP_URL">,
  db: Db,
  idOrSlug: string,
  page: { cursor?: string; limit: number },
) {
  const company = await getCompany(db, idOrSlug);
  // Parsed like the query of `GET /jobs?company=…&sort=newest`, so both share cache entries.
  const params = SearchQuery.parse({ company: company.id, sort: "newest", limit: page.limit, cursor: page.cursor });
  const { value } = await searchCache.readThrough(env, { version: await cacheVersion(db.$client), params }, () =>
    searchJobs(env, db.$client, params),
  );
  return { data: value.data, next_cursor: value.next_cursor, total: value.total };
}

companyJobsRouter.openapi(
  defineRoute({
    method: "get",
    path: "/{id}/jobs",
    access: { public: true },
    operationId: "listCompanyJobs",
    tags,
    summary: "Published jobs of a company, newest first",
    description: "The same job summaries, cursors and caching as `GET /jobs?company={id}&sort=newest`.",
    request: { params: IdOrSlugParam, query: PageQuery },
    responses: { 200: jsonResponse(CompanyJobListSchema, "A page of jobs"), ...errorResponses(400, 404) },
  }),
  async (c) => {
    const page = await listCompanyJobs(c.env, c.get("db"), c.req.valid("param").id, c.req.valid("query"));
    return c.json(page, 200, { "Cache-Control": PUBLIC_CACHE_CONTROL });
  },
);
