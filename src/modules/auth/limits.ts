/**
 * Per-account rate limits (the per-IP ones are middleware in
 * src/middleware/rate-limit.ts). Keys are the submitted email, whether or not
 * an account exists, so answers are identical for known and unknown addresses.
 */
import type { Context } from "hono";
import type { AppEnv } from "../../env";
import { sha256Hex } from "../../lib/crypto";
import { ApiError } from "../../lib/problem";

const RULES = {
  /** Matches RL_ACCOUNT in wrangler.toml. */
  login: { binding: "RL_ACCOUNT", limit: 10, periodSeconds: 60 },
  /** Matches RL_EMAIL in wrangler.toml: emails one address can be sent per minute. */
  register: { binding: "RL_EMAIL", limit: 3, periodSeconds: 60 },
  forgot: { binding: "RL_EMAIL", limit: 3, periodSeconds: 60 },
  resend: { binding: "RL_EMAIL", limit: 3, periodSeconds: 60 },
} as const;

export type AccountLimit = keyof typeof RULES;

/** Counts one request for `email` and throws `429` + `Retry-After` + `RateLimit-*` when over. */
export async function enforceAccountLimit(c: Context<AppEnv>, name: AccountLimit, email: string): Promise<void> {
  const rule = RULES[name];
  // Hashed so the limiter (which may log keys) never sees addresses.
  const key = `${name}:acct:${(await sha256Hex(email.trim().toLowerCase())).slice(0, 32)}`;
  const { success } = await c.env[rule.binding].limit({ key });
  if (!success) {
    const headers = {
      "Retry-After": String(rule.periodSeconds),
      "RateLimit-Limit": String(rule.limit),
      "RateLimit-Remaining": "0",
      "RateLimit-Reset": String(rule.periodSeconds),
      "RateLimit-Policy": `${rule.limit};w=${rule.periodSeconds}`,
    };
    // Headers set earlier by the per-IP limiter are merged into the error response; overwrite them.
    for (const [k, v] of Object.entries(headers)) c.header(k, v);
    throw new ApiError(429, "rate-limited", "Too many requests for this account. Try again later.", { headers });
  }
}
