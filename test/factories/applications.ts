/** Applications (rows inserted directly, with their first history row). */
import { newId } from "../../src/lib/ids";
import {
  type ApplicationRow,
  type ApplicationStatus,
  applicationStatusHistory,
  applications,
  type JobRow,
} from "../../src/platform/db/schema";
import { db } from "./support";

/** An application row at `status`, with a matching first history row. */
export async function makeApplication(
  job: Pick<JobRow, "id" | "companyId">,
  applicantId: string,
  o: Partial<ApplicationRow> = {},
): Promise<ApplicationRow> {
  const now = o.createdAt ?? Date.now();
  const status: ApplicationStatus = o.status ?? "pending";
  const row: ApplicationRow = {
    id: newId(now),
    jobId: job.id,
    companyId: job.companyId,
    applicantId,
    resumeId: null,
    coverLetter: null,
    answers: [],
    status,
    rating: null,
    rejectionReason: null,
    rejectionNote: null,
    statusChangedAt: now,
    contractEndedAt: null,
    createdAt: now,
    updatedAt: now,
    ...o,
  };
  await db().insert(applications).values(row);
  await db()
    .insert(applicationStatusHistory)
    .values({
      id: newId(now),
      applicationId: row.id,
      fromStatus: null,
      toStatus: "pending",
      actorRole: "applicant",
      actorId: applicantId,
      createdAt: now,
    });
  return row;
}
