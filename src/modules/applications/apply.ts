/**
 * Submitting an application. The order of checks is deliberate: job exists →
 * job open → external apply URL → answers → resume → one atomic batch
 * (application + first history row + the job's application_count), where the
 * `(job_id, applicant_id)` unique index is what finally guarantees "one per
 * seeker per job", also for two submissions racing each other.
 */

import { and, eq } from "drizzle-orm";
import { isUniqueViolation } from "../../http/db-errors";
import { ApiError, badRequest, notFound } from "../../http/problem";
import { newId } from "../../lib/ids";
import type { Db } from "../../platform/db/client";
import {
  type ApplicationRow,
  applicationStatusHistory,
  applications,
  applyClicks,
  type JobRow,
  jobs,
  type ResumeRow,
  resumes,
  type ScreeningAnswer,
} from "../../platform/db/schema";
import { flushOutbox, outboxWrite } from "../../platform/queue/outbox";
import { countApplicationStatement } from "../jobs";
import { discardUploadedResume } from "../resumes";
import { createResumeFromUpload } from "./resume-upload";
import { validateAnswers } from "./screening";

export interface ApplyInput {
  resumeId?: string | null;
  resumeFile?: File | null;
  coverLetter?: string | null;
  answers: ScreeningAnswer[];
}

export type ApplyResult = { kind: "created"; application: ApplicationRow } | { kind: "external"; applyUrl: string };

type OpenCheckJob = Pick<JobRow, "status" | "expiresAt" | "applicationDeadline">;

/** Throws the `409` that says why a job does not take applications, if it does not. */
export function assertJobOpen(job: OpenCheckJob, now: number): void {
  if (job.status === "expired" || (job.status === "published" && job.expiresAt !== null && job.expiresAt <= now)) {
    throw new ApiError(409, "job-expired", "This job has expired and no longer takes applications.");
  }
  if (job.status !== "published") {
    throw new ApiError(409, "job-not-open", "This job is not open for applications.");
  }
  if (job.applicationDeadline !== null && job.applicationDeadline < now) {
    throw new ApiError(409, "deadline-passed", "The application deadline for this job has passed.");
  }
}

const alreadyApplied = () => new ApiError(409, "already-applied", "You have already applied to this job.");

export async function applyToJob(
  db: Db,
  env: Pick<Env, "EVENTS" | "FILES">,
  applicantId: string,
  jobId: string,
  input: ApplyInput,
): Promise<ApplyResult> {
  const now = Date.now();
  const job = await db.select().from(jobs).where(eq(jobs.id, jobId)).get();
  if (!job) throw notFound("Job");
  assertJobOpen(job, now);

  if (job.applyUrl) {
    // The application happens on the employer's site; we only count the click.
    await db.insert(applyClicks).values({ id: newId(now), jobId, userId: applicantId, createdAt: now });
    return { kind: "external", applyUrl: job.applyUrl };
  }

  const answers = validateAnswers(job.screeningQuestions ?? [], input.answers);

  // Cheap early answer for the common duplicate, before any file is stored.
  const existing = await db
    .select({ id: applications.id })
    .from(applications)
    .where(and(eq(applications.jobId, jobId), eq(applications.applicantId, applicantId)))
    .get();
  if (existing) throw alreadyApplied();

  let uploaded: ResumeRow | null = null;
  let resumeId: string | null = null;
  if (input.resumeFile) {
    uploaded = await createResumeFromUpload(db, env, applicantId, input.resumeFile);
    resumeId = uploaded.id;
  } else if (input.resumeId) {
    const own = await db
      .select({ id: resumes.id })
      .from(resumes)
      .where(and(eq(resumes.id, input.resumeId), eq(resumes.userId, applicantId)))
      .get();
    // Same message for "no such resume" and "someone else's resume".
    if (!own) throw badRequest("The resume does not exist.", [{ path: "resume_id", message: "Resume not found." }]);
    resumeId = own.id;
  } else {
    const primary = await db
      .select({ id: resumes.id })
      .from(resumes)
      .where(and(eq(resumes.userId, applicantId), eq(resumes.isPrimary, true)))
      .get();
    resumeId = primary?.id ?? null;
  }

  const application: ApplicationRow = {
    id: newId(now),
    jobId,
    companyId: job.companyId,
    applicantId,
    resumeId,
    coverLetter: input.coverLetter?.trim() || null,
    answers,
    status: "pending",
    rating: null,
    rejectionReason: null,
    rejectionNote: null,
    statusChangedAt: now,
    contractEndedAt: null,
    createdAt: now,
    updatedAt: now,
  };
  const out = outboxWrite(db, [{ type: "application.submitted", application_id: application.id }], now);
  try {
    await db.batch([
      db.insert(applications).values(application),
      db.insert(applicationStatusHistory).values({
        id: newId(now),
        applicationId: application.id,
        fromStatus: null,
        toStatus: "pending",
        actorRole: "applicant",
        actorId: applicantId,
        reason: null,
        createdAt: now,
      }),
      countApplicationStatement(db, jobId),
      ...out.statements,
    ]);
  } catch (err) {
    if (uploaded) await discardUploadedResume(db, env.FILES, uploaded);
    if (isUniqueViolation(err)) throw alreadyApplied();
    throw err;
  }
  await flushOutbox(env, db, out);
  return { kind: "created", application };
}
