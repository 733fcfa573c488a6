import { requireAuth } from "../../http/access";
import { createRouter, defineRoute, errorResponses, jsonResponse } from "../../http/openapi";
import { ApiError } from "../../http/problem";
import { Dashboard } from "./schemas";
import { employerDashboard, seekerDashboard } from "./service";

export const dashboardRouter = createRouter();

dashboardRouter.openapi(
  defineRoute({
    method: "get",
    path: "/dashboard",
    access: { scope: "dashboard:read" },
    operationId: "getDashboard",
    tags: ["Dashboard"],
    summary: "The signed-in user's dashboard",
    description:
      "Seekers: applications by status, saved jobs, upcoming interviews, profile completeness. Employers: open " +
      "jobs, applications by status, new in 7 days, average time to hire, views in 30 days. Admins use `/admin/analytics`.",
    responses: { 200: jsonResponse(Dashboard, "The dashboard for the caller's role"), ...errorResponses(401, 403) },
  }),
  async (c) => {
    const auth = requireAuth(c);
    const db = c.get("db");
    const headers = { "Cache-Control": "private, no-store" };
    if (auth.role === "seeker") return c.json(await seekerDashboard(db, auth.userId), 200, headers);
    if (auth.role === "employer") return c.json(await employerDashboard(db, auth.userId), 200, headers);
    throw new ApiError(403, "forbidden-role", "Admins have no personal dashboard; see /api/v1/admin/analytics.");
  },
);
