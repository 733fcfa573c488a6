/**
 * createApp(): the middleware chain, every router mounted lazily (src/routers.ts),
 * the OpenAPI document, and the error handlers that turn anything thrown into
 * RFC 9457 problem+json. createFullApp(): the same app with every router loaded
 * and mounted up front (the route-table tests and tools).
 */
import type { OpenAPIHono } from "@hono/zod-openapi";
import { type Context, type Handler, Hono } from "hono";
import { createMiddleware } from "hono/factory";
import { HTTPException } from "hono/http-exception";
import { routePath } from "hono/route";
import { type BearerVerifier, provideCredentials } from "./http/access";
import { constraintProblem } from "./http/db-errors";
import { reportError } from "./http/error-tracking";
import { cors } from "./http/middleware/cors";
import { database } from "./http/middleware/db";
import { requestLogger } from "./http/middleware/logger";
import { requestId } from "./http/middleware/request-id";
import { requireSecrets } from "./http/middleware/secrets";
import { securityHeaders } from "./http/middleware/security-headers";
import { ApiError, problemResponse } from "./http/problem";
import type { AppEnv, PostingGate } from "./platform/env";
import { type GdprSection, provideGdprSections } from "./platform/gdpr";
import { mountsOf, ROUTER_MOUNTS, type RouterMount, routerKeys } from "./routers";

/** The GDPR sections (src/gdpr-sections.ts), imported on the first request that runs the middleware. */
let gdprList: Promise<readonly GdprSection[]> | undefined;
const loadGdprSections = () => {
  gdprList ??= import("./gdpr-sections").then((m) => m.gdprSections);
  gdprList.catch(() => {
    gdprList = undefined;
  });
  return gdprList;
};

/**
 * The accounts module's bearer verifier, imported on first use: the accounts face
 * (and what it imports) is evaluated by the first authenticated request, not at startup.
 */
const verifyBearer: BearerVerifier = async (c, token) => (await import("./modules/accounts")).verifyBearer(c, token);

/** The billing module's posting gate, imported when a job is first published. */
const billingPostingGate: PostingGate = async (db, env, job, now) =>
  (await import("./modules/billing")).billingPostingGate(db, env, job, now);

interface AppOptions {
  gdprSections?: readonly GdprSection[];
}

/**
 * The Worker's app. Top-level evaluation builds no route: each key of
 * src/routers.ts (a path's first segment) gets one handler that, on the first
 * request, imports that key's routers, mounts them on a sub-app of their own
 * (cached for the isolate's life) and dispatches the request into it. The
 * middleware chain, the 404/405 answers and the error rendering stay here, so
 * every request sees exactly what the fully mounted app (`createFullApp`) does.
 */
export function createApp(options: AppOptions = {}) {
  // A plain Hono app: it only dispatches, and @hono/zod-openapi (with zod) is
  // then imported with the first router, not evaluated at startup.
  const app = new Hono<AppEnv>({ strict: false });
  useMiddleware(app, options);
  for (const key of [...routerKeys(), OPENAPI_KEY]) {
    const handler = dispatchTo(key);
    if (key === "") {
      app.all("/", handler);
    } else {
      app.all(`/${key}`, handler);
      app.all(`/${key}/*`, handler);
    }
  }
  installErrorHandlers(app);
  return app;
}

/** Every router loaded and mounted at once, in the order of src/routers.ts: the whole route table. */
export async function createFullApp(options: AppOptions = {}) {
  const app = await newOpenApiApp();
  useMiddleware(app, options);
  await mountRouters(app, ROUTER_MOUNTS, true);
  installErrorHandlers(app);
  return app;
}

function useMiddleware(app: Hono<AppEnv>, options: AppOptions): void {
  app.use(
    "*",
    errorsAreErrors,
    requestId,
    requireSecrets,
    database,
    provideCredentials(verifyBearer),
    providePostingGate,
    provideGdprSections(options.gdprSections ?? loadGdprSections),
    requestLogger,
    securityHeaders,
    cors,
  );
  // No global authentication and no global body cap: each route's declaration
  // (defineRoute in src/http/openapi.ts) authenticates and authorizes, then caps
  // its body (its own `bodyLimit`, or the default), before its validators.
}

