/**
 * createApp(): the middleware chain, every router, the OpenAPI document, and the
 * error handlers that turn anything thrown into RFC 9457 problem+json.
 */
import { OpenAPIHono } from "@hono/zod-openapi";
import type { Context } from "hono";
import { createMiddleware } from "hono/factory";
import { HTTPException } from "hono/http-exception";
import { constraintProblem } from "./http/db-errors";
import { cors } from "./http/middleware/cors";
import { database } from "./http/middleware/db";
import { requestLogger } from "./http/middleware/logger";
import { requestId } from "./http/middleware/request-id";
import { requireSecrets } from "./http/middleware/secrets";
import { securityHeaders } from "./http/middleware/security-headers";
import { ApiError, problemResponse } from "./http/problem";
import { authRouter } from "./modules/accounts/routes";
import { adminUsersRouter } from "./modules/accounts/routes-admin";
import { alertsRouter } from "./modules/alerts/routes";
import { analyticsRouter } from "./modules/analytics/routes";
import { applicationsRouter } from "./modules/applications/routes";
import { interviewsRouter } from "./modules/applications/routes-interviews";
import { categoriesRouter } from "./modules/categories/routes";
import { companiesRouter } from "./modules/companies/routes";
import { companiesAdminRouter } from "./modules/companies/routes-admin";
import { dashboardRouter } from "./modules/dashboard/routes";
import { devRouter } from "./modules/dev/routes";
import { docsRouter, registerOpenApi } from "./modules/docs/routes";
import { filesRouter } from "./modules/files/routes";
import { healthRouter } from "./modules/health/routes";
import { jobsRouter } from "./modules/jobs/routes";
import { adminJobsRouter } from "./modules/jobs/routes-admin";
import { employerJobsRouter } from "./modules/jobs/routes-employer";
import { jobsRecommendRouter } from "./modules/jobs/routes-recommend";
import { notificationsRouter } from "./modules/notifications/routes";
import { pagesRouter } from "./modules/pages/routes";
import { profilesRouter } from "./modules/profiles/routes";
import { resumesRouter } from "./modules/resumes/routes";
import { reviewsRouter } from "./modules/reviews/routes";
import { reportsAdminRouter } from "./modules/reviews/routes-admin";
import { savedJobsRouter } from "./modules/saved-jobs/routes";
import { jobsSearchRouter } from "./modules/search/routes";
import { skillsRouter } from "./modules/skills/routes";
import type { AppEnv } from "./platform/env";

export function createApp() {
  const app = new OpenAPIHono<AppEnv>({ strict: false });

  app.use("*", errorsAreErrors, requestId, requireSecrets, database, requestLogger, securityHeaders, cors);
  // No global authentication and no global body cap: each route's declaration
  // (defineRoute in src/http/openapi.ts) authenticates and authorizes, then caps
  // its body (its own `bodyLimit`, or the default), before its validators.

  app.route("/", healthRouter);
  app.route("/", docsRouter);
  app.route("/", pagesRouter);
  app.route("/api/v1/auth", authRouter);
  app.route("/api/v1", notificationsRouter);
  app.route("/api/v1", alertsRouter);
  app.route("/api/v1", applicationsRouter);
  app.route("/api/v1", interviewsRouter);
  app.route("/api/v1", dashboardRouter);
  app.route("/api/v1/admin", analyticsRouter);
  app.route("/api/v1/admin", adminUsersRouter);
  app.route("/", devRouter);
  app.route("/api/v1/companies", companiesRouter);
  app.route("/api/v1/admin", companiesAdminRouter);
  app.route("/api/v1", reviewsRouter);
  app.route("/api/v1/admin", reportsAdminRouter);
  app.route("/api/v1/categories", categoriesRouter);
  app.route("/", filesRouter);
  app.route("/api/v1", profilesRouter);
  app.route("/api/v1", resumesRouter);
  app.route("/api/v1", skillsRouter);
  // Static /jobs/* paths (suggest, featured, import, export…) before /jobs/{id}.
  app.route("/api/v1", jobsSearchRouter);
  app.route("/api/v1", jobsRecommendRouter);
  app.route("/api/v1", employerJobsRouter);
  app.route("/api/v1", savedJobsRouter);
  app.route("/api/v1", jobsRouter);
  app.route("/api/v1", adminJobsRouter);

  registerOpenApi(app);
  installErrorHandlers(app);
  return app;
}

/**
 * Makes every failure problem+json: unknown paths (`404`), known paths with
 * another method (`405` + `Allow`), and anything thrown (`renderError`).
 * Exported so tests can exercise the same handlers on a router of their own.
 */
