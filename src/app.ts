/**
 * createApp(): the middleware chain, every router, the OpenAPI document, and the
 * error handlers that turn anything thrown into RFC 9457 problem+json.
 */
import { OpenAPIHono } from "@hono/zod-openapi";
import type { Context } from "hono";
import { createMiddleware } from "hono/factory";
import { HTTPException } from "hono/http-exception";
import { provideCredentials } from "./http/access";
import { constraintProblem } from "./http/db-errors";
import { reportError } from "./http/error-tracking";
import { cors } from "./http/middleware/cors";
import { database } from "./http/middleware/db";
import { requestLogger } from "./http/middleware/logger";
import { requestId } from "./http/middleware/request-id";
import { requireSecrets } from "./http/middleware/secrets";
import { securityHeaders } from "./http/middleware/security-headers";
import { ApiError, problemResponse } from "./http/problem";
import { accountGdpr, adminUsersRouter, authRouter, verifyBearer } from "./modules/accounts";
import { alertsGdpr, alertsRouter } from "./modules/alerts";
import { adminChartsRouter, analyticsAdminRouter, jobAnalyticsRouter, jobChartsRouter } from "./modules/analytics";
import { applicationsGdpr, applicationsRouter, candidatesRouter, interviewsRouter } from "./modules/applications";
import { billingAdminRouter, billingPagesRouter, billingPostingGate, billingRouter } from "./modules/billing";
import { calendarFeedRouter, calendarGdpr, calendarRouter } from "./modules/calendar";
import { categoriesRouter } from "./modules/categories";
import { companiesAdminRouter, companiesRouter } from "./modules/companies";
import { dashboardChartsRouter, dashboardRouter } from "./modules/dashboard";
import { devRouter } from "./modules/dev";
import { docsRouter, registerOpenApi } from "./modules/docs";
import { filesRouter } from "./modules/files";
import { healthRouter } from "./modules/health";
import { ingestionAdminRouter } from "./modules/ingestion";
import { adminJobsRouter, employerJobsRouter, jobsRecommendRouter, jobsRouter } from "./modules/jobs";
import { messagesGdpr, messagesRouter } from "./modules/messages";
import { notificationsGdpr, notificationsRouter } from "./modules/notifications";
import { operationsAdminRouter } from "./modules/operations";
import { marketPageRouter, pagesRouter, publicPagesRouter, registerPageDocs } from "./modules/pages";
import { profilesGdpr, profilesRouter } from "./modules/profiles";
import { ratingsGdpr, ratingsRouter } from "./modules/ratings";
import { remindersGdpr } from "./modules/reminders";
import { resumeBuilderRouter } from "./modules/resume-builder";
import { resumesRouter } from "./modules/resumes";
import { reportsAdminRouter, reviewsGdpr, reviewsRouter } from "./modules/reviews";
import { savedJobsGdpr, savedJobsRouter } from "./modules/saved-jobs";
import { companyJobsRouter, jobsSearchRouter } from "./modules/search";
import { skillsRouter } from "./modules/skills";
import { unsubscribeRouter } from "./modules/unsubscribe";
import { webhooksRouter } from "./modules/webhooks";
import type { AppEnv } from "./platform/env";
import { type GdprSection, provideGdprSections } from "./platform/gdpr";

/**
 * Everything we store about a person: each module's part of `GET /auth/me/export`
 * and of account erasure (`DELETE /auth/me`, the admin delete). Erasers run by
 * `order`; the account row itself is anonymised last.
 */
export const gdprSections: readonly GdprSection[] = [
  profilesGdpr,
  applicationsGdpr,
  savedJobsGdpr,
  reviewsGdpr,
  notificationsGdpr,
  alertsGdpr,
  remindersGdpr,
  calendarGdpr,
  messagesGdpr,
  ratingsGdpr,
  accountGdpr,
];

export function createApp(options: { gdprSections?: readonly GdprSection[] } = {}) {
  const app = new OpenAPIHono<AppEnv>({ strict: false });

  app.use(
    "*",
    errorsAreErrors,
    requestId,
    requireSecrets,
    database,
    provideCredentials(verifyBearer),
    providePostingGate,
    provideGdprSections(options.gdprSections ?? gdprSections),
    requestLogger,
    securityHeaders,
    cors,
  );
  // No global authentication and no global body cap: each route's declaration
  // (defineRoute in src/http/openapi.ts) authenticates and authorizes, then caps
  // its body (its own `bodyLimit`, or the default), before its validators.

  app.route("/", healthRouter);
  app.route("/", docsRouter);
  app.route("/", pagesRouter);
  app.route("/api/v1/auth", authRouter);
  // Before alertsRouter, so /alerts/unsubscribe (the alias) is never read as /alerts/{id}.
  app.route("/api/v1", unsubscribeRouter);
  app.route("/api/v1", notificationsRouter);
  app.route("/api/v1", alertsRouter);
  app.route("/api/v1", applicationsRouter);
  app.route("/api/v1", interviewsRouter);
  app.route("/api/v1", candidatesRouter);
  app.route("/api/v1", messagesRouter);
  app.route("/api/v1", ratingsRouter);
  app.route("/api/v1", dashboardRouter);
  app.route("/api/v1/admin", analyticsAdminRouter);
  app.route("/api/v1/admin", adminUsersRouter);
  app.route("/", devRouter);
  app.route("/api/v1/companies", companiesRouter);
  app.route("/api/v1/companies", companyJobsRouter);
  app.route("/api/v1/admin", companiesAdminRouter);
  app.route("/api/v1", reviewsRouter);
  app.route("/api/v1/admin", reportsAdminRouter);
  app.route("/api/v1/categories", categoriesRouter);
  app.route("/", filesRouter);
  app.route("/api/v1", profilesRouter);
  app.route("/api/v1", resumeBuilderRouter);
  app.route("/api/v1", resumesRouter);
  app.route("/api/v1", skillsRouter);
  // Static /jobs/* paths (suggest, featured, import, export…) before /jobs/{id}.
  app.route("/api/v1", jobsSearchRouter);
  app.route("/api/v1", jobsRecommendRouter);
  app.route("/api/v1", employerJobsRouter);
  app.route("/api/v1", jobAnalyticsRouter);
  app.route("/api/v1", savedJobsRouter);
  app.route("/api/v1", jobsRouter);
  app.route("/api/v1", adminJobsRouter);
  app.route("/api/v1", calendarRouter);
  app.route("/", calendarFeedRouter);
  app.route("/", publicPagesRouter);
  app.route("/api/v1", webhooksRouter);
  app.route("/api/v1", billingRouter);
  app.route("/api/v1/admin", billingAdminRouter);
  app.route("/", billingPagesRouter);
  app.route("/api/v1/admin", operationsAdminRouter);
  app.route("/api/v1/admin", ingestionAdminRouter);
  // Charts (`…/chart.svg`): static last segments, so they never collide with `{id}` routes.
  app.route("/api/v1", dashboardChartsRouter);
  app.route("/api/v1", jobChartsRouter);
  app.route("/api/v1/admin", adminChartsRouter);
  app.route("/", marketPageRouter);

  registerOpenApi(app);
  registerPageDocs(app);
  installErrorHandlers(app);
  return app;
}

/** What publishing a job costs is the billing module's answer (jobs and billing do not import each other). */
const providePostingGate = createMiddleware<AppEnv>(async (c, next) => {
  c.set("postingGate", billingPostingGate);
  return next();
});

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
  reportError(err, c);
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
