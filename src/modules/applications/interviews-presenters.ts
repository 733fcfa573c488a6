import { MINUTE, toIso, toIsoOrNull } from "../../lib/time";
import type { InterviewRow } from "../../platform/db/schema";

/** Wall-clock start in the interview's own zone, `YYYY-MM-DDTHH:mm`, for display. */
export function localDateTime(ms: number, timeZone: string): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat("en-CA", {
      timeZone,
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      hourCycle: "h23",
    })
      .formatToParts(new Date(ms))
      .map((p) => [p.type, p.value]),
  );
  return `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}`;
}

export interface InterviewContext {
  job?: { id: string; title: string } | null;
  company?: { id: string; name: string } | null;
}

export function presentInterview(row: InterviewRow, ctx: InterviewContext = {}) {
  return {
    id: row.id,
    application_id: row.applicationId,
    ...(ctx.job !== undefined ? { job: ctx.job } : {}),
    ...(ctx.company !== undefined ? { company: ctx.company } : {}),
    starts_at: toIso(row.startsAt),
    ends_at: toIso(row.startsAt + row.durationMinutes * MINUTE),
    starts_at_local: localDateTime(row.startsAt, row.timezone),
    duration_minutes: row.durationMinutes,
    timezone: row.timezone,
    kind: row.kind,
    location: row.location,
    meeting_url: row.meetingUrl,
    notes: row.notes,
    status: row.status,
    response: row.response,
    responded_at: toIsoOrNull(row.respondedAt),
    ics_url: `/api/v1/interviews/${row.id}/ics`,
    created_at: toIso(row.createdAt),
    updated_at: toIso(row.updatedAt),
  };
}

export type InterviewDto = ReturnType<typeof presentInterview>;
