import { requireRole } from "../../http/access";
import { createRouter, defineRoute, errorResponses, jsonResponse } from "../../http/openapi";
import { AdminAnalyticsSchema, AnalyticsQuery } from "./schemas";
import { adminAnalytics } from "./service";

export const analyticsAdminRouter = createRouter();

analyticsAdminRouter.openapi(
  defineRoute({
    method: "get",
    path: "/analytics",
    access: { roles: ["admin"], scope: "admin:read" },
    operationId: "getAdminAnalytics",
    tags: ["Analytics"],
    summary: "Platform analytics (admins)",
    description:
      "Totals, sign-ups per day, jobs by status, the application funnel, skills in demand (published jobs) vs " +
      "in supply (resumes), and the top anonymised search terms over the last `days` days.",
    request: { query: AnalyticsQuery },
    responses: { 200: jsonResponse(AdminAnalyticsSchema, "Analytics"), ...errorResponses(400, 401, 403) },
  }),
  async (c) => {
    requireRole(c, "admin");
    const data = await adminAnalytics(c.get("db"), { days: c.req.valid("query").days });
    return c.json(data, 200, { "Cache-Control": "private, no-store" });
  },
);
