/** A job's analytics for its company: views, applications by status, conversion, the hiring funnel. */
import { z } from "@hono/zod-openapi";
import { requireRole } from "../../http/access";
import { createRouter, defineRoute, errorResponses, jsonResponse } from "../../http/openapi";
import { IdParam, jobAnalytics, requireManagedJob } from "../jobs";
import { applicationFunnel } from "./funnel";
import { FunnelSchema } from "./schemas";

const tags = ["Employer jobs"];
export const jobAnalyticsRouter = createRouter();

const Analytics = z
  .object({
    job_id: z.string(),
    total_views: z.number().int(),
    views_in_period: z.number().int(),
    views_by_day: z.array(z.object({ date: z.string(), views: z.number().int() })),
    applications_total: z.number().int(),
    applications_by_status: z.record(z.string(), z.number().int()),
    conversion_rate: z.number().nullable(),
    time_to_hire_days: z.number().nullable(),
    hires: z.number().int(),
    funnel: FunnelSchema.openapi({
      description:
        "Applied → reviewing → … → accepted: applications that reached each stage, conversion rates and median hours per stage.",
    }),
  })
  .openapi("JobAnalytics");

jobAnalyticsRouter.openapi(
  defineRoute({
    method: "get",
    path: "/jobs/{id}/analytics",
    access: { roles: ["employer", "admin"], scope: "jobs:read" },
    operationId: "getJobAnalytics",
    tags,
    summary: "Views per day, applications by status, conversion, time to hire and the hiring funnel",
    request: { params: IdParam, query: z.object({ days: z.coerce.number().int().min(1).max(90).default(30) }) },
    responses: { 200: jsonResponse(Analytics, "Analytics"), ...errorResponses(400, 401, 403, 404) },
  }),
  async (c) => {
    const auth = requireRole(c, "employer", "admin");
    const rec = await requireManagedJob(c.get("db"), auth, c.req.valid("param").id);
    const [data, funnel] = await Promise.all([
      jobAnalytics(c.get("db"), rec, c.req.valid("query").days),
      applicationFunnel(c.get("db"), rec.job.id),
    ]);
    return c.json({ ...data, funnel }, 200, { "Cache-Control": "private, no-store" });
  },
);
