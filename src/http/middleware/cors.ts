import { cors as honoCors } from "hono/cors";
import { createMiddleware } from "hono/factory";
import type { AppEnv } from "../../platform/env";

/** Parses `CORS_ORIGINS` (comma-separated exact origins) once per distinct value. */
const cache = new Map<string, Set<string>>();
function allowList(raw: string | undefined): Set<string> {
  const key = raw ?? "";
  let set = cache.get(key);
  if (!set) {
    set = new Set(
      key
        .split(",")
        .map((s) => s.trim())
        .filter(Boolean),
    );
    cache.set(key, set);
  }
  return set;
}

const corsFor = (origin: string) =>
  honoCors({
    origin,
    allowMethods: ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"],
    // If-Match: optimistic concurrency on PATCH/PUT (412 on a stale ETag).
    // X-D1-Bookmark: read-your-writes across requests (src/platform/db/session.ts).
    allowHeaders: ["Authorization", "Content-Type", "If-Match", "If-None-Match", "X-Request-Id", "X-D1-Bookmark"],
    exposeHeaders: [
      "X-Request-Id",
      "ETag",
      "Retry-After",
      "RateLimit-Limit",
      "RateLimit-Remaining",
      "RateLimit-Reset",
      "Location",
      "X-D1-Bookmark",
    ],
    maxAge: 600,
    credentials: false,
  });

/**
 * CORS with an allow-list from config. Origins not listed get no CORS headers at
 * all (hono's middleware would still send Expose/Allow-Methods and answer every
 * preflight), so for them the request simply continues; a stray preflight then
 * meets the router's `405`. `Vary: Origin` is always sent because the answer
 * depends on the Origin header.
 */
export const cors = createMiddleware<AppEnv>(async (c, next) => {
  const origin = c.req.header("Origin");
  if (origin && allowList(c.env.CORS_ORIGINS).has(origin)) return corsFor(origin)(c, next);
  await next();
  if (origin) c.res.headers.append("Vary", "Origin");
});
