/**
 * The admin moderation queue over the shared `reports` table: reported jobs
 * (filed by the jobs module) and reviews. Resolving with `hide` hides a
 * review (it leaves listings and the rating, recomputed in the same batch)
 * or archives a job; every open report on the same target is closed with it.
 */

import { and, asc, desc, eq, gt, inArray, lt, or, type SQL } from "drizzle-orm";
import type { BatchItem } from "drizzle-orm/batch";
import { alias } from "drizzle-orm/sqlite-core";
import { decodeCursor, mapPage, type PageOf, page } from "../../http/pagination";
import { ApiError, notFound } from "../../http/problem";
import type { Db } from "../../platform/db/client";
import { companies, jobs, type ReportRow, reports, reviews, users } from "../../platform/db/schema";
import type { AuthContext } from "../../platform/env";
import { auditInsert } from "../audit";
import { recomputeRating } from "../companies";
import { archiveReportedJobStatements } from "../jobs";
import { hideMessageStatement, type MessageReportTarget, messageReportTargets } from "../messages";
import { resolveReportsStatement } from "../moderation";
import { hideRatingStatement, type RatingReportTarget, ratingReportTargets } from "../ratings";

const reporter = alias(users, "reporter");
const author = alias(users, "author");

export interface ReportFilter {
  status: "open" | "resolved";
  targetType?: ReportRow["targetType"];
  cursor?: string;
  limit: number;
}

export type ReportTarget =
  | {
      type: "review";
      id: string;
      company: { id: string; name: string; slug: string };
      rating: number;
      title: string;
      body: string;
      status: string;
      isAnonymous: boolean;
      author: { id: string; username: string; email: string } | null;
    }
  | { type: "job"; id: string; title: string; status: string; company: { id: string; name: string; slug: string } }
  | MessageReportTarget
  | RatingReportTarget;

export interface ReportView {
  report: ReportRow;
  reporter: { id: string; username: string; email: string } | null;
  target: ReportTarget | null;
}

/** Open reports oldest first (a queue); resolved ones newest first (a history). */
export async function listReports(db: Db, f: ReportFilter): Promise<PageOf<ReportView>> {
  const newestFirst = f.status === "resolved";
  const where: SQL[] = [eq(reports.status, f.status)];
  if (f.targetType) where.push(eq(reports.targetType, f.targetType));
  const after = decodeCursor(f.cursor, ["number", "string"]);
  if (after) {
    const [at, id] = after;
    const cmp = newestFirst ? lt : gt;
    where.push(or(cmp(reports.createdAt, at), and(eq(reports.createdAt, at), cmp(reports.id, id))) as SQL);
  }
  const dir = newestFirst ? desc : asc;
  const rows = await db
    .select({ report: reports, reporterUsername: reporter.username, reporterEmail: reporter.email })
    .from(reports)
    .leftJoin(reporter, eq(reporter.id, reports.reporterId))
    .where(and(...where))
    .orderBy(dir(reports.createdAt), dir(reports.id))
    .limit(f.limit + 1);
  const found = page(rows, f.limit, (r) => [r.report.createdAt, r.report.id]);
  const targets = await loadTargets(
    db,
    found.data.map((r) => r.report),
  );
  return mapPage(found, (r) => ({
    report: r.report,
    reporter:
      r.report.reporterId && r.reporterUsername && r.reporterEmail
        ? { id: r.report.reporterId, username: r.reporterUsername, email: r.reporterEmail }
        : null,
    target: targets.get(`${r.report.targetType}:${r.report.targetId}`) ?? null,
  }));
}

/**
 * Loads every target of a page with one query per target type present (a page
 * holds ≤ 100 ids). Messages and ratings are loaded by the modules that own them.
 */
