import { cors as honoCors } from "hono/cors";
import { createMiddleware } from "hono/factory";
import type { AppEnv } from "../env";

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

/** CORS with an allow-list from config: origins not listed get no CORS headers at all. */
export const cors = createMiddleware<AppEnv>((c, next) =>
  honoCors({
    origin: (origin) => (allowList(c.env.CORS_ORIGINS).has(origin) ? origin : null),
    allowMethods: ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"],
    allowHeaders: ["Authorization", "Content-Type", "If-None-Match", "X-Request-Id"],
    exposeHeaders: [
      "X-Request-Id",
      "ETag",
      "Retry-After",
      "RateLimit-Limit",
      "RateLimit-Remaining",
      "RateLimit-Reset",
      "Location",
    ],
    maxAge: 600,
    credentials: false,
  })(c, next),
);
