/** Bookmarks of seekers. PUT and DELETE are idempotent; the list shows each job's summary. */

import { and, eq } from "drizzle-orm";
import { decodeCursor, type PageOf, page } from "../../http/pagination";
import { notFound } from "../../http/problem";
import type { Db } from "../../platform/db/client";
import { savedJobs } from "../../platform/db/schema";
import type { AuthContext } from "../../platform/env";
import { isPublic, JOB_RECORD_COLUMNS, JOB_RECORD_JOINS, type JobRecord, loadRecord, recordFromSql } from "../jobs";

/** Saving needs a job the caller can see now; saving twice keeps the first timestamp. */
export async function saveJob(db: Db, auth: AuthContext, jobId: string, now = Date.now()): Promise<void> {
  const rec = await loadRecord(db, jobId);
  if (!rec || !isPublic(rec.job, now)) throw notFound("Job");
  await db.insert(savedJobs).values({ userId: auth.userId, jobId, createdAt: now }).onConflictDoNothing();
}

export async function unsaveJob(db: Db, auth: AuthContext, jobId: string): Promise<void> {
  await db.delete(savedJobs).where(and(eq(savedJobs.userId, auth.userId), eq(savedJobs.jobId, jobId)));
}

/** How many jobs the seeker has saved (the ones `GET /saved-jobs` lists: archived jobs drop out). */
export async function countSavedJobs(db: Db, userId: string): Promise<number> {
  const row = await db.$client
    .prepare(
      "SELECT count(*) AS n FROM saved_jobs s JOIN jobs j ON j.id = s.job_id WHERE s.user_id = ? AND j.status <> 'archived'",
    )
    .bind(userId)
    .first<{ n: number }>();
  return row?.n ?? 0;
}

/** Newest first; jobs closed or expired since stay listed with their status. */
export async function listSavedJobs(
  db: Db,
  auth: AuthContext,
  limit: number,
  cursor: string | undefined,
): Promise<PageOf<{ savedAt: number; rec: JobRecord }>> {
  // Bound to the user: another seeker's cursor is refused rather than read.
  const scope = { sort: "saved", user: auth.userId };
  const after = decodeCursor(cursor, ["number", "string"], scope);
  const { results } = await db.$client
    .prepare(
      `SELECT s.created_at AS saved_at, ${JOB_RECORD_COLUMNS.text}
         FROM saved_jobs s JOIN jobs j ON j.id = s.job_id ${JOB_RECORD_JOINS.text}
        WHERE s.user_id = ?1 AND j.status <> 'archived' AND (?2 IS NULL OR (s.created_at, s.job_id) < (?2, ?3))
        ORDER BY s.created_at DESC, s.job_id DESC LIMIT ?4`,
    )
    .bind(auth.userId, after?.[0] ?? null, after?.[1] ?? "", limit + 1)
    .all<Record<string, unknown>>();
  const items = results.map((r) => ({ savedAt: Number(r.saved_at), rec: recordFromSql(r) }));
  return page(items, limit, (i) => [i.savedAt, i.rec.job.id], scope);
}
