/**
 * Optional error tracking: unhandled errors (the `500`s of `renderError`) go to Sentry
 * through `toucan-js` when `SENTRY_DSN` is set; without it nothing is loaded or sent.
 * toucan-js and the Sentry core it carries are loaded with `import()` on the first
 * report, so a Worker without a DSN (or without errors) never pays for them.
 *
 * What is sent: the error and its stack, the request's method and URL without the
 * query string, the route pattern, the request id and a few harmless headers. Never
 * the body, cookies, query strings, IP addresses or the `Authorization` header (an
 * allowlist, so a new header is excluded by default). The DSN is operator
 * configuration, not user input, so it is not an SSRF concern.
 */
import type { Context } from "hono";
import { routePath } from "hono/route";
import { loadToucan } from "../lazy-modules";
import type { AppEnv } from "../platform/env";

/** Headers safe to attach to an error report. Everything else is dropped. */
export const REPORTED_HEADERS = ["user-agent", "content-type", "accept", "cf-ray"];

export type ErrorTrackingEnv = { SENTRY_DSN?: string; ENVIRONMENT?: string };

/** Reports an unhandled error; never throws and never delays the response (sent in `waitUntil`). */
export function reportError(err: Error, c: Context<AppEnv>): void {
  const env = c.env as ErrorTrackingEnv | undefined;
  const dsn = env?.SENTRY_DSN;
  if (!dsn) return;
  let ctx: { waitUntil(p: Promise<unknown>): void } | undefined;
  try {
    ctx = c.executionCtx;
  } catch {
    ctx = undefined;
  }
  const url = new URL(c.req.url);
  // The request handed to Sentry is rebuilt from safe parts, so nothing else can leak through it.
  const headers = new Headers();
  for (const h of REPORTED_HEADERS) {
    const v = c.req.header(h);
    if (v) headers.set(h, v);
  }
  const request = new Request(`${url.origin}${url.pathname}`, { method: c.req.method, headers });
  const tags = { request_id: c.get("requestId") ?? "", route: routePath(c), method: c.req.method };
  capture(dsn, env?.ENVIRONMENT, err, tags, ctx, request);
}

/**
 * Reports an error of work outside a request: a scheduled task (src/cron.ts) or a
 * queue message's handler (src/queue.ts). There is no request to describe, so the
 * event carries only the error, its stack and the caller's tags (task and cron
 * expression, or message type, event id and attempt) — never a message body,
 * which may hold addresses and names. Never throws; the send is kept alive with
 * `waitUntil` and the returned promise settles when it is done (tests await it).
 */
export function reportBackgroundError(
  err: unknown,
  env: ErrorTrackingEnv,
  ctx: { waitUntil(p: Promise<unknown>): void } | undefined,
  tags: Record<string, string>,
): Promise<void> {
  if (!env.SENTRY_DSN) return Promise.resolve();
  const error = err instanceof Error ? err : new Error(String(err));
  return capture(env.SENTRY_DSN, env.ENVIRONMENT, error, tags, ctx);
}

function capture(
  dsn: string,
  environment: string | undefined,
  err: Error,
  tags: Record<string, string>,
  ctx: { waitUntil(p: Promise<unknown>): void } | undefined,
  request?: Request,
): Promise<void> {
  const send = loadToucan()
    .then(async ({ Toucan }) => {
      const sentry = new Toucan({
        dsn,
        environment,
        ...(request ? { request } : {}),
        ...(ctx ? { context: { waitUntil: (p: Promise<unknown>) => ctx.waitUntil(p) } } : {}),
        requestDataOptions: {
          allowedHeaders: REPORTED_HEADERS,
          allowedCookies: false,
          allowedSearchParams: false,
          allowedIps: false,
        },
        // Breadcrumbs would copy console lines (request logs); the error and its tags are enough.
        maxBreadcrumbs: 0,
      });
      sentry.setTags(tags);
      sentry.captureException(err);
      // The envelope POST is asynchronous; flushing makes the returned promise mean "sent (or gave up)".
      await sentry.getClient()?.flush(5000);
    })
    .catch((e) => console.warn(JSON.stringify({ level: "warn", msg: "error report failed", error: String(e) })));
  if (ctx) ctx.waitUntil(send);
  return send;
}
