/**
 * Deprecation signals for a route: `Deprecation: @<unix seconds>` (RFC 9745),
 * `Sunset: <HTTP-date>` (RFC 8594) and `Link: <…>; rel="deprecation"`, sent on
 * every response of a route whose definition says `deprecated: { … }`
 * (defineRoute in openapi.ts also marks the operation `deprecated: true`).
 */
import { createMiddleware } from "hono/factory";
import type { AppEnv } from "../platform/env";

export interface Deprecation {
  /** When it was (or will be) deprecated, ISO 8601. */
  since: string;
  /** When it stops working, ISO 8601; at least 6 months after `since` (docs/versioning.md). */
  sunset?: string;
  /** A page explaining the replacement. */
  link: string;
}

/** The three header values of `d`. */
export function deprecationHeaders(d: Deprecation): Record<string, string> {
  const headers: Record<string, string> = {
    Deprecation: `@${Math.floor(Date.parse(d.since) / 1000)}`,
    Link: `<${d.link}>; rel="deprecation"; type="text/html"`,
  };
  if (d.sunset) headers.Sunset = new Date(d.sunset).toUTCString();
  return headers;
}

/** Middleware adding the headers after the handler (errors included: they pass through `c.res`). */
export function deprecated(d: Deprecation) {
  const headers = deprecationHeaders(d);
  return createMiddleware<AppEnv>(async (c, next) => {
    await next();
    for (const [k, v] of Object.entries(headers)) {
      if (k === "Link" && c.res.headers.has("Link")) c.res.headers.append("Link", v);
      else c.res.headers.set(k, v);
    }
  });
}
