/**
 * The `reports` table: reports of jobs and reviews filed by users. This module only
 * keeps the table; the modules that own the targets file reports through it, and
 * the admin queue (reviews module) resolves them. It depends on no other module,
 * so jobs, companies and reviews can all write through it without a cycle.
 */
import { and, eq, or, type SQL, sql } from "drizzle-orm";
import { newId } from "../../lib/ids";
import type { Db } from "../../platform/db/client";
import { type ReportRow, reports } from "../../platform/db/schema";

export type ReportTarget = { type: ReportRow["targetType"]; id: string };

/** One report per user per target: a repeat returns the first one (`created: false`); null if it vanished meanwhile. */
export async function fileReport(
  db: Db,
  reporterId: string,
  target: ReportTarget,
  reason: string,
  now = Date.now(),
): Promise<{ report: ReportRow; created: boolean } | null> {
  const inserted = await db
    .insert(reports)
    .values({ id: newId(now), targetType: target.type, targetId: target.id, reporterId, reason, createdAt: now })
    .onConflictDoNothing()
    .returning()
    .get();
  if (inserted) return { report: inserted, created: true };
  const existing = await db
    .select()
    .from(reports)
    .where(
      and(eq(reports.reporterId, reporterId), eq(reports.targetType, target.type), eq(reports.targetId, target.id)),
    )
    .get();
  return existing ? { report: existing, created: false } : null;
}

/** The statement that drops the reports about a company's jobs and reviews (their targets go with the company). */
export function dropCompanyReportsStatement(db: Db, companyId: string) {
  return db
    .delete(reports)
    .where(
      or(
        and(
          eq(reports.targetType, "review"),
          sql`${reports.targetId} IN (SELECT id FROM reviews WHERE company_id = ${companyId})`,
        ),
        and(
          eq(reports.targetType, "job"),
          sql`${reports.targetId} IN (SELECT id FROM jobs WHERE company_id = ${companyId})`,
        ),
      ),
    );
}

export interface Resolution {
  resolution: NonNullable<ReportRow["resolution"]>;
  resolutionNote: string | null;
  resolvedBy: string;
  resolvedAt: number;
}

/**
 * The statement that resolves open reports: `report` alone, or with `sameTarget` every
 * open report about the same target (hiding a target answers all of them).
 */
export function resolveReportsStatement(db: Db, report: ReportRow, resolution: Resolution, sameTarget: boolean) {
  const where: SQL | undefined = sameTarget
    ? and(eq(reports.targetType, report.targetType), eq(reports.targetId, report.targetId), eq(reports.status, "open"))
    : and(eq(reports.id, report.id), eq(reports.status, "open"));
  return db
    .update(reports)
    .set({ status: "resolved", ...resolution })
    .where(where);
}

/** The statement that keeps a user's reports but forgets who filed them (account erasure). */
export function forgetReporterStatement(db: Db, userId: string) {
  return db.update(reports).set({ reporterId: null }).where(eq(reports.reporterId, userId));
}
