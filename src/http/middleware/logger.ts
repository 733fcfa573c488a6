import { createMiddleware } from "hono/factory";
import { routePath } from "hono/route";
import { type AppEnv, isDevelopment } from "../../platform/env";
import { writeRequestMetric } from "../../platform/metrics";

/**
 * One JSON line per request. Holds no bodies, headers or query strings, so no
 * token or password can end up in logs. In development the D1 cost is also sent
 * as `Server-Timing` so benchmarks and developers can read it per response.
 * The same numbers go to Workers Analytics Engine (`METRICS`, src/platform/metrics.ts).
 */
export const requestLogger = createMiddleware<AppEnv>(async (c, next) => {
  const started = Date.now();
  await next();
  const durationMs = Date.now() - started;
  const stats = c.get("dbStats");
  const line = {
    level: c.res.status >= 500 ? "error" : "info",
    msg: "request",
    request_id: c.get("requestId"),
    method: c.req.method,
    route: c.get("route") ?? routePath(c),
    path: new URL(c.req.url).pathname,
    status: c.res.status,
    duration_ms: durationMs,
    user_id: c.get("auth")?.userId ?? null,
    d1_queries: stats?.queries ?? 0,
    d1_rows_read: stats?.rowsRead ?? 0,
    d1_rows_written: stats?.rowsWritten ?? 0,
  };
  console.log(JSON.stringify(line));
  writeRequestMetric(c.env, {
    route: line.route,
    method: line.method,
    status: line.status,
    durationMs,
    d1Queries: line.d1_queries,
    d1RowsRead: line.d1_rows_read,
    d1RowsWritten: line.d1_rows_written,
  });
  if (isDevelopment(c.env) && stats) {
    c.header(
      "Server-Timing",
      `d1;desc="queries";dur=${stats.queries}, rows_read;dur=${stats.rowsRead}, rows_written;dur=${stats.rowsWritten}, total;dur=${durationMs}`,
      { append: true },
    );
  }
});
