/**
 * Request metrics in Workers Analytics Engine (binding `METRICS`, optional: a Worker
 * without it writes nothing). `writeDataPoint` is synchronous and never blocks the
 * response, so no `waitUntil` is needed. The layout is the contract of the queries in
 * docs/operations.md: change it only together with them (a new field goes at the end).
 */

export interface RequestMetric {
  /** The matched route pattern (`/api/v1/jobs/:id`), never the raw path: it holds ids. */
  route: string;
  method: string;
  status: number;
  durationMs: number;
  d1Queries: number;
  d1RowsRead: number;
  d1RowsWritten: number;
}

/** The optional bindings of operations, typed as optional whatever wrangler types say. */
export type MetricsEnv = { METRICS?: AnalyticsEngineDataset };

/**
 * blob1 route, blob2 method, blob3 status class (`2xx`…); double1 status, double2 duration ms,
 * double3 D1 queries, double4 rows read, double5 rows written; index1 route (the sampling key).
 */
export function writeRequestMetric(env: MetricsEnv, m: RequestMetric): void {
  const dataset = env.METRICS;
  if (!dataset) return;
  try {
    dataset.writeDataPoint({
      indexes: [m.route.slice(0, 96)],
      blobs: [m.route, m.method, `${Math.floor(m.status / 100)}xx`],
      doubles: [m.status, m.durationMs, m.d1Queries, m.d1RowsRead, m.d1RowsWritten],
    });
  } catch (err) {
    // Metrics must never turn a good response into an error.
    console.warn(JSON.stringify({ level: "warn", msg: "metrics write failed", error: String(err) }));
  }
}
