import type { Context, TypedResponse } from "hono";
import type { JSONParsed } from "hono/utils/types";

/**
 * A `200` whose body is JSON text already serialised (a cached response, see
 * src/platform/cache.ts), with the same `Content-Type` as `c.json`, so a warm
 * read does not parse and re-serialise it. `cached.text` is the JSON of
 * `cached.value` (cache handles return both), so the response is typed as
 * `c.json(cached.value)` would be and the route's schema still checks it.
 */
export function cachedJson<T>(
  c: Context,
  cached: { text: string; value: T },
  headers: Record<string, string>,
): Response & TypedResponse<JSONParsed<T>, 200, "json"> {
  const res: Response = c.body(cached.text, 200, { ...headers, "Content-Type": "application/json" });
  // Only the phantom type differs: the body is the JSON of `cached.value`.
  return res as Response & TypedResponse<JSONParsed<T>, 200, "json">;
}
