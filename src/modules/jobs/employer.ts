/** Employer-side reads: all statuses across the caller's companies, admin queue, analytics. */

import { decodeCursor, type PageOf, page } from "../../http/pagination";
import { ApiError } from "../../http/problem";
import { foldText } from "../../lib/fold";
import type { Db } from "../../platform/db/client";
import { JOB_STATUSES, type JobStatus } from "../../platform/db/schema";
import { type Frag, inList, prepare, rawSql, sq, where } from "../../platform/db/sql";
import type { AuthContext } from "../../platform/env";
import { companyIdsOf } from "../companies";
import { liveAfter, type SyncPageOf, syncPage, syncWindow, type TombstoneScope, tombstonesAfter } from "../sync";
import { JOB_RECORD_COLUMNS, JOB_RECORD_JOINS, type JobRecord, recordFromSql } from "./records";

export interface EmployerListQuery {
  status?: JobStatus;
  company_id?: string;
  q?: string;
  limit: number;
  cursor?: string;
  /** Incremental sync (src/modules/sync): changes and deletions since this instant, oldest first. */
  updated_since?: string;
}

/**
 * Jobs of every company the caller belongs to (admins: all companies), newest
 * first, any status. `q` is a substring match on the title within that set,
 * which is bounded by the caller's own jobs.
 */
export async function listEmployerJobs(
  db: Db,
  auth: AuthContext,
  query: EmployerListQuery,
): Promise<PageOf<JobRecord> | SyncPageOf<JobRecord>> {
  const conds: Frag[] = [];
  let visible: TombstoneScope = { all: true };
  if (auth.role !== "admin") {
    const ids = await companyIdsOf(db, auth.userId);
    const scoped = query.company_id ? ids.filter((id) => id === query.company_id) : ids;
    if (!scoped.length) return { data: [], next_cursor: null, ...(query.updated_since ? { deleted: [] } : {}) };
    conds.push(sq`j.company_id IN ${inList(scoped.slice(0, 90))}`);
    visible = { companyIds: scoped.slice(0, 90) };
  } else if (query.company_id) {
    conds.push(sq`j.company_id = ${query.company_id}`);
    visible = { companyIds: [query.company_id] };
  }
  if (query.updated_since) {
    const window = syncWindow(
      query.updated_since,
      query.cursor,
      { list: "employer-jobs", company: query.company_id },
      { status: query.status, q: query.q },
    );
    conds.push(liveAfter(window, rawSql("j.updated_at"), rawSql("j.id")));
    const [{ results }, tombstones] = await Promise.all([
      prepare(
        db.$client,
        sq`SELECT ${JOB_RECORD_COLUMNS} FROM jobs j ${JOB_RECORD_JOINS} WHERE ${where(conds)}
           ORDER BY j.updated_at, j.id LIMIT ${query.limit + 1}`,
      ).all<Record<string, unknown>>(),
      tombstonesAfter(db, "job", visible, window, query.limit + 1),
    ]);
    return syncPage(results.map(recordFromSql), tombstones, query.limit, (r) => [r.job.updatedAt, r.job.id], window);
  }
  if (query.status) conds.push(sq`j.status = ${query.status}`);
  // Folded on both sides (src/lib/fold.ts); rows the fold-keys cron has not
  // reached yet fall back to lower(title). instr, not LIKE: D1 refuses LIKE
  // patterns over 50 bytes. The scan is bounded: it reads only the caller's
  // companies' jobs through jobs_company_created_idx (admins page by created_at).
  if (query.q) conds.push(sq`instr(coalesce(j.title_key, lower(j.title)), ${foldText(query.q)}) > 0`);
  // A cursor continues only the listing it came from: these filters, this order.
  const scope = { sort: "created", status: query.status, company: query.company_id, q: query.q };
  const after = decodeCursor(query.cursor, ["number", "string"], scope);
  if (after) conds.push(sq`(j.created_at, j.id) < (${after[0]}, ${after[1]})`);
  const { results } = await prepare(
    db.$client,
    sq`SELECT ${JOB_RECORD_COLUMNS} FROM jobs j ${JOB_RECORD_JOINS} WHERE ${where(conds)}
       ORDER BY j.created_at DESC, j.id DESC LIMIT ${query.limit + 1}`,
  ).all<Record<string, unknown>>();
  return page(results.map(recordFromSql), query.limit, (r) => [r.job.createdAt, r.job.id], scope);
}

