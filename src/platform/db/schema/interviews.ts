import { index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { applications } from "./applications";
import { companies } from "./companies";
import { users } from "./users";

export const INTERVIEW_KINDS = ["video", "phone", "onsite"] as const;
export const INTERVIEW_STATUSES = ["scheduled", "cancelled"] as const;
export const INTERVIEW_RESPONSES = ["pending", "accepted", "declined"] as const;

/**
 * Interviews for an application. `company_id` and `applicant_id` are copied
 * from the application so "my interviews" lists use one index each.
 * `sequence` is the iCalendar SEQUENCE, bumped on every reschedule/cancel.
 */
export const interviews = sqliteTable(
  "interviews",
  {
    id: text().primaryKey(),
    applicationId: text()
      .notNull()
      .references(() => applications.id, { onDelete: "cascade" }),
    companyId: text()
      .notNull()
      .references(() => companies.id, { onDelete: "cascade" }),
    applicantId: text().references(() => users.id, { onDelete: "set null" }),
    scheduledBy: text().references(() => users.id, { onDelete: "set null" }),
    startsAt: integer().notNull(),
    durationMinutes: integer().notNull(),
    /** IANA zone the interview was planned in (for display; times are stored in UTC). */
    timezone: text().notNull(),
    kind: text({ enum: INTERVIEW_KINDS }).notNull(),
    location: text(),
    meetingUrl: text(),
    notes: text(),
    status: text({ enum: INTERVIEW_STATUSES }).notNull().default("scheduled"),
    response: text({ enum: INTERVIEW_RESPONSES }).notNull().default("pending"),
    respondedAt: integer(),
    sequence: integer().notNull().default(0),
    createdAt: integer().notNull(),
    updatedAt: integer().notNull(),
  },
  (t) => [
    index("interviews_application_idx").on(t.applicationId, t.startsAt),
    index("interviews_applicant_idx").on(t.applicantId, t.startsAt),
    index("interviews_company_idx").on(t.companyId, t.startsAt),
  ],
);

export type InterviewRow = typeof interviews.$inferSelect;
