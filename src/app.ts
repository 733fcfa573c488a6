/**
 * createApp(): the middleware chain, every router, the OpenAPI document, and the
 * error handlers that turn anything thrown into RFC 9457 problem+json.
 */
import { OpenAPIHono } from "@hono/zod-openapi";
import type { Context } from "hono";
import { HTTPException } from "hono/http-exception";
import type { AppEnv } from "./env";
import { ApiError, problemResponse } from "./lib/problem";
import { authenticate } from "./middleware/auth";
import { bodyLimit } from "./middleware/body-limit";
import { cors } from "./middleware/cors";
import { database } from "./middleware/db";
import { requestLogger } from "./middleware/logger";
import { requestId } from "./middleware/request-id";
import { securityHeaders } from "./middleware/security-headers";
import { authRouter } from "./modules/auth/routes";
import { devRouter } from "./modules/dev/routes";
import { docsRouter, registerOpenApi } from "./modules/docs/routes";
import { healthRouter } from "./modules/health/routes";
import { jobsRouter } from "./modules/jobs/routes";
import { adminJobsRouter } from "./modules/jobs/routes-admin";
import { employerJobsRouter } from "./modules/jobs/routes-employer";
import { jobsSearchRouter } from "./modules/jobs/routes-search";
import { savedJobsRouter } from "./modules/saved-jobs/routes";

/** Upload routes stream their bodies through the storage module, which has its own limits. */
const STREAMED_UPLOAD_PREFIXES: string[] = [];

export function createApp() {
  const app = new OpenAPIHono<AppEnv>({ strict: false });

  app.use("*", requestId, database, requestLogger, securityHeaders, cors, bodyLimit(STREAMED_UPLOAD_PREFIXES));
  app.use("/api/*", authenticate);

  app.route("/", healthRouter);
  app.route("/", docsRouter);
  app.route("/api/v1/auth", authRouter);
  app.route("/", devRouter);
  // Static /jobs/* paths (suggest, featured, import, export…) before /jobs/{id}.
  app.route("/api/v1", jobsSearchRouter);
  app.route("/api/v1", employerJobsRouter);
  app.route("/api/v1", savedJobsRouter);
  app.route("/api/v1", jobsRouter);
  app.route("/api/v1", adminJobsRouter);

  registerOpenApi(app);

  app.notFound((c) => notFoundOrMethodNotAllowed(app, c));
  app.onError((err, c) => renderError(err, c));
  return app;
}

function renderError(err: Error, c: Context<AppEnv>): Response {
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
    const status = err.status;
    const slug = status === 400 ? "malformed-request" : status === 413 ? "payload-too-large" : "http-error";
    const detail = status === 400 ? "The request body is not valid JSON." : err.message || "Request failed.";
    return problemResponse(status, slug, detail, requestId);
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
let matchers: RouteMatcher[] | undefined;

/** Distinguishes an unknown path (`404`) from a known path with the wrong method (`405` + `Allow`). */
function notFoundOrMethodNotAllowed(app: OpenAPIHono<AppEnv>, c: Context<AppEnv>): Response {
  matchers ??= app.routes
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
  const path = c.req.path;
  const allowed = new Set(matchers.filter((m) => m.re.test(path)).map((m) => m.method));
  if (allowed.size > 0) {
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
