/**
 * Bought featured upgrades (billing): the jobs module owns the `jobs` table, so
 * the statements that feature, unfeature and expire a job live here and other
 * modules put them in their own batches. Changing `is_featured` bumps the jobs
 * cache version (trigger), so the featured list and the landing page follow.
 */
import { and, eq, isNotNull, lte, sql } from "drizzle-orm";
import type { Db } from "../../platform/db/client";
import { jobs } from "../../platform/db/schema";

const DAY_MS = 86_400_000;

/**
 * Features `jobId` for `days` more days: from its current end when an upgrade is
 * still running (buying twice adds up), else from `now`. `onlyIf` (SQL) guards
 * the statement inside a batch (e.g. "the purchase is still pending").
 */
export function featureJobStatement(db: Db, jobId: string, days: number, now: number, onlyIf = sql`1`) {
  return db
    .update(jobs)
    .set({
      isFeatured: true,
      featuredUntil: sql`max(coalesce(${jobs.featuredUntil}, ${now}), ${now}) + ${days * DAY_MS}`,
    })
    .where(and(eq(jobs.id, jobId), onlyIf));
}

/**
 * Takes `days` back from a bought upgrade (a refund); the job stops being
 * featured when nothing is left. Jobs an admin featured for good
 * (`featured_until` null) are left alone.
 */
export function unfeatureJobStatement(db: Db, jobId: string, days: number, now: number, onlyIf = sql`1`) {
  const left = sql`${jobs.featuredUntil} - ${days * DAY_MS}`;
  return db
    .update(jobs)
    .set({
      isFeatured: sql`CASE WHEN ${left} > ${now} THEN 1 ELSE 0 END`,
      featuredUntil: sql`CASE WHEN ${left} > ${now} THEN ${left} ELSE NULL END`,
    })
    .where(and(eq(jobs.id, jobId), isNotNull(jobs.featuredUntil), onlyIf));
}

/** Ends every bought upgrade whose time is up (the billing cron); returns how many. */
export async function expireFeaturedJobs(db: Db, now: number): Promise<number> {
  const rows = await db
    .update(jobs)
    .set({ isFeatured: false, featuredUntil: null })
    .where(and(isNotNull(jobs.featuredUntil), lte(jobs.featuredUntil, now)))
    .returning({ id: jobs.id });
  return rows.length;
}

/** Whether `jobId` belongs to `companyId` (a featured upgrade is bought for one of the company's own jobs). */
export async function jobOfCompany(db: Db, jobId: string, companyId: string): Promise<boolean> {
  const row = await db
    .select({ id: jobs.id })
    .from(jobs)
    .where(and(eq(jobs.id, jobId), eq(jobs.companyId, companyId)))
    .get();
  return row !== undefined;
}
