/**
 * The end of a contract hire. Hires on contract, freelance and temporary jobs
 * are engagements with an end; the company records it (once), and that is when
 * the company may rate the candidate — the work is what gets rated, as on the
 * freelance marketplaces our users come from.
 */
import { and, eq, isNull } from "drizzle-orm";
import { nextVersion } from "../../http/etag";
import { ApiError } from "../../http/problem";
import type { Db } from "../../platform/db/client";
import { type ApplicationRow, applications, CONTRACT_JOB_TYPES, jobs } from "../../platform/db/schema";

export async function endContract(db: Db, app: ApplicationRow, endedAt: number | undefined, now = Date.now()) {
  if (app.status !== "accepted") {
    throw new ApiError(409, "not-hired", "Only a hire's contract can end: the application is not accepted.");
  }
  const job = await db.select({ jobType: jobs.jobType }).from(jobs).where(eq(jobs.id, app.jobId)).get();
  if (!job || !(CONTRACT_JOB_TYPES as readonly string[]).includes(job.jobType)) {
    throw new ApiError(
      409,
      "not-a-contract",
      `Only hires on ${CONTRACT_JOB_TYPES.join(", ")} jobs have a contract that ends; this job is ${job?.jobType ?? "gone"}.`,
    );
  }
  const at = endedAt ?? now;
  if (at > now) throw new ApiError(400, "contract-end-in-future", "`ended_at` cannot be in the future.");
  if (at < app.statusChangedAt) {
    throw new ApiError(400, "contract-end-before-hire", "`ended_at` cannot be before the hire.");
  }
  // Conditional on "not ended yet", so two concurrent calls record one end.
  const updated = await db
    .update(applications)
    .set({ contractEndedAt: at, updatedAt: nextVersion(applications.updatedAt, now) })
    .where(and(eq(applications.id, app.id), eq(applications.status, "accepted"), isNull(applications.contractEndedAt)))
    .returning({ id: applications.id });
  if (updated.length !== 1) throw new ApiError(409, "contract-already-ended", "This contract has already ended.");
}