/**
 * Loads `mounts` and mounts them in order; with `docs`, also `/openapi.json`
 * (built from the registry of everything mounted here, so it needs them all)
 * and the hand-written descriptions of the plain HTML pages.
 */
async function mountRouters(app: OpenAPIHono<AppEnv>, mounts: readonly RouterMount[], docs: boolean): Promise<void> {
  const loaded = await Promise.all(mounts.map(async (m) => ({ prefix: m.prefix, router: await m.load() })));
  for (const { prefix, router } of loaded) app.route(prefix, router);
  if (docs) {
    const [{ registerOpenApi }, { registerPageDocs }] = await Promise.all([
      import("./modules/docs/routes"),
      import("./modules/pages/openapi"),
    ]);
    registerOpenApi(app);
    registerPageDocs(app);
  }
}

/** The key whose sub-app mounts every router: the document describes them all. */
const OPENAPI_KEY = "openapi.json";

/** One sub-app per key and isolate; a failed import is not cached, so the next request tries again. */
const subApps = new Map<string, Promise<OpenAPIHono<AppEnv>>>();

function subAppFor(key: string): Promise<OpenAPIHono<AppEnv>> {
  let sub = subApps.get(key);
  if (!sub) {
    sub = buildSubApp(key);
    subApps.set(key, sub);
    sub.catch(() => subApps.delete(key));
  }
  return sub;
}

/** An OpenAPIHono app; the library (and zod) is imported on first use. */
async function newOpenApiApp(): Promise<OpenAPIHono<AppEnv>> {
  const { OpenAPIHono } = await import("@hono/zod-openapi");
  return new OpenAPIHono<AppEnv>({ strict: false });
}

async function buildSubApp(key: string): Promise<OpenAPIHono<AppEnv>> {
  const sub = await newOpenApiApp();
  sub.use("*", adoptParentContext, errorsAreErrors);
  if (key === OPENAPI_KEY) await mountRouters(sub, ROUTER_MOUNTS, true);
  else await mountRouters(sub, mountsOf(key), false);
  // Routes of other keys cannot match a path of this key (their first segment
  // differs), so this sub-app's own routes decide between 404 and 405.
  sub.notFound((c) => notFoundOrMethodNotAllowed(sub, c));
  // Rendered here, in the context the route ran in, so headers it had set (rate
  // limits, deprecation…) stay on the problem response, as in the fully mounted app.
  sub.onError((err, c) => renderError(err, c));
  return sub;
}

/** The parent context of a request being dispatched into a sub-app. */
const parents = new WeakMap<Request, Context<AppEnv>>();

function dispatchTo(key: string): Handler<AppEnv> {
  return async (c) => {
    const sub = await subAppFor(key);
    parents.set(c.req.raw, c);
    const res = await sub.fetch(c.req.raw, c.env, executionContextOf(c));
    // A WebSocket upgrade (101) must reach the runtime as it is; any other answer
    // goes through c.newResponse so headers the parent prepared are kept.
    return res.status === 101 ? res : c.newResponse(res.body, res);
  };
}

function executionContextOf(c: Context<AppEnv>): Context<AppEnv>["executionCtx"] | undefined {
  try {
    return c.executionCtx;
  } catch {
    return undefined; // app.fetch(request, env) without a context (some tests)
  }
}

/**
 * The sub-app's first middleware: the variables the parent's middleware set
 * (request id, D1 session and stats, credentials, posting gate, GDPR sections)
 * come in; whatever the route set (`auth`) and the route pattern that answered
 * go back out, for the parent's logger and metrics.
 */
const adoptParentContext = createMiddleware<AppEnv>(async (c, next) => {
  const parent = parents.get(c.req.raw);
  if (!parent) return next();
  copyVariables(parent, c);
  try {
    await next();
  } finally {
    copyVariables(c, parent);
    parent.set("route", routePath(c));
  }
});

function copyVariables(from: Context<AppEnv>, to: Context<AppEnv>): void {
  const set = to.set as unknown as (key: string, value: unknown) => void;
  for (const [key, value] of Object.entries(from.var)) set(key, value);
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
export function installErrorHandlers(app: Hono<AppEnv>): void {
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

function routeMatchers(app: Hono<AppEnv>): RouteMatcher[] {
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
function notFoundOrMethodNotAllowed(app: Hono<AppEnv>, c: Context<AppEnv>): Response {
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
