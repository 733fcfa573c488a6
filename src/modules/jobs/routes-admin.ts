/** Admin moderation of jobs: the queue, approve, reject (employer notified through the queue). */

import { z } from "@hono/zod-openapi";
import { requireRole } from "../../http/access";
import { createRouter, defineRoute, errorResponses, jsonBody, jsonResponse } from "../../http/openapi";
import { mapPage, Page, pageQuery } from "../../http/pagination";
import { JOB_STATUSES } from "../../platform/db/schema";
import { listJobsByStatus } from "./employer";
import { approveJob, rejectJob } from "./lifecycle";
import { presentJob } from "./presenters";
import { IdParam, JobSchema, ReasonBody } from "./schemas";

const tags = ["Admin"];
export const adminJobsRouter = createRouter();

adminJobsRouter.openapi(
  defineRoute({
    method: "get",
    path: "/admin/jobs",
    access: { roles: ["admin"], scope: "admin:read" },
    operationId: "adminListJobs",
    tags,
    summary: "Jobs by status; `pending_review` (default) is the moderation queue, oldest first",
    request: {
      query: z.object({
        status: z.enum(JOB_STATUSES).default("pending_review"),
        ...pageQuery({ cursorMax: 500 }),
      }),
    },
    responses: {
      200: jsonResponse(Page(JobSchema).openapi("AdminJobList"), "Jobs"),
      ...errorResponses(400, 401, 403),
    },
  }),
  async (c) => {
    requireRole(c, "admin");
    const { status, limit, cursor } = c.req.valid("query");
    const found = await listJobsByStatus(c.get("db"), status, limit, cursor);
    return c.json(
      mapPage(found, (r) => presentJob(c.env, r, { member: true })),
      200,
      {
        "Cache-Control": "private, no-store",
      },
    );
  },
);

adminJobsRouter.openapi(
  defineRoute({
    method: "post",
    path: "/admin/jobs/{id}/approve",
    access: { roles: ["admin"], scope: "admin:write" },
    operationId: "adminApproveJob",
    tags,
    summary: "Approve a job waiting for review (published now, or at its publish_at)",
    request: { params: IdParam },
    responses: { 200: jsonResponse(JobSchema, "The approved job"), ...errorResponses(401, 403, 404, 409, 422) },
  }),
  async (c) => {
    const admin = requireRole(c, "admin");
    const rec = await approveJob(c.get("db"), c.env, admin, c.req.valid("param").id);
    return c.json(presentJob(c.env, rec, { member: true }), 200);
  },
);

adminJobsRouter.openapi(
  defineRoute({
    method: "post",
    path: "/admin/jobs/{id}/reject",
    access: { roles: ["admin"], scope: "admin:write" },
    operationId: "adminRejectJob",
    tags,
    summary: "Send a job waiting for review back to draft, with a reason for the employer",
    request: { params: IdParam, body: jsonBody(ReasonBody) },
    responses: {
      200: jsonResponse(JobSchema, "The rejected job (now a draft)"),
      ...errorResponses(400, 401, 403, 404, 409),
    },
  }),
  async (c) => {
    const admin = requireRole(c, "admin");
    const { reason } = c.req.valid("json");
    const rec = await rejectJob(c.get("db"), c.env, admin, c.req.valid("param").id, reason);
    return c.json(presentJob(c.env, rec, { member: true }), 200);
  },
);
