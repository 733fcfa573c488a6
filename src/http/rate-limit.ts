import type { Context, MiddlewareHandler } from "hono";
import { createMiddleware } from "hono/factory";
import type { AppEnv } from "../platform/env";
import { clientIp } from "./client-info";
import { ApiError } from "./problem";

export interface RateLimitRule {
  /** Binding name in wrangler.toml (`[[ratelimits]]`). */
  binding: "RL_AUTH" | "RL_API" | "RL_ACCOUNT" | "RL_EMAIL";
  /** Must match the binding's `simple.limit` / `simple.period` (used for the headers). */
  limit: number;
  periodSeconds: number;
  /** Distinguishes rules that share a binding, e.g. "login:ip". */
  name: string;
  /** The counted key; defaults to the client IP. Return null to skip counting. */
  key?: (c: Context<AppEnv>) => string | null | Promise<string | null>;
  /**
   * `key` reads the request body (e.g. the submitted email): the rule then runs
   * after the route's body cap and JSON text check, so nothing reads an
   * uncapped body. Other rules run before the body is read.
   */
  readsBody?: boolean;
  /** The `429` detail. */
  message?: string;
}

/**
 * The binding does not report the remaining quota, so each isolate keeps its
 * own count per window: exact with one isolate (local development, tests), an
 * upper bound in production where several isolates share the binding's count.
 * Only the binding decides; this map only feeds `RateLimit-Remaining`.
 */
const localCounts = new Map<string, { window: number; count: number }>();
const MAX_TRACKED_KEYS = 10_000;

function countLocally(key: string, periodSeconds: number): number {
  const window = Math.floor(Date.now() / 1000 / periodSeconds);
  const entry = localCounts.get(key);
  if (entry && entry.window === window) return ++entry.count;
  if (localCounts.size >= MAX_TRACKED_KEYS) localCounts.clear();
  localCounts.set(key, { window, count: 1 });
  return 1;
}

function rateLimitHeaders(rule: RateLimitRule, remaining: number): Record<string, string> {
  return {
    "RateLimit-Limit": String(rule.limit),
    "RateLimit-Remaining": String(remaining),
    // Conservative: the quota is whole again at most one period from now.
    "RateLimit-Reset": String(rule.periodSeconds),
    "RateLimit-Policy": `${rule.limit};w=${rule.periodSeconds}`,
  };
}

const declared = new WeakMap<object, RateLimitRule>();

/** The rule behind a middleware made by `rateLimit()` (defineRoute documents the `429`; tests walk the route table). */
export function rateLimitOf(handler: unknown): RateLimitRule | undefined {
  return typeof handler === "function" ? declared.get(handler) : undefined;
}

/**
 * The one rate-limit mechanism: attach it through a route's `middleware:`
 * (defineRoute runs it after the access middleware, so `key` can use
 * `c.var.auth`, and documents the route's `429`). Counts the
 * request against a Rate Limiting binding; over the limit → `429` with
 * `Retry-After`. Every response of the route — success, the handler's 4xx and
 * the 429 — carries `RateLimit-Limit`, `-Remaining`, `-Reset` and `-Policy`.
 * When several rules apply, the headers describe the one closest to its limit.
 */
export function rateLimit(rule: RateLimitRule): MiddlewareHandler<AppEnv> {
  const mw = createMiddleware<AppEnv>(async (c, next) => {
    const key = rule.key ? await rule.key(c) : (clientIp(c) ?? "unknown-ip");
    if (key === null) return next();
    const counted = `${rule.name}:${key}`;
    const { success } = await c.env[rule.binding].limit({ key: counted });
    const used = countLocally(counted, rule.periodSeconds);
    if (!success) {
      throw new ApiError(429, "rate-limited", rule.message ?? "Too many requests. Try again later.", {
        headers: { "Retry-After": String(rule.periodSeconds), ...rateLimitHeaders(rule, 0) },
      });
    }
    const remaining = Math.max(0, rule.limit - used);
    await next();
    // Set on the final response (errors included: by now onError has rendered them).
    const shown = c.res.headers.get("RateLimit-Remaining");
    if (shown !== null && Number(shown) <= remaining) return;
    try {
      for (const [k, v] of Object.entries(rateLimitHeaders(rule, remaining))) c.res.headers.set(k, v);
    } catch {
      // Some responses (a WebSocket upgrade) have immutable headers; they go without.
    }
  });
  declared.set(mw, rule);
  return mw;
}
