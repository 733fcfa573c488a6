/** A seeker's bookmarks, for the GDPR export and account erasure. */

import { asc, eq } from "drizzle-orm";
import { toIso } from "../../lib/time";
import type { Db } from "../../platform/db/client";
import { companies, jobs, savedJobs } from "../../platform/db/schema";
import type { GdprSection } from "../../platform/gdpr";

export async function exportSavedJobs(db: Db, userId: string) {
  const rows = await db
    .select({ jobId: savedJobs.jobId, savedAt: savedJobs.createdAt, title: jobs.title, company: companies.name })
    .from(savedJobs)
    .innerJoin(jobs, eq(jobs.id, savedJobs.jobId))
    .innerJoin(companies, eq(companies.id, jobs.companyId))
    .where(eq(savedJobs.userId, userId))
    .orderBy(asc(savedJobs.createdAt));
  return {
    saved_jobs: rows.map((r) => ({
      job_id: r.jobId,
      job_title: r.title,
      company_name: r.company,
      saved_at: toIso(r.savedAt),
    })),
  };
}

/** Bookmarks are nobody else's business: they are deleted. */
export async function eraseSavedJobs(db: Db, userId: string): Promise<void> {
  await db.delete(savedJobs).where(eq(savedJobs.userId, userId));
}

export const savedJobsGdpr: GdprSection = {
  name: "saved_jobs",
  export: exportSavedJobs,
  erase: async ({ db, userId }) => {
    await eraseSavedJobs(db, userId);
    return {};
  },
};
