import { bodyLimit as honoBodyLimit } from "hono/body-limit";
import { createMiddleware } from "hono/factory";
import type { AppEnv } from "../../platform/env";
import { ApiError } from "../problem";

const DEFAULT_MAX = 1024 * 1024;

/**
 * Caps JSON/form bodies (default 1 MiB, `MAX_BODY_BYTES`). File upload routes
 * stream their bodies through the storage module, which enforces its own limits,
 * so they are exempted by path prefix (or by pattern, for paths with ids) here.
 */
export function bodyLimit(exemptPrefixes: ReadonlyArray<string | RegExp> = []) {
  return createMiddleware<AppEnv>((c, next) => {
    const path = c.req.path;
    if (exemptPrefixes.some((p) => (typeof p === "string" ? path.startsWith(p) : p.test(path)))) return next();
    const max = Number(c.env.MAX_BODY_BYTES) || DEFAULT_MAX;
    return honoBodyLimit({
      maxSize: max,
      onError: () => {
        throw new ApiError(413, "payload-too-large", `The request body exceeds ${max} bytes.`);
      },
    })(c, next);
  });
}
