import type { Context } from "hono";
import { bodyLimit } from "hono/body-limit";
import { createMiddleware } from "hono/factory";
import { requireRole, requireVerifiedEmail } from "../../http/access";
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

const tooLarge = (max: number) => () => {
  throw new ApiError(413, "payload-too-large", `The request body exceeds ${Math.round(max / 1024)} KB.`);
};
const fileLimit = bodyLimit({
  maxSize: MAX_DOCUMENT_BYTES + MULTIPART_SLACK,
  onError: tooLarge(MAX_DOCUMENT_BYTES + MULTIPART_SLACK),
});
const jsonLimit = bodyLimit({ maxSize: MAX_JSON_APPLY_BYTES, onError: tooLarge(MAX_JSON_APPLY_BYTES) });

/** Checked before the body is read: nobody but a verified seeker makes us read an application at all. */
export const verifiedSeekerFirst = createMiddleware<AppEnv>(async (c, next) => {
  requireVerifiedSeeker(c);
  await next();
});

/**
 * The apply route is exempt from the global 1 MiB cap (a resume may ride
 * along, up to 5 MB), so it sets its own, counted while streaming.
 */
export const applyBodyLimit = createMiddleware<AppEnv>((c, next) =>
  (c.req.header("Content-Type") ?? "").toLowerCase().startsWith("multipart/form-data")
    ? fileLimit(c, next)
    : jsonLimit(c, next),
);
