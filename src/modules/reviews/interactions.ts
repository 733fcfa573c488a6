/**
 * What others do with a review: the company's public response (company
 * members only) and reports to the moderation queue (any signed-in user).
 */
import { and, eq } from "drizzle-orm";
import type { Db } from "../../db/client";
import { type ReportRow, reports, reviewResponses } from "../../db/schema";
import type { AuthContext } from "../../env";
import { newId } from "../../lib/ids";
import { notFound } from "../../lib/problem";
import { requireCompanyAccess } from "../companies/membership";
import { publishedReview } from "./service";

export async function upsertResponse(db: Db, auth: AuthContext, reviewId: string, body: string) {
  const review = await publishedReview(db, reviewId);
  await requireCompanyAccess(db, auth, review.companyId, { notFoundAs: "Review" });
  const now = Date.now();
  const row = await db
    .insert(reviewResponses)
    .values({ reviewId, companyId: review.companyId, responderId: auth.userId, body, createdAt: now, updatedAt: now })
    .onConflictDoUpdate({
      target: reviewResponses.reviewId,
      set: { body, responderId: auth.userId, updatedAt: now },
    })
    .returning()
    .get();
  if (!row) throw notFound("Review");
  return row;
}

export async function deleteResponse(db: Db, auth: AuthContext, reviewId: string): Promise<void> {
  const review = await publishedReview(db, reviewId);
  await requireCompanyAccess(db, auth, review.companyId, { notFoundAs: "Review" });
  const deleted = await db.delete(reviewResponses).where(eq(reviewResponses.reviewId, reviewId)).returning().get();
  if (!deleted) throw notFound("Response");
}

/**
 * Files a report. The unique (reporter, target) index makes a repeat report by
 * the same user a no-op that returns the existing report.
 */
export async function reportReview(db: Db, auth: AuthContext, reviewId: string, reason: string): Promise<ReportRow> {
  await publishedReview(db, reviewId);
  const now = Date.now();
  const inserted = await db
    .insert(reports)
    .values({
      id: newId(now),
      targetType: "review",
      targetId: reviewId,
      reporterId: auth.userId,
      reason,
      createdAt: now,
    })
    .onConflictDoNothing()
    .returning()
    .get();
  if (inserted) return inserted;
  const existing = await db
    .select()
    .from(reports)
    .where(and(eq(reports.reporterId, auth.userId), eq(reports.targetType, "review"), eq(reports.targetId, reviewId)))
    .get();
  if (!existing) throw notFound("Review");
  return existing;
}
