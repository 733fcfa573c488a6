/**
 * Candidate ratings in the GDPR export and account erasure. Ratings about an
 * erased candidate are deleted (they only ever described that person); ratings
 * the user wrote for a company stay with the company, without their author.
 */
import { asc, eq, or } from "drizzle-orm";
import { toIso, toIsoOrNull } from "../../lib/time";
import type { Db } from "../../platform/db/client";
import { candidateRatingSettings, candidateRatings } from "../../platform/db/schema";
import type { GdprSection } from "../../platform/gdpr";

export async function exportRatings(db: Db, userId: string) {
  const [rows, settings] = await db.batch([
    db
      .select()
      .from(candidateRatings)
      .where(or(eq(candidateRatings.candidateId, userId), eq(candidateRatings.authorId, userId)))
      .orderBy(asc(candidateRatings.createdAt)),
    db.select().from(candidateRatingSettings).where(eq(candidateRatingSettings.userId, userId)),
  ]);
  return {
    show_on_profile: settings[0]?.showOnProfile ?? false,
    ratings: rows.map((r) => ({
      id: r.id,
      application_id: r.applicationId,
      about_you: r.candidateId === userId,
      written_by_you: r.authorId === userId,
      rating: r.rating,
      body: r.body,
      response: r.responseBody,
      responded_at: toIsoOrNull(r.responseAt),
      status: r.status,
      created_at: toIso(r.createdAt),
    })),
  };
}

export async function eraseRatings(db: Db, userId: string): Promise<void> {
  await db.batch([
    db.delete(candidateRatings).where(eq(candidateRatings.candidateId, userId)),
    db.update(candidateRatings).set({ authorId: null }).where(eq(candidateRatings.authorId, userId)),
    db.delete(candidateRatingSettings).where(eq(candidateRatingSettings.userId, userId)),
  ]);
}

export const ratingsGdpr: GdprSection = {
  name: "candidate_ratings",
  export: exportRatings,
  erase: async ({ db, userId }) => {
    await eraseRatings(db, userId);
    return {};
  },
};
