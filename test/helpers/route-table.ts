import { createFullApp } from "../../src/app";
import { type Access, accessOf } from "../../src/http/access";

export interface RouteEntry {
  method: string;
  /** Hono form: `/api/v1/jobs/:id`. */
  path: string;
  /** OpenAPI form: `/api/v1/jobs/{id}`. */
  openApiPath: string;
  /** The declaration of the route's first own handler (undefined: none, or not first). */
  access: Access | undefined;
  /** Every handler of the route, middleware first, in order (for `rateLimitOf`, `bodyLimitOf`). */
  handlers: unknown[];
}

/**
 * Every route of the app, from Hono's own route table of the fully mounted app (so routes missing from
 * the OpenAPI document are included), with its access declaration.
 */
export async function routeTable(): Promise<RouteEntry[]> {
  const byKey = new Map<string, RouteEntry>();
  for (const r of (await createFullApp()).routes) {
    if (r.method === "ALL") continue; // app.use middleware, not routes
    const key = `${r.method} ${r.path}`;
    const known = byKey.get(key);
    if (known) known.handlers.push(r.handler);
    else {
      byKey.set(key, {
        method: r.method,
        path: r.path,
        openApiPath: r.path.replace(/\/:([A-Za-z0-9_]+)(\{[^}]*\})?/g, "/{$1}"),
        // Only the first handler counts: authentication must precede every other route middleware and validator.
        access: accessOf(r.handler),
        handlers: [r.handler],
      });
    }
  }
  return [...byKey.values()].sort((a, b) => `${a.path} ${a.method}`.localeCompare(`${b.path} ${b.method}`));
}

/** A concrete URL for the route: every path parameter becomes `x`, plus an invalid query. */
export function sampleUrl(route: RouteEntry, query = ""): string {
  return route.path.replace(/\/:[A-Za-z0-9_]+(\{[^}]*\})?/g, "/x") + query;
}

export const hasBody = (method: string) => !["GET", "HEAD", "DELETE"].includes(method);
