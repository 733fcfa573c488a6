import { createMiddleware } from "hono/factory";
import type { AppEnv } from "../../platform/env";
import { ApiError } from "../problem";

const JSON_TYPE = /^application\/([\w.-]+\+)?json\s*(;|$)/i;

/** True when a string or key anywhere in the parsed JSON holds U+0000. */
function hasNul(value: unknown): boolean {
  if (typeof value === "string") return value.includes("\u0000");
  if (Array.isArray(value)) return value.some(hasNul);
  if (value !== null && typeof value === "object") {
    return Object.entries(value).some(([k, v]) => k.includes("\u0000") || hasNul(v));
  }
  return false;
}

/**
 * Refuses JSON bodies that are not valid UTF-8 (the default decoder would
 * store U+FFFD in their place) or carry U+0000 in any string, raw or as the
 * `\u0000` escape (NUL truncates text in C libraries, email headers, logs).
 * Decodes each JSON body once and leaves the parsed value in Hono's body cache,
 * so the route's validator (`c.req.json()`) does not parse it again. Invalid
 * JSON is left to the validator, which answers it.
 */
export const jsonText = createMiddleware<AppEnv>(async (c, next) => {
  const type = c.req.header("content-type");
  if (!type || !JSON_TYPE.test(type) || c.req.raw.body === null) return next();
  const bytes = await c.req.arrayBuffer();
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    throw new ApiError(400, "malformed-request", "The request body is not valid UTF-8.");
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return next();
  }
  if (hasNul(parsed)) {
    throw new ApiError(400, "validation-error", "Text must not contain NUL characters (U+0000).");
  }
  c.req.bodyCache.json = Promise.resolve(parsed);
  return next();
});
