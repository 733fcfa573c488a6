import { z } from "@hono/zod-openapi";
import { pageQuery } from "../../http/pagination";
import { INTERVIEW_KINDS } from "../../platform/db/schema";
import { SyncPage, updatedSinceQuery } from "../sync";

/** True for IANA zone names the runtime knows (`Europe/Berlin`, `UTC`). */
export function isValidTimeZone(tz: string): boolean {
  if (!tz || tz.length > 64) return false;
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

const TimeZone = z
  .string()
  .refine(isValidTimeZone, "Not an IANA time zone name.")
  .openapi({ example: "Europe/Berlin" });
const StartsAt = z.iso
  .datetime({ offset: true })
  .openapi({ example: "2026-12-01T09:30:00.000Z", description: "ISO 8601; must be in the future" });
const Duration = z.number().int().min(15).max(480).openapi({ example: 45 });
const MeetingUrl = z
  .url({ protocol: /^https?$/ })
  .max(2000)
  .openapi({ example: "https://meet.example.com/abc-defg" });

export const InterviewSchema = z
  .object({
    id: z.string(),
    application_id: z.string(),
    job: z.object({ id: z.string(), title: z.string() }).nullable().optional(),
    company: z.object({ id: z.string(), name: z.string() }).nullable().optional(),
    starts_at: z.string(),
    ends_at: z.string(),
    starts_at_local: z.string().openapi({ description: "Wall-clock start in `timezone`", example: "2026-12-01T10:30" }),
    duration_minutes: z.number().int(),
    timezone: z.string(),
    kind: z.enum(INTERVIEW_KINDS),
    location: z.string().nullable(),
    meeting_url: z.string().nullable(),
    notes: z.string().nullable().openapi({ description: "Shown to the applicant too" }),
    status: z.enum(["scheduled", "cancelled"]),
    response: z.enum(["pending", "accepted", "declined"]),
    responded_at: z.string().nullable(),
    ics_url: z.string(),
    created_at: z.string(),
    updated_at: z.string(),
  })
  .openapi("Interview");

export const ScheduleBody = z
  .object({
    starts_at: StartsAt,
    duration_minutes: Duration,
    timezone: TimeZone,
    kind: z.enum(INTERVIEW_KINDS),
    location: z.string().trim().min(1).max(500).optional(),
    meeting_url: MeetingUrl.optional(),
    notes: z.string().max(5000).optional(),
  })
  .strict()
  .openapi("ScheduleInterview");

export const PatchInterviewBody = z
  .object({
    starts_at: StartsAt.optional(),
    duration_minutes: Duration.optional(),
    timezone: TimeZone.optional(),
    kind: z.enum(INTERVIEW_KINDS).optional(),
    location: z.string().trim().min(1).max(500).nullable().optional(),
    meeting_url: MeetingUrl.nullable().optional(),
    notes: z.string().max(5000).nullable().optional(),
    status: z.literal("cancelled").optional(),
  })
  .strict()
  .refine((b) => Object.keys(b).length > 0, "Nothing to change.")
  .openapi("UpdateInterview");

export const RespondBody = z
  .object({ response: z.enum(["accept", "decline"]) })
  .strict()
  .openapi("InterviewResponse");

export const InterviewList = SyncPage(InterviewSchema).openapi("InterviewList");

export const InterviewListQuery = z.object({
  scope: z.enum(["all", "upcoming", "past"]).default("all").openapi({ description: "Upcoming first, then past" }),
  ...pageQuery({ cursorMax: 500 }),
  ...updatedSinceQuery,
});
