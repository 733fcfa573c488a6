/** Job CRUD, detail, lifecycle actions and reports. */
import { z } from "@hono/zod-openapi";
import { requireAuth, requireRole } from "../../http/access";
import { cachedJson } from "../../http/cached-json";
import { clientIp, userAgent } from "../../http/client-info";
import { IfMatchHeaders, ifMatchVersions } from "../../http/etag";
import { createRouter, defineRoute, errorResponses, jsonBody, jsonResponse } from "../../http/openapi";
import { PUBLIC_CACHE_CONTROL } from "../../platform/cache";
import { jobDetail } from "./detail";
import { recordView } from "./discovery";
import { closeJob, publishJob, reportJob } from "./lifecycle";
import { presentJob } from "./presenters";
import { CreateJobBody, IdParam, JobSchema, PatchJobBody, ReasonBody } from "./schemas";
import * as jobs from "./service";

const tags = ["Jobs"];
export const jobsRouter = createRouter();

const JobResponse = jsonResponse(JobSchema, "The job");

jobsRouter.openapi(
  defineRoute({
    method: "post",
    path: "/jobs",
    access: { roles: ["employer", "admin"], scope: "jobs:write" },
    operationId: "createJob",
    tags,
    summary: "Create a draft job for one of your companies",
    description: "Needs an employer account with a verified email that is a member of `company_id` (or an admin).",
    request: { body: jsonBody(CreateJobBody) },
    responses: { 201: JobResponse, ...errorResponses(400, 401, 403, 404) },
  }),
  async (c) => {
    const auth = requireRole(c, "employer", "admin");
    const rec = await jobs.createJob(c.get("db"), auth, c.req.valid("json"));
    return c.json(presentJob(c.env, rec, { member: true }), 201, {
      Location: `/api/v1/jobs/${rec.job.id}`,
    });
  },
);

jobsRouter.openapi(
  defineRoute({
    method: "get",
    path: "/jobs/{id}",
    access: { optional: true, scope: "jobs:read" },
    etag: true,
    operationId: "getJob",
    tags,
    summary: "A job with its schema.org JobPosting (`json_ld`)",
    description:
      "`{id}` is the job id or its (unique) slug. Public when published; company members and admins see every status. Signed-in seekers also get " +
      "`has_applied` and `is_saved`. With `Accept: application/ld+json` only the JobPosting is returned. " +
      "Sends an ETag; `If-None-Match` answers 304.",
    request: { params: IdParam },
    responses: {
      200: {
        description: "The job",
        content: {
          "application/json": { schema: JobSchema },
          "application/ld+json": { schema: z.record(z.string(), z.unknown()) },
        },
      },
      ...errorResponses(401, 404),
    },
  }),
  async (c) => {
    const auth = c.get("auth");
    const { id } = c.req.valid("param");
    const result = await jobDetail(c.env, c.get("db"), auth, id);
    if (!result.member) {
      c.executionCtx.waitUntil(
        recordView(c.env, result.job.id, { userId: auth?.userId, ip: clientIp(c), userAgent: userAgent(c) }).catch(
          (err) => console.warn(JSON.stringify({ level: "warn", msg: "view not recorded", error: String(err) })),
        ),
      );
    }
    const cacheControl = result.shared ? PUBLIC_CACHE_CONTROL : "private, no-cache";
    c.header("Vary", "Authorization, Accept");
    if (result.cacheHit) c.header("X-Cache", "HIT");
    if ((c.req.header("Accept") ?? "").includes("application/ld+json")) {
      return c.json(result.job.json_ld, 200, {
        "Cache-Control": cacheControl,
        "Content-Type": "application/ld+json; charset=utf-8",
      });
    }
    // An anonymous body is the cached JSON as it is: no serialising it again.
    if (result.text !== undefined) {
      return cachedJson(c, { text: result.text, value: result.job }, { "Cache-Control": cacheControl });
    }
    return c.json(result.job, 200, { "Cache-Control": cacheControl });
  },
);

