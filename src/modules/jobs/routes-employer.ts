/** Employer tools: the all-status job list, CSV/JSON import and export (a job's analytics: modules/analytics). */
import { z } from "@hono/zod-openapi";
import { requireRole } from "../../http/access";
import { createRouter, defineRoute, errorResponses, jsonResponse } from "../../http/openapi";
import { pageQuery } from "../../http/pagination";
import { ApiError } from "../../http/problem";
import { JOB_STATUSES } from "../../platform/db/schema";
import { attachmentDisposition } from "../../platform/storage/storage";
import { SyncPage, updatedSinceQuery } from "../sync";
import { listEmployerJobs } from "./employer";
import {
  csvRowToBody,
  exportRecords,
  importJobs,
  MAX_IMPORT_ROWS,
  parseCsv,
  toCsv,
  toJsonExport,
} from "./import-export";
import { presentJob } from "./presenters";
import { JobSchema } from "./schemas";

const tags = ["Employer jobs"];
export const employerJobsRouter = createRouter();

const EmployerJobsQuery = z.object({
  status: z.enum(JOB_STATUSES).optional(),
  company_id: z.string().max(100).optional(),
  q: z.string().trim().max(200).optional(),
  ...pageQuery({ cursorMax: 500 }),
  ...updatedSinceQuery,
});

employerJobsRouter.openapi(
  defineRoute({
    method: "get",
    path: "/employer/jobs",
    access: { roles: ["employer", "admin"], scope: "jobs:read" },
    operationId: "listEmployerJobs",
    tags,
    summary: "Jobs of all your companies, in every status",
    request: { query: EmployerJobsQuery },
    responses: {
      200: jsonResponse(
        SyncPage(JobSchema).openapi("EmployerJobList"),
        "Your companies' jobs, newest first (with `updated_since`: changes oldest first, and `deleted`)",
      ),
      ...errorResponses(400, 401, 403, 410),
    },
  }),
  async (c) => {
    const auth = requireRole(c, "employer", "admin");
    const q = c.req.valid("query");
    const found = await listEmployerJobs(c.get("db"), auth, q);
    return c.json({ ...found, data: found.data.map((r) => presentJob(c.env, r, { member: true })) }, 200, {
      "Cache-Control": "private, no-store",
    });
  },
);

const ImportResult = z
  .object({
    created: z.number().int(),
    failed: z.number().int(),
    results: z.array(
      z.object({
        row: z.number().int(),
        id: z.string().optional(),
        errors: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
      }),
    ),
  })
  .openapi("JobImportResult");

employerJobsRouter.openapi(
  defineRoute({
    method: "post",
    path: "/jobs/import",
    access: { roles: ["employer", "admin"], scope: "jobs:write" },
    operationId: "importJobs",
    tags,
    summary: "Create drafts from a CSV file or a JSON array (≤ 500 rows)",
    description:
      "CSV needs a header row; columns: company_id, title, category, description, requirements, responsibilities, " +
      "benefits, city, region, country, lat, lng, is_remote, job_type, experience_level, salary_min, salary_max, " +
      "salary_currency, salary_period, skills (separated by `;`), apply_url, application_deadline, publish_at, " +
      "expires_at. JSON rows are `POST /jobs` bodies. `?company_id=` fills rows that have none. Each row is " +
      "validated like `POST /jobs`; the result lists every row with its new id or its errors.",
    request: {
      query: z.object({ company_id: z.string().max(100).optional() }),
      // Not `required`: the JSON validator would then also run for text/csv bodies.
      body: {
        required: false,
        content: {
          "text/csv": { schema: z.string() },
          "application/json": { schema: z.array(z.record(z.string(), z.unknown())) },
        },
      },
    },
    responses: { 200: jsonResponse(ImportResult, "Per-row results"), ...errorResponses(400, 401, 403, 413, 415) },
  }),
  async (c) => {
    const auth = requireRole(c, "employer", "admin");
    const type = (c.req.header("Content-Type") ?? "").split(";")[0]?.trim().toLowerCase();
    let rows: unknown[];
    if (type === "text/csv") {
      rows = parseCsv(await c.req.text()).map(csvRowToBody);
    } else if (type === "application/json") {
      rows = c.req.valid("json") as unknown[];
    } else {
      throw new ApiError(415, "unsupported-media-type", "Send text/csv or application/json.");
    }
    if (rows.length > MAX_IMPORT_ROWS) {
      throw new ApiError(413, "too-many-rows", `At most ${MAX_IMPORT_ROWS} rows per import.`);
    }
    const result = await importJobs(c.get("db"), auth, rows, c.req.valid("query").company_id);
    return c.json(result, 200);
  },
);

employerJobsRouter.openapi(
  defineRoute({
    method: "get",
    path: "/jobs/export",
    access: { roles: ["employer", "admin"], scope: "jobs:read" },
    operationId: "exportJobs",
    tags,
    summary: "Download your companies' jobs as CSV or JSON",
    description: "CSV cells starting with = + - @ are prefixed with `'` so spreadsheets never run them as formulas.",
    request: {
      query: z.object({
        format: z.enum(["csv", "json"]).default("csv"),
        company_id: z.string().max(100).optional(),
        status: z.enum(JOB_STATUSES).optional(),
      }),
    },
    responses: {
      200: {
        description: "The export file",
        content: { "text/csv": { schema: z.string() }, "application/json": { schema: z.array(JobSchema) } },
      },
      ...errorResponses(400, 401, 403),
    },
  }),
  async (c) => {
    const auth = requireRole(c, "employer", "admin");
    const { format, company_id, status } = c.req.valid("query");
    const records = await exportRecords(c.get("db"), auth, { company_id, status });
    const stamp = new Date().toISOString().slice(0, 10);
    const headers = { "Cache-Control": "private, no-store" };
    if (format === "json") {
      return c.body(JSON.stringify(toJsonExport(c.env, records)), 200, {
        ...headers,
        "Content-Type": "application/json; charset=utf-8",
        "Content-Disposition": attachmentDisposition(`jobs-${stamp}.json`),
      });
    }
    return c.body(`\uFEFF${toCsv(records)}`, 200, {
      ...headers,
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": attachmentDisposition(`jobs-${stamp}.csv`),
    });
  },
);
