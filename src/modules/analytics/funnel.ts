/**
 * The hiring funnel, computed from the status history: how many applications
 * reached each stage, conversion between stages, and the median time spent in
 * each stage (from entering it to the next change, whatever that was).
 * Shared by the per-job analytics (jobs module) and admin analytics.
 */
import { type SQL, sql } from "drizzle-orm";
import { HOUR } from "../../lib/time";
import type { Db } from "../../platform/db/client";
import type { ApplicationStatus } from "../../platform/db/schema";
import { PIPELINE_ORDER } from "../applications";

export interface FunnelStage {
  /** `applied` is the `pending` status. */
  stage: string;
  status: ApplicationStatus;
  count: number;
  conversion_from_previous: number | null;
  conversion_from_applied: number | null;
  median_hours_in_stage: number | null;
}

export interface Funnel {
  job_id: string | null;
  total_applications: number;
  stages: FunnelStage[];
  rejected: number;
  withdrawn: number;
}

const ratio = (a: number, b: number) => (b > 0 ? Math.round((a / b) * 10_000) / 10_000 : null);

/** The funnel of one job, or of every application when `jobId` is null. */
export async function applicationFunnel(db: Db, jobId: string | null): Promise<Funnel> {
  const jobFilter: SQL = jobId ? sql`WHERE a.job_id = ${jobId}` : sql``;
  const [totals, reached, medians] = await Promise.all([
    db.all<{ total: number; rejected: number; withdrawn: number }>(sql`
      SELECT COUNT(*) AS total,
        COALESCE(SUM(a.status = 'rejected'), 0) AS rejected,
        COALESCE(SUM(a.status = 'withdrawn'), 0) AS withdrawn
      FROM applications a ${jobFilter}`),
    db.all<{ stage: ApplicationStatus; n: number }>(sql`
      SELECT h.to_status AS stage, COUNT(DISTINCT h.application_id) AS n
      FROM application_status_history h JOIN applications a ON a.id = h.application_id
      ${jobFilter} GROUP BY h.to_status`),
    db.all<{ stage: ApplicationStatus; median_ms: number }>(sql`
      WITH h AS (
        SELECT h.to_status AS stage, h.created_at AS entered,
          LEAD(h.created_at) OVER (PARTITION BY h.application_id ORDER BY h.created_at, h.id) AS left_at
        FROM application_status_history h JOIN applications a ON a.id = h.application_id
        ${jobFilter}
      ), d AS (
        SELECT stage, left_at - entered AS dur,
          ROW_NUMBER() OVER (PARTITION BY stage ORDER BY left_at - entered) AS rn,
          COUNT(*) OVER (PARTITION BY stage) AS cnt
        FROM h WHERE left_at IS NOT NULL
      )
      SELECT stage, AVG(dur) AS median_ms FROM d
      WHERE rn IN ((cnt + 1) / 2, (cnt + 2) / 2) GROUP BY stage`),
  ]);
  const total = Number(totals[0]?.total ?? 0);
  const reachedBy = new Map(reached.map((r) => [r.stage, Number(r.n)]));
  const medianBy = new Map(medians.map((m) => [m.stage, Number(m.median_ms)]));
  const stages: FunnelStage[] = [];
  let previous = total;
  for (const status of PIPELINE_ORDER) {
    // Applications inserted without a first history row still count as applied.
    const count = status === "pending" ? total : (reachedBy.get(status) ?? 0);
    const median = medianBy.get(status);
    stages.push({
      stage: status === "pending" ? "applied" : status,
      status,
      count,
      conversion_from_previous: status === "pending" ? null : ratio(count, previous),
      conversion_from_applied: status === "pending" ? null : ratio(count, total),
      median_hours_in_stage: median === undefined ? null : Math.round((median / HOUR) * 100) / 100,
    });
    previous = count;
  }
  return {
    job_id: jobId,
    total_applications: total,
    stages,
    rejected: Number(totals[0]?.rejected ?? 0),
    withdrawn: Number(totals[0]?.withdrawn ?? 0),
  };
}
