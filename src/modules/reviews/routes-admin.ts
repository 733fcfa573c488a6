import { z } from "@hono/zod-openapi";
import { requireRole } from "../../http/access";
import { createRouter, defineRoute, errorResponses, jsonBody, jsonResponse } from "../../http/openapi";
import { mapPage } from "../../http/pagination";
import { listReports, resolveReport } from "./moderation";
import { presentAdminReport } from "./presenters";
import { AdminReportListSchema, AdminReportQuery, AdminReportSchema, ResolveReportBody } from "./schemas";

const tags = ["Admin"];

/** Mounted at `/api/v1/admin`. */
export const reportsAdminRouter = createRouter();

reportsAdminRouter.openapi(
  defineRoute({
    method: "get",
    path: "/reports",
    access: { roles: ["admin"], scope: "admin:read" },
    operationId: "listReports",
    tags,
    summary: "The moderation queue: reported jobs and reviews",
    description: "Open reports oldest first; `status=resolved` lists the history newest first.",
    request: { query: AdminReportQuery },
    responses: { 200: jsonResponse(AdminReportListSchema, "A page of reports"), ...errorResponses(400, 401, 403) },
  }),
  async (c) => {
    requireRole(c, "admin");
    const q = c.req.valid("query");
    const page = await listReports(c.get("db"), {
      status: q.status,
      targetType: q.target_type,
      cursor: q.cursor,
      limit: q.limit,
    });
    return c.json(mapPage(page, presentAdminReport), 200);
  },
);

reportsAdminRouter.openapi(
  defineRoute({
    method: "post",
    path: "/reports/{id}/resolve",
    access: { roles: ["admin"], scope: "admin:write" },
    operationId: "resolveReport",
    tags,
    summary: "Resolve a report: hide the target, or dismiss the report",
    request: { params: z.object({ id: z.string().min(1).max(100) }), body: jsonBody(ResolveReportBody) },
    responses: {
      200: jsonResponse(AdminReportSchema, "The resolved report"),
      ...errorResponses(400, 401, 403, 404, 409),
    },
  }),
  async (c) => {
    const caller = requireRole(c, "admin");
    const view = await resolveReport(c.get("db"), caller, c.req.valid("param").id, c.req.valid("json"));
    return c.json(presentAdminReport(view), 200);
  },
);
