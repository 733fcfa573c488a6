/**
 * What others do with a review: the company's public response (company
 * members only) and reports to the moderation queue (any signed-in user).
 */

import { eq, sql } from "drizzle-orm";
import { notFound } from "../../http/problem";
import type { Db } from "../../platform/db/client";
import { companies, type ReportRow, reviewResponses } from "../../platform/db/schema";
import type { AuthContext } from "../../platform/env";
import { toQueueMessages } from "../../platform/queue/enqueue";
import type { QueueMessage } from "../../platform/queue/messages";
import { flushOutbox, outboxInsertIf } from "../../platform/queue/outbox";
import { requireCompanyAccess } from "../companies";
import { fileReport } from "../moderation";
import { clip, notificationMessage } from "../notifications";
import { publishedReview } from "./service";

/**
 * Writes or replaces the company's public reply. The first reply (and a new
 * one after a deletion) notifies the review's author — also for anonymous
 * reviews: the author is the recipient, so nobody learns who wrote it. Edits
 * of an existing reply notify nobody.
 */
export async function upsertResponse(
  db: Db,
  env: Pick<Env, "EVENTS">,
  auth: AuthContext,
  reviewId: string,
  body: string,
) {
  const review = await publishedReview(db, reviewId);
  await requireCompanyAccess(db, auth, review.companyId, { notFoundAs: "Review" });
  const now = Date.now();
  const upsert = db
    .insert(reviewResponses)
    .values({ reviewId, companyId: review.companyId, responderId: auth.userId, body, createdAt: now, updatedAt: now })
    .onConflictDoUpdate({
      target: reviewResponses.reviewId,
      set: { body, responderId: auth.userId, updatedAt: now },
    })
    .returning();
  if (!review.authorId || review.authorId === auth.userId) {
    const row = (await upsert)[0];
    if (!row) throw notFound("Review");
    return row;
  }
  const company = await db
    .select({ name: companies.name, slug: companies.slug })
    .from(companies)
    .where(eq(companies.id, review.companyId))
    .get();
  const name = company?.name ?? "The company";
  const [message] = toQueueMessages(
    [
      notificationMessage({
        // createdAt: a reply deleted and written again is news again.
        id: `review_response:${reviewId}:${now}`,
        type: "review_response",
        recipients: [review.authorId],
        title: `${name} replied to your review`,
        body: clip(280)(body),
        data: {
          review_id: reviewId,
          review_title: review.title,
          company_id: review.companyId,
          company_name: name,
          response_excerpt: clip(280)(body),
        },
        action_url: `/companies/${company?.slug ?? review.companyId}/reviews#${reviewId}`,
      }),
    ],
    now,
  ) as [QueueMessage];
  // The notice is written in the same batch, only when this call created the reply (an edit notifies nobody).
  const [rows] = await db.batch([
    upsert,
    outboxInsertIf(
      db,
      message,
      now,
      sql`EXISTS (SELECT 1 FROM ${reviewResponses} WHERE ${reviewResponses.reviewId} = ${reviewId} AND ${reviewResponses.createdAt} = ${now})`,
    ),
  ]);
  const row = rows[0];
  if (!row) throw notFound("Review");
  if (row.createdAt === now) await flushOutbox(env, db, { statements: [], messages: [message] });
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
  const filed = await fileReport(db, auth.userId, { type: "review", id: reviewId }, reason, now);
  if (!filed) throw notFound("Review");
  return filed.report;
}
