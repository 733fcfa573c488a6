/**
 * A user's reviews, votes and reports, for the GDPR export and account
 * erasure. Reviews are public content the company's rating is computed from,
 * so erasure keeps their text and anonymises them (no author, shown as
 * anonymous); helpful votes are deleted (counts recomputed); reports and
 * company replies keep existing without the person.
 */

import { asc, eq, inArray, sql } from "drizzle-orm";
import { toIso } from "../../lib/time";
import type { Db } from "../../platform/db/client";
import { companies, reports, reviewHelpfulVotes, reviewResponses, reviews } from "../../platform/db/schema";
import type { GdprSection } from "../../platform/gdpr";
import { forgetReporterStatement } from "../moderation";
import { presentSubRatings } from "./presenters";

export async function exportReviewData(db: Db, userId: string) {
  const [written, votes, filed] = await db.batch([
    db
      .select({ review: reviews, companyName: companies.name })
      .from(reviews)
      .innerJoin(companies, eq(companies.id, reviews.companyId))
      .where(eq(reviews.authorId, userId))
      .orderBy(asc(reviews.createdAt)),
    db.select().from(reviewHelpfulVotes).where(eq(reviewHelpfulVotes.userId, userId)),
    db.select().from(reports).where(eq(reports.reporterId, userId)).orderBy(asc(reports.createdAt)),
  ]);
  return {
    reviews: written.map(({ review: r, companyName }) => ({
      id: r.id,
      company: { id: r.companyId, name: companyName },
      rating: r.rating,
      title: r.title,
      body: r.body,
      pros: r.pros,
      cons: r.cons,
      ratings: presentSubRatings(r),
      is_anonymous: r.isAnonymous,
      employment_status: r.employmentStatus,
      status: r.status,
      created_at: toIso(r.createdAt),
      updated_at: toIso(r.updatedAt),
    })),
    helpful_votes: votes.map((v) => ({ review_id: v.reviewId, at: toIso(v.createdAt) })),
    reports: filed.map((r) => ({
      target_type: r.targetType,
      target_id: r.targetId,
      reason: r.reason,
      status: r.status,
      created_at: toIso(r.createdAt),
    })),
  };
}

export async function eraseReviewData(db: Db, userId: string, now = Date.now()): Promise<void> {
  const voted = await db
    .select({ reviewId: reviewHelpfulVotes.reviewId })
    .from(reviewHelpfulVotes)
    .where(eq(reviewHelpfulVotes.userId, userId));
  const ids = voted.map((v) => v.reviewId);
  const recounts = [];
  for (let i = 0; i < ids.length; i += 90) {
    recounts.push(
      db
        .update(reviews)
        .set({
          helpfulCount: sql`(SELECT count(*) FROM review_helpful_votes v WHERE v.review_id = ${reviews.id})`,
        })
        .where(inArray(reviews.id, ids.slice(i, i + 90))),
    );
  }
  await db.batch([
    db.delete(reviewHelpfulVotes).where(eq(reviewHelpfulVotes.userId, userId)),
    ...recounts,
    db.update(reviews).set({ authorId: null, isAnonymous: true, updatedAt: now }).where(eq(reviews.authorId, userId)),
    db.update(reviewResponses).set({ responderId: null }).where(eq(reviewResponses.responderId, userId)),
    forgetReporterStatement(db, userId),
  ]);
}

export const reviewsGdpr: GdprSection = {
  name: "reviews",
  export: exportReviewData,
  erase: async ({ db, userId, now }) => {
    await eraseReviewData(db, userId, now);
    return {};
  },
};
