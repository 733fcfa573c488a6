import type { Context } from "hono";
import { toBase64Url, utf8 } from "./encoding";

/** A strong ETag over the exact JSON bytes that would be sent. */
export async function etagOf(json: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", utf8(json));
  return `"${toBase64Url(digest).slice(0, 27)}"`;
}

function matches(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  if (ifNoneMatch.trim() === "*") return true;
  const weakless = etag.replace(/^W\//, "");
  return ifNoneMatch.split(",").some((t) => t.trim().replace(/^W\//, "") === weakless);
}

/**
 * Sends a single resource as JSON with an ETag, or `304 Not Modified` when the
 * client's `If-None-Match` matches. `cacheControl` defaults to private revalidation.
 */
export async function jsonWithEtag(
  c: Context,
  body: unknown,
  options: { cacheControl?: string; status?: 200 } = {},
): Promise<Response> {
  const json = JSON.stringify(body);
  const etag = await etagOf(json);
  const headers: Record<string, string> = {
    ETag: etag,
    "Cache-Control": options.cacheControl ?? "private, no-cache",
  };
  if (matches(c.req.header("If-None-Match"), etag)) {
    return c.body(null, 304, headers);
  }
  return c.body(json, options.status ?? 200, { ...headers, "Content-Type": "application/json" });
}
