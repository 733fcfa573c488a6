/**
 * Rate limits of the unauthenticated auth endpoints, all made with the one
 * `rateLimit(rule)` factory and attached in each route's `middleware:`.
 *
 * Per IP (RL_AUTH) and per account: the account key is the submitted email,
 * whether or not an account exists, so answers are identical for known and
 * unknown addresses. Both count before validation: a flood of invalid bodies
 * is limited too. The per-account rule reads the body (`readsBody`), so
 * defineRoute runs it after the body cap and the JSON text check, whose
 * parsed body it reuses.
 */
import type { Context } from "hono";
import { rateLimit } from "../../http/rate-limit";
import { sha256Hex } from "../../lib/crypto";
import type { AppEnv } from "../../platform/env";

/** Per-IP limit (matches RL_AUTH in wrangler.toml). */
export const authIpLimit = (name: string) =>
  rateLimit({ binding: "RL_AUTH", limit: 10, periodSeconds: 60, name: `${name}:ip` });

/**
 * The submitted `email`, hashed so the limiter (which may log keys) never sees
 * addresses; null (not counted) when the body has none — validation answers it.
 */
async function submittedEmail(c: Context<AppEnv>): Promise<string | null> {
  const body: unknown = await c.req.json().catch(() => null);
  const email = body && typeof body === "object" ? (body as { email?: unknown }).email : undefined;
  if (typeof email !== "string" || email.length === 0 || email.length > 320) return null;
  return (await sha256Hex(email.trim().toLowerCase())).slice(0, 32);
}

const perAccount = (name: string, binding: "RL_ACCOUNT" | "RL_EMAIL", limit: number) =>
  rateLimit({
    binding,
    limit,
    periodSeconds: 60,
    name: `${name}:acct`,
    key: submittedEmail,
    readsBody: true,
    message: "Too many requests for this account. Try again later.",
  });

/** Login attempts per account (matches RL_ACCOUNT in wrangler.toml). */
export const loginAccountLimit = perAccount("login", "RL_ACCOUNT", 10);
/** Emails one address can be sent per minute (matches RL_EMAIL in wrangler.toml). */
export const registerEmailLimit = perAccount("register", "RL_EMAIL", 3);
export const forgotEmailLimit = perAccount("forgot", "RL_EMAIL", 3);
export const resendEmailLimit = perAccount("resend", "RL_EMAIL", 3);
