import type { Context } from "hono";
import { createMiddleware } from "hono/factory";
import type { AppEnv } from "../env";
import { clientIp } from "../lib/client-info";
import { ApiError } from "../lib/problem";

export interface RateLimitRule {
  /** Binding name in wrangler.toml (`[[ratelimits]]`). */
  binding: "RL_AUTH" | "RL_API";
  /** Must match the binding's `simple.limit` / `simple.period` (used for the headers). */
  limit: number;
  periodSeconds: number;
  /** Distinguishes rules that share a binding, e.g. "login:ip". */
  name: string;
  /** The counted key; defaults to the client IP. Return null to skip counting. */
  key?: (c: Context<AppEnv>) => string | null | Promise<string | null>;
}

/**
 * Counts a request against a Rate Limiting binding and answers `429` with
 * `Retry-After` when over. The binding does not report remaining quota, so
 * `RateLimit-Remaining` is 0 on a refusal and omitted otherwise.
 */
export async function enforceRateLimit(c: Context<AppEnv>, rule: RateLimitRule): Promise<void> {
  const key = rule.key ? await rule.key(c) : (clientIp(c) ?? "unknown-ip");
  if (key === null) return;
  const { success } = await c.env[rule.binding].limit({ key: `${rule.name}:${key}` });
  c.header("RateLimit-Limit", String(rule.limit));
  c.header("RateLimit-Policy", `${rule.limit};w=${rule.periodSeconds}`);
  if (!success) {
    throw new ApiError(429, "rate-limited", "Too many requests. Try again later.", {
      headers: {
        "Retry-After": String(rule.periodSeconds),
        "RateLimit-Limit": String(rule.limit),
        "RateLimit-Remaining": "0",
        "RateLimit-Reset": String(rule.periodSeconds),
      },
    });
  }
}

export const rateLimit = (rule: RateLimitRule) =>
  createMiddleware<AppEnv>(async (c, next) => {
    await enforceRateLimit(c, rule);
    await next();
  });

/** Per-IP limit on the unauthenticated auth endpoints (matches RL_AUTH in wrangler.toml). */
export const authIpLimit = (name: string) =>
  rateLimit({ binding: "RL_AUTH", limit: 10, periodSeconds: 60, name: `${name}:ip` });
