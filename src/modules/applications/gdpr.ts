/**
 * Erasure of an applicant's personal data. The company legitimately keeps the
 * record that an application existed (its pipeline, notes, rating and
 * analytics), so applications are anonymised, not deleted: the link to the
 * person (`applicant_id`), what they wrote (cover letter, screening answers)
 * and the resume reference go; status, history and the company's own notes
 * stay. Idempotent: a second run finds nothing linked to the user.
 */

import { and, eq, inArray } from "drizzle-orm";
import type { Db } from "../../platform/db/client";
import { applicationStatusHistory, applications, applyClicks, interviews } from "../../platform/db/schema";
import type { GdprSection } from "../../platform/gdpr";
import { exportApplicantData } from "./export";

export async function eraseApplicantData(db: Db, userId: string, now = Date.now()): Promise<{ applications: number }> {
  const mine = db.select({ id: applications.id }).from(applications).where(eq(applications.applicantId, userId));
  const results = await db.batch([
    // The applicant's own actions (withdrawals) keep their role, not their id (before the link goes).
    db
      .update(applicationStatusHistory)
      .set({ actorId: null })
      .where(and(inArray(applicationStatusHistory.applicationId, mine), eq(applicationStatusHistory.actorId, userId))),
    db.update(interviews).set({ applicantId: null, updatedAt: now }).where(eq(interviews.applicantId, userId)),
    db.update(applyClicks).set({ userId: null }).where(eq(applyClicks.userId, userId)),
    db
      .update(applications)
      .set({ applicantId: null, coverLetter: null, answers: [], resumeId: null, updatedAt: now })
      .where(eq(applications.applicantId, userId))
      .returning({ id: applications.id }),
  ]);
  return { applications: results[3].length };
}

/** Applications and interviews as the applicant; erasure anonymises (the employer keeps the record). */
export const applicationsGdpr: GdprSection = {
  name: "applications",
  export: exportApplicantData,
  erase: async ({ db, userId, now }) => {
    await eraseApplicantData(db, userId, now);
    return {};
  },
};
