/**
 * `GET /companies/{id}/jobs`: a company's published jobs. It is the jobs search with a
 * company filter, so it lives with the search (the companies module knows no jobs).
 */
import { z } from "@hono/zod-openapi";
import { createRouter, defineRoute, errorResponses, jsonResponse } from "../../http/openapi";
import { decodeCursor, encodeCursor, Page } from "../../http/pagination";
import { PUBLIC_CACHE_CONTROL } from "../../platform/cache";
import type { Db } from "../../platform/db/client";
import { prepare, rawSql, sq } from "../../platform/db/sql";
import { getCompany, IdOrSlugParam, PageQuery } from "../companies";
import { JOB_RECORD_COLUMNS, JOB_RECORD_JOINS, JobSummarySchema, presentSummary, recordFromSql } from "../jobs";
import { SearchQuery } from "./schemas";
import { cursorScope } from "./search";

const tags = ["Companies"];
export const companyJobsRouter = createRouter();

export const CompanyJobListSchema = Page(JobSummarySchema, { total: z.number().int() }).openapi("CompanyJobList");

type Row = Record<string, unknown>;

/**
 * Published jobs of a company, newest first, as the same job summaries, visibility
 * rules and cursors as `GET /jobs?company={id}&sort=newest`, but with a query of its
 * own: one equality on `company_id` and `status` walks `jobs_company_status_idx`
 * (company_id, status, published_at) newest first and stops after the page, and
 * the total is the company's `open_jobs_count` (kept by triggers). The general
 * search would count and sort every job of the company, which grows with it.
 */
export async function listCompanyJobs(
  env: Pick<Env, "PUBLIC_APP_URL">,
  db: Db,
  idOrSlug: string,
  page: { cursor?: string; limit: number },
  now = Date.now(),
) {
  const company = await getCompany(db, idOrSlug);
  // Parsed like the query of `GET /jobs?company=…&sort=newest`, so a cursor of either pages both.
  const params = SearchQuery.parse({ company: company.id, sort: "newest", limit: page.limit, cursor: page.cursor });
  const position = decodeCursor(params.cursor, ["number", "string"], cursorScope(params, "newest"));
  const after = position ? sq`AND (j.published_at, j.id) < (${position[0]}, ${position[1]})` : rawSql("");
  const { results } = await prepare(
    db.$client,
    // INDEXED BY: left to itself SQLite walks every published job newest first
    // (jobs_status_published_idx) and filters by company, which reads more as the
    // table grows; the company's index reads the page's rows (plus ties).
    sq`WITH page AS (SELECT j.id AS id FROM jobs j INDEXED BY jobs_company_status_idx
          WHERE j.company_id = ${company.id} AND j.status = 'published' AND (j.expires_at IS NULL OR j.expires_at > ${now}) ${after}
          ORDER BY j.published_at DESC, j.id DESC LIMIT ${page.limit + 1})
        SELECT ${JOB_RECORD_COLUMNS} FROM page CROSS JOIN jobs j ON j.id = page.id ${JOB_RECORD_JOINS}
        ORDER BY j.published_at DESC, j.id DESC`,
  ).all<Row>();
  const records = results.map(recordFromSql);
  const last = records.length > page.limit ? records[page.limit - 1] : undefined;
  return {
    data: records.slice(0, page.limit).map((rec) => presentSummary(env, rec)),
    next_cursor: last ? encodeCursor([last.job.publishedAt ?? 0, last.job.id], cursorScope(params, "newest")) : null,
    total: company.openJobsCount,
  };
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
