/** Interviews (rows inserted directly) on an existing application. */
import { newId } from "../../src/lib/ids";
import { DAY } from "../../src/lib/time";
import { type InterviewRow, interviews } from "../../src/platform/db/schema";
import { db } from "./support";

/** A scheduled 30-minute phone interview tomorrow (UTC), created now. */
export async function makeInterview(
  application: { id: string; companyId: string; applicantId: string | null },
  o: Partial<InterviewRow> = {},
): Promise<InterviewRow> {
  const now = Date.now();
  const createdAt = o.createdAt ?? now;
  const row: InterviewRow = {
    id: newId(createdAt),
    applicationId: application.id,
    companyId: application.companyId,
    applicantId: application.applicantId,
    scheduledBy: null,
    startsAt: now + DAY,
    durationMinutes: 30,
    timezone: "UTC",
    kind: "phone",
    location: null,
    meetingUrl: null,
    notes: null,
    status: "scheduled",
    response: "pending",
    respondedAt: null,
    sequence: 0,
    createdAt,
    updatedAt: createdAt,
    ...o,
  };
  await db().insert(interviews).values(row);
  return row;
}
