import { bodyLimit as honoBodyLimit } from "hono/body-limit";
import { createMiddleware } from "hono/factory";
import type { AppEnv } from "../../platform/env";
import { ApiError } from "../problem";

const DEFAULT_MAX = 1024 * 1024;

/**
 * A route's cap on its request body, declared with the route (`bodyLimit:` of
 * `defineRoute`, src/http/openapi.ts). Routes that declare none get the default:
 * `MAX_BODY_BYTES` (1 MiB), `413 payload-too-large`. Upload routes declare their
 * own, larger caps; the storage module still checks each file's own size.
 */
export interface BodyLimit {
  /** Bytes. A declared `Content-Length` over it is refused at once; otherwise the body is counted as it streams. */
  maxBytes: number;
  /** The cap for `multipart/form-data` bodies, when a form carries a file (default `maxBytes`). */
  multipartMaxBytes?: number;
  /** The `413` for this route (default `payload-too-large`, "The request body exceeds N bytes."). */
  tooLarge?: (maxBytes: number) => ApiError;
}

const payloadTooLarge = (max: number) =>
  new ApiError(413, "payload-too-large", `The request body exceeds ${max} bytes.`);

const isMultipart = (type: string | undefined) => (type ?? "").toLowerCase().startsWith("multipart/form-data");

const declared = new WeakMap<object, BodyLimit | "default">();

/** The declaration behind a middleware made by `bodyLimit()`, for tests that walk the route table. */
export function bodyLimitOf(handler: unknown): BodyLimit | "default" | undefined {
  return typeof handler === "function" ? declared.get(handler) : undefined;
}

/** The middleware that enforces `limit` (without one, the default from `MAX_BODY_BYTES`). */
export function bodyLimit(limit?: BodyLimit) {
  const mw = createMiddleware<AppEnv>((c, next) => {
    const base = limit?.maxBytes ?? (Number(c.env.MAX_BODY_BYTES) || DEFAULT_MAX);
    const max = limit?.multipartMaxBytes && isMultipart(c.req.header("Content-Type")) ? limit.multipartMaxBytes : base;
    const tooLarge = limit?.tooLarge ?? payloadTooLarge;
    return honoBodyLimit({
      maxSize: max,
      onError: () => {
        throw tooLarge(max);
      },
    })(c, next);
  });
  declared.set(mw, limit ?? "default");
  return mw;
}