export function installErrorHandlers(app: OpenAPIHono<AppEnv>): void {
  app.notFound((c) => notFoundOrMethodNotAllowed(app, c));
  app.onError((err, c) => renderError(err, c));
}

/**
 * Hono hands only `Error` instances to `onError`; anything else thrown (a string,
 * a plain object from a library) would escape as a bare runtime 500. Registered
 * first, this turns such values into Errors so they get the same problem+json.
 */
export const errorsAreErrors = createMiddleware<AppEnv>(async (_c, next) => {
  try {
    await next();
  } catch (err) {
    if (err instanceof Error) throw err;
    throw new Error(`non-Error thrown: ${typeof err === "string" ? err : typeof err}`);
  }
});

const HTTP_EXCEPTION_SLUGS: Record<number, string> = {
  400: "malformed-request",
  413: "payload-too-large",
  415: "unsupported-media-type",
};

/** Renders any thrown value as problem+json; unknown errors become a `500` that reveals nothing. */
export function renderError(err: Error, c: Context<AppEnv>): Response {
  const requestId = c.get("requestId");
  if (err instanceof ApiError) {
    return problemResponse(err.status, err.slug, err.message, requestId, {
      errors: err.errors,
      headers: err.headers,
      extensions: err.extensions,
    });
  }
  if (err instanceof HTTPException) {
    // Hono raises these for malformed JSON bodies and similar request-level faults.
    // Hono raises these for malformed JSON/form bodies and for a JSON route hit
    // with another Content-Type (415). Their messages are fixed strings, safe to echo.
    const status = err.status;
    const slug = HTTP_EXCEPTION_SLUGS[status] ?? "http-error";
    let detail = err.message || "The request could not be processed.";
    if (status === 400 && /json/i.test(err.message)) detail = "The request body is not valid JSON.";
    if (status === 415) detail = "Send the body as application/json.";
    return problemResponse(status, slug, detail, requestId);
  }
  const constraint = constraintProblem(err);
  if (constraint) {
    // A client error after all, but one a service should have caught: log it to be fixed.
    console.warn(
      JSON.stringify({ level: "warn", msg: "constraint failure", request_id: requestId, message: err.message }),
    );
    return problemResponse(constraint.status, constraint.slug, constraint.detail, requestId);
  }
  console.error(
    JSON.stringify({
      level: "error",
      msg: "unhandled error",
      request_id: requestId,
      method: c.req.method,
      path: new URL(c.req.url).pathname,
      error: err?.name,
      message: err?.message,
      stack: err?.stack,
    }),
  );
  return problemResponse(500, "internal-error", "An unexpected error occurred. It has been logged.", requestId);
}

type RouteMatcher = { method: string; re: RegExp };
const matcherCache = new WeakMap<object, RouteMatcher[]>();

function routeMatchers(app: OpenAPIHono<AppEnv>): RouteMatcher[] {
  let matchers = matcherCache.get(app);
  if (matchers) return matchers;
  matchers = app.routes
    .filter((r) => r.method !== "ALL" && r.path !== "/*" && r.path !== "*")
    .map((r) => ({
      method: r.method,
      re: new RegExp(
        `^${r.path
          .replace(/[.+?^${}()|[\]\\]/g, "\\$&")
          .replace(/\/:[^/]+/g, "/[^/]+")
          .replace(/\*/g, ".*")}/?$`,
      ),
    }));
  matcherCache.set(app, matchers);
  return matchers;
}

/**
 * Distinguishes an unknown path (`404`) from a known path with the wrong method
 * (`405` + `Allow`). When a route for this very method exists, a middleware
 * chose "not found" on purpose (e.g. development-only routes in production), so
 * the answer stays a plain `404`.
 */
function notFoundOrMethodNotAllowed(app: OpenAPIHono<AppEnv>, c: Context<AppEnv>): Response {
  const path = c.req.path;
  const allowed = new Set(
    routeMatchers(app)
      .filter((m) => m.re.test(path))
      .map((m) => m.method),
  );
  const method = c.req.method === "HEAD" ? "GET" : c.req.method;
  if (allowed.size > 0 && !allowed.has(method)) {
    if (allowed.has("GET")) allowed.add("HEAD");
    const allow = [...allowed].sort().join(", ");
    return problemResponse(
      405,
      "method-not-allowed",
      `${c.req.method} is not allowed here. Allowed: ${allow}.`,
      c.get("requestId"),
      {
        headers: { Allow: allow },
      },
    );
  }
  return problemResponse(404, "not-found", `No route matches ${c.req.method} ${path}.`, c.get("requestId"));
}