jobsRouter.openapi(
  defineRoute({
    method: "patch",
    path: "/jobs/{id}",
    access: { roles: ["employer", "admin"], scope: "jobs:write" },
    etag: true,
    operationId: "updateJob",
    tags,
    summary: "Edit a job (company members, admins)",
    description: "`is_featured` may only be set by admins. Archived jobs cannot be edited (409).",
    request: { params: IdParam, headers: IfMatchHeaders, body: jsonBody(PatchJobBody) },
    responses: { 200: JobResponse, ...errorResponses(400, 401, 403, 404, 409, 412, 422) },
  }),
  async (c) => {
    const auth = requireRole(c, "employer", "admin");
    const rec = await jobs.updateJob(c.get("db"), auth, c.req.valid("param").id, c.req.valid("json"), {
      ifMatch: ifMatchVersions(c),
    });
    return c.json(presentJob(c.env, rec, { member: true }), 200);
  },
);

jobsRouter.openapi(
  defineRoute({
    method: "delete",
    path: "/jobs/{id}",
    access: { roles: ["employer", "admin"], scope: "jobs:write" },
    operationId: "deleteJob",
    tags,
    summary: "Delete a draft, or archive any other job",
    request: { params: IdParam },
    responses: { 204: { description: "Deleted or archived" }, ...errorResponses(401, 403, 404, 409) },
  }),
  async (c) => {
    const auth = requireRole(c, "employer", "admin");
    await jobs.deleteJob(c.get("db"), auth, c.req.valid("param").id);
    return c.body(null, 204);
  },
);

jobsRouter.openapi(
  defineRoute({
    method: "post",
    path: "/jobs/{id}/publish",
    access: { roles: ["employer", "admin"], scope: "jobs:write" },
    operationId: "publishJob",
    tags,
    summary: "Publish a draft",
    description:
      "Verified companies publish at once (or at `publish_at`, when the five-minute cron publishes it); " +
      "jobs of unverified companies go to `pending_review` for an admin. `expires_at` defaults to 30 days " +
      "after publishing. Only drafts can be published (409 otherwise). A job needs a location or " +
      "`is_remote: true` (422 `location-required`: search engines list no job without either). " +
      "With billing on, publishing uses the company's plan allowance or a posting credit when it has one; " +
      "where postings must be paid and it has none, `402 posting-credit-required` (docs/billing.md).",
    request: { params: IdParam },
    responses: { 200: JobResponse, ...errorResponses(400, 401, 402, 403, 404, 409, 422) },
  }),
  async (c) => {
    const auth = requireRole(c, "employer", "admin");
    const rec = await publishJob(c.get("db"), c.env, auth, c.req.valid("param").id, Date.now(), c.get("postingGate"));
    return c.json(presentJob(c.env, rec, { member: true }), 200);
  },
);

jobsRouter.openapi(
  defineRoute({
    method: "post",
    path: "/jobs/{id}/close",
    access: { roles: ["employer", "admin"], scope: "jobs:write" },
    operationId: "closeJob",
    tags,
    summary: "Close a published job to new applications",
    request: { params: IdParam },
    responses: { 200: JobResponse, ...errorResponses(401, 403, 404, 409) },
  }),
  async (c) => {
    const auth = requireRole(c, "employer", "admin");
    const rec = await closeJob(c.get("db"), c.env, auth, c.req.valid("param").id);
    return c.json(presentJob(c.env, rec, { member: true }), 200);
  },
);

const ReportResponse = z.object({ id: z.string(), status: z.literal("received") }).openapi("JobReportReceipt");

jobsRouter.openapi(
  defineRoute({
    method: "post",
    path: "/jobs/{id}/report",
    access: { scope: "jobs:write" },
    operationId: "reportJob",
    tags,
    summary: "Report a job to the moderators",
    description: "One report per user and job; repeating it returns the first report (200).",
    request: { params: IdParam, body: jsonBody(ReasonBody) },
    responses: {
      201: jsonResponse(ReportResponse, "Report recorded"),
      200: jsonResponse(ReportResponse, "Already reported"),
      ...errorResponses(400, 401, 404),
    },
  }),
  async (c) => {
    const auth = requireAuth(c);
    const r = await reportJob(c.get("db"), auth, c.req.valid("param").id, c.req.valid("json").reason);
    return c.json({ id: r.id, status: "received" as const }, r.created ? 201 : 200);
  },
);
