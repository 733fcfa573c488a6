import type { Context } from "hono";
import type { AppEnv, AuthContext } from "../../env";
import { ApiError } from "../../lib/problem";
import { requireRole } from "../../middleware/auth";

/**
 * A seeker whose email address is verified (applying reaches a real employer,
 * so the address must work). Local to this module until the accounts module's
 * shared helper lands; the problem slug is the same.
 */
export function requireVerifiedSeeker(c: Context<AppEnv>): AuthContext {
  const auth = requireRole(c, "seeker");
  if (!auth.emailVerified) {
    throw new ApiError(403, "email-not-verified", "Verify your email address before applying to jobs.");
  }
  return auth;
}