async function loadTargets(db: Db, rows: ReportRow[]): Promise<Map<string, ReportTarget>> {
  const out = new Map<string, ReportTarget>();
  const idsOf = (type: ReportRow["targetType"]) => [
    ...new Set(rows.filter((r) => r.targetType === type).map((r) => r.targetId)),
  ];
  const reviewIds = idsOf("review");
  const jobIds = idsOf("job");
  const [messageTargets, ratingTargets] = await Promise.all([
    messageReportTargets(db, idsOf("message")),
    ratingReportTargets(db, idsOf("candidate_rating")),
  ]);
  for (const t of [...messageTargets, ...ratingTargets]) out.set(`${t.type}:${t.id}`, t);
  if (reviewIds.length > 0) {
    const found = await db
      .select({
        review: reviews,
        companyName: companies.name,
        companySlug: companies.slug,
        authorUsername: author.username,
        authorEmail: author.email,
      })
      .from(reviews)
      .innerJoin(companies, eq(companies.id, reviews.companyId))
      .leftJoin(author, eq(author.id, reviews.authorId))
      .where(inArray(reviews.id, reviewIds));
    for (const r of found) {
      out.set(`review:${r.review.id}`, {
        type: "review",
        id: r.review.id,
        company: { id: r.review.companyId, name: r.companyName, slug: r.companySlug },
        rating: r.review.rating,
        title: r.review.title,
        body: r.review.body,
        status: r.review.status,
        isAnonymous: r.review.isAnonymous,
        // Admins are the one audience allowed to see who wrote an anonymous review.
        author:
          r.review.authorId && r.authorUsername && r.authorEmail
            ? { id: r.review.authorId, username: r.authorUsername, email: r.authorEmail }
            : null,
      });
    }
  }
  if (jobIds.length > 0) {
    const found = await db
      .select({
        id: jobs.id,
        title: jobs.title,
        status: jobs.status,
        companyId: jobs.companyId,
        companyName: companies.name,
        companySlug: companies.slug,
      })
      .from(jobs)
      .innerJoin(companies, eq(companies.id, jobs.companyId))
      .where(inArray(jobs.id, jobIds));
    for (const j of found) {
      out.set(`job:${j.id}`, {
        type: "job",
        id: j.id,
        title: j.title,
        status: j.status,
        company: { id: j.companyId, name: j.companyName, slug: j.companySlug },
      });
    }
  }
  return out;
}

export async function getReportView(db: Db, id: string): Promise<ReportView> {
  const row = await db
    .select({ report: reports, reporterUsername: reporter.username, reporterEmail: reporter.email })
    .from(reports)
    .leftJoin(reporter, eq(reporter.id, reports.reporterId))
    .where(eq(reports.id, id))
    .get();
  if (!row) throw notFound("Report");
  const targets = await loadTargets(db, [row.report]);
  return {
    report: row.report,
    reporter:
      row.report.reporterId && row.reporterUsername && row.reporterEmail
        ? { id: row.report.reporterId, username: row.reporterUsername, email: row.reporterEmail }
        : null,
    target: targets.get(`${row.report.targetType}:${row.report.targetId}`) ?? null,
  };
}

/**
 * Resolves an open report. `hide` also hides the target and closes the other
 * open reports about it; `dismiss` closes only this report. All in one batch
 * with the audit entry.
 */
export async function resolveReport(
  db: Db,
  auth: AuthContext,
  id: string,
  input: { action: "hide" | "dismiss"; note?: string | undefined },
): Promise<ReportView> {
  const report = await db.select().from(reports).where(eq(reports.id, id)).get();
  if (!report) throw notFound("Report");
  if (report.status !== "open") throw new ApiError(409, "report-already-resolved", "This report is already resolved.");
  const now = Date.now();
  const resolution = {
    resolution: input.action,
    resolutionNote: input.note ?? null,
    resolvedBy: auth.userId,
    resolvedAt: now,
  };
  const statements: BatchItem<"sqlite">[] = [];
  if (input.action === "hide") {
    statements.push(resolveReportsStatement(db, report, resolution, true));
    statements.push(...(await hideTarget(db, report, now)));
  } else {
    statements.push(resolveReportsStatement(db, report, resolution, false));
  }
  statements.push(
    auditInsert(
      db,
      {
        actor: auth,
        action: "report.resolve",
        targetType: "report",
        targetId: id,
        data: { action: input.action, target_type: report.targetType, target_id: report.targetId },
      },
      now,
    ),
  );
  await db.batch(statements as [BatchItem<"sqlite">, ...BatchItem<"sqlite">[]]);
  return getReportView(db, id);
}

/** Statements that hide the target; none when it no longer exists. */
async function hideTarget(db: Db, report: ReportRow, now: number): Promise<BatchItem<"sqlite">[]> {
  if (report.targetType === "review") {
    const review = await db
      .select({ companyId: reviews.companyId })
      .from(reviews)
      .where(eq(reviews.id, report.targetId))
      .get();
    if (!review) return [];
    return [
      db.update(reviews).set({ status: "hidden", hiddenAt: now }).where(eq(reviews.id, report.targetId)),
      recomputeRating(db, review.companyId),
    ];
  }
  if (report.targetType === "message") return [hideMessageStatement(db, report.targetId)];
  if (report.targetType === "candidate_rating") return [hideRatingStatement(db, report.targetId, now)];
  return archiveReportedJobStatements(db, report.targetId, now);
}
