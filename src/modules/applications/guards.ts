import type { Context } from "hono";
import { createMiddleware } from "hono/factory";
import { requireRole, requireVerifiedEmail } from "../../http/access";
import type { BodyLimit } from "../../http/middleware/body-limit";
import { ApiError } from "../../http/problem";
import type { AppEnv, AuthContext } from "../../platform/env";
import { MAX_DOCUMENT_BYTES } from "../../platform/storage/storage";

/** A seeker whose email address is verified (applying reaches a real employer, so the address must work). */
export function requireVerifiedSeeker(c: Context<AppEnv>): AuthContext {
  return requireVerifiedEmail(requireRole(c, "seeker"));
}

/** Multipart overhead allowed on top of the resume file (boundaries, cover letter, answers). */
const MULTIPART_SLACK = 64 * 1024;
/** A JSON application: a 10 000-character cover letter and answers fit many times over. */
const MAX_JSON_APPLY_BYTES = 256 * 1024;

/** The apply route's body cap: a resume (up to 5 MB) may ride along in a form; JSON stays small. */
export const applyBodyLimit: BodyLimit = {
  maxBytes: MAX_JSON_APPLY_BYTES,
  multipartMaxBytes: MAX_DOCUMENT_BYTES + MULTIPART_SLACK,
  tooLarge: (max) => new ApiError(413, "payload-too-large", `The request body exceeds ${Math.round(max / 1024)} KB.`),
};

/** Checked before the body is read: nobody but a verified seeker makes us read an application at all. */
export const verifiedSeekerFirst = createMiddleware<AppEnv>(async (c, next) => {
  requireVerifiedSeeker(c);
  await next();
});
