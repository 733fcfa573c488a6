import { requireRole } from "../../http/access";
import { createRouter, defineRoute, errorResponses, jsonResponse } from "../../http/openapi";
import { OperationsQuery, OperationsSchema } from "./schemas";
import { operationsSummary, recentFailures } from "./service";

export const operationsAdminRouter = createRouter();

operationsAdminRouter.openapi(
  defineRoute({
    method: "get",
    path: "/operations",
    access: { roles: ["admin"], scope: "admin:read" },
    operationId: "getOperations",
    tags: ["Operations"],
    summary: "Cron task runs, dead letters and operational bindings (admins)",
    description:
      "The last run and outcome of every cron task, the last failed runs with their error messages, queue " +
      "messages that reached the dead-letter queue (id and type only) and whether metrics and error tracking " +
      "are configured. `/health/ready` shows a redacted part of this publicly. See docs/operations.md.",
    request: { query: OperationsQuery },
    responses: { 200: jsonResponse(OperationsSchema, "Operations"), ...errorResponses(400, 401, 403) },
  }),
  async (c) => {
    requireRole(c, "admin");
    const db = c.get("db");
    const now = Date.now();
    const [summary, failures] = await Promise.all([operationsSummary(db, now), recentFailures(db)]);
    const env = c.env as { METRICS?: unknown; SENTRY_DSN?: string };
    return c.json(
      {
        generated_at: new Date(now).toISOString(),
        ...summary,
        recent_failures: failures,
        bindings: { metrics: Boolean(env.METRICS), error_tracking: Boolean(env.SENTRY_DSN) },
      },
      200,
      { "Cache-Control": "private, no-store" },
    );
  },
);
