/**
 * SVG responses: `image/svg+xml` with a strong ETag over the exact bytes (so
 * `If-None-Match` answers `304`) and the caller's Cache-Control. An SVG is a document
 * that could run script if opened directly, so it gets its own CSP that forbids any.
 */
import { z } from "@hono/zod-openapi";
import type { Context } from "hono";
import { etagOf } from "./etag";

export const SVG_CSP = "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'";

/** Sends `svg`, or `304` when the client already has these exact bytes. */
export async function svgResponse(c: Context, svg: string, cacheControl: string): Promise<Response> {
  const etag = await etagOf(svg);
  const headers = { ETag: etag, "Cache-Control": cacheControl, Vary: "Authorization" };
  const inm = c.req.header("If-None-Match");
  if (inm?.split(",").some((t) => t.trim().replace(/^W\//, "") === etag)) {
    return c.body(null, 304, headers);
  }
  return c.body(svg, 200, {
    ...headers,
    "Content-Type": "image/svg+xml; charset=utf-8",
    "Content-Security-Policy": SVG_CSP,
  });
}

/** The OpenAPI response of a chart route: SVG, with the ETag/304 contract. */
export const svgResponses = {
  200: {
    description: "An accessible SVG chart (title, desc, values as text labels); `ETag` for `If-None-Match`",
    content: { "image/svg+xml": { schema: z.string() } },
  },
  304: { description: "Not modified: the `If-None-Match` ETag is current" },
};