/** The admin moderation queue (and any other status), oldest first. */
export async function listJobsByStatus(
  db: Db,
  status: JobStatus,
  limit: number,
  cursor: string | undefined,
): Promise<PageOf<JobRecord>> {
  if (!JOB_STATUSES.includes(status)) throw new ApiError(400, "validation-error", "Unknown status.");
  const scope = { sort: "id", status };
  const [after] = decodeCursor(cursor, ["string"], scope) ?? [""];
  const { results } = await prepare(
    db.$client,
    sq`SELECT ${JOB_RECORD_COLUMNS} FROM jobs j ${JOB_RECORD_JOINS} WHERE j.status = ${status} AND j.id > ${after}
       ORDER BY j.id LIMIT ${limit + 1}`,
  ).all<Record<string, unknown>>();
  return page(results.map(recordFromSql), limit, (r) => [r.job.id], scope);
}

const DAY_MS = 86_400_000;

/** Views per day (unique viewers), applications by status, conversion and time to hire. */
/**
 * Unique views of the jobs of the user's companies on the UTC days from
 * `since`'s day on (the per-day table the view counter keeps).
 */
export async function jobViewsSince(db: Db, userId: string, since: number): Promise<number> {
  const row = await db.$client
    .prepare(
      `SELECT coalesce(sum(d.views), 0) AS n FROM job_view_daily d
        JOIN jobs j ON j.id = d.job_id
       WHERE j.company_id IN (SELECT company_id FROM company_members WHERE user_id = ?) AND d.day >= ?`,
    )
    .bind(userId, Math.floor(since / DAY_MS))
    .first<{ n: number }>();
  return row?.n ?? 0;
}

export async function jobAnalytics(db: Db, rec: JobRecord, days: number, now = Date.now()) {
  const d1 = db.$client;
  const today = Math.floor(now / DAY_MS);
  const from = today - days + 1;
  const [views, byStatus, hire] = await d1.batch([
    d1
      .prepare("SELECT day, views FROM job_view_daily WHERE job_id = ? AND day >= ? ORDER BY day")
      .bind(rec.job.id, from),
    d1.prepare("SELECT status, count(*) AS n FROM applications WHERE job_id = ? GROUP BY status").bind(rec.job.id),
    prepare(
      d1,
      sq`SELECT avg(status_changed_at - created_at) AS avg_ms, count(*) AS n FROM applications WHERE job_id = ${rec.job.id} AND status = ${rawSql("'accepted'")}`,
    ),
  ]);
  const perDay = new Map(
    ((views?.results ?? []) as Array<{ day: number; views: number }>).map((r) => [r.day, r.views]),
  );
  const series = Array.from({ length: days }, (_, i) => ({
    date: new Date((from + i) * DAY_MS).toISOString().slice(0, 10),
    views: perDay.get(from + i) ?? 0,
  }));
  const statusCounts: Record<string, number> = {};
  let applications = 0;
  for (const r of (byStatus?.results ?? []) as Array<{ status: string; n: number }>) {
    statusCounts[r.status] = r.n;
    applications += r.n;
  }
  const hireRow = (hire?.results?.[0] ?? {}) as { avg_ms?: number | null; n?: number };
  return {
    job_id: rec.job.id,
    total_views: rec.job.viewCount,
    views_in_period: series.reduce((s, d) => s + d.views, 0),
    views_by_day: series,
    applications_total: applications,
    applications_by_status: statusCounts,
    // Applications per unique view over the job's life; null before the first view.
    conversion_rate: rec.job.viewCount > 0 ? Math.round((applications / rec.job.viewCount) * 10_000) / 10_000 : null,
    time_to_hire_days:
      hireRow.avg_ms !== null && hireRow.avg_ms !== undefined ? Math.round((hireRow.avg_ms / DAY_MS) * 10) / 10 : null,
    hires: hireRow.n ?? 0,
  };
}
