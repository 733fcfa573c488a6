import type { Context } from "hono";
import type { AppEnv, AuthContext } from "../../env";
import { requireRole, requireVerifiedEmail } from "../../middleware/auth";

/** A seeker whose email address is verified (applying reaches a real employer, so the address must work). */
export function requireVerifiedSeeker(c: Context<AppEnv>): AuthContext {
  return requireVerifiedEmail(requireRole(c, "seeker"));
}
