import { index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { users } from "./accounts";
import { companies } from "./companies";
import { jobs } from "./jobs";
import { resumes } from "./resumes";

export const APPLICATION_STATUSES = [
  "pending",
  "reviewing",
  "shortlisted",
  "interviewing",
  "offered",
  "accepted",
  "rejected",
  "withdrawn",
] as const;

export type ApplicationStatus = (typeof APPLICATION_STATUSES)[number];

export interface ScreeningAnswer {
  question_id: string;
  answer: string | number | boolean | string[];
}

/**
 * A seeker's application to a job. `company_id` is copied from the job so
 * employer-side lists filter on one indexed column. One per seeker per job.
 */
export const applications = sqliteTable(
  "applications",
  {
    id: text().primaryKey(),
    jobId: text()
      .notNull()
      .references(() => jobs.id, { onDelete: "cascade" }),
    companyId: text()
      .notNull()
      .references(() => companies.id, { onDelete: "cascade" }),
    /** Null once the applicant's account is erased (the record is kept, anonymised). */
    applicantId: text().references(() => users.id, { onDelete: "set null" }),
    resumeId: text().references(() => resumes.id, { onDelete: "set null" }),
    coverLetter: text(),
    answers: text({ mode: "json" }).$type<ScreeningAnswer[]>().notNull().default([]),
    status: text({ enum: APPLICATION_STATUSES }).notNull().default("pending"),
    rating: integer(),
    rejectionReason: text(),
    rejectionNote: text(),
    statusChangedAt: integer().notNull(),
    /** When a contract, freelance or temporary hire ended (set by the company; ratings open then). */
    contractEndedAt: integer(),
    createdAt: integer().notNull(),
    updatedAt: integer().notNull(),
  },
  (t) => [
    uniqueIndex("applications_job_applicant_unique").on(t.jobId, t.applicantId),
    index("applications_job_status_idx").on(t.jobId, t.status, t.createdAt),
    // A job's applications newest first (`GET /jobs/{id}/applications`): walked in
    // order and stopped after the page, instead of reading and sorting all of them.
    index("applications_job_created_idx").on(t.jobId, t.createdAt, t.id),
    index("applications_company_status_idx").on(t.companyId, t.status, t.createdAt),
    index("applications_applicant_idx").on(t.applicantId, t.createdAt),
    index("applications_resume_idx").on(t.resumeId),
    // Sorting by rating (SQLite puts NULLs last in DESC order, so unrated come after rated).
    index("applications_company_rating_idx").on(t.companyId, t.rating, t.createdAt),
    index("applications_job_rating_idx").on(t.jobId, t.rating, t.createdAt),
    // Incremental sync (`updated_since`, migrations/0022_sync.sql).
    index("applications_company_updated_idx").on(t.companyId, t.updatedAt, t.id),
    index("applications_job_updated_idx").on(t.jobId, t.updatedAt, t.id),
    index("applications_applicant_updated_idx").on(t.applicantId, t.updatedAt, t.id),
    index("applications_updated_idx").on(t.updatedAt, t.id),
  ],
);

export type ApplicationRow = typeof applications.$inferSelect;

export const ACTOR_ROLES = ["applicant", "company", "admin", "system"] as const;

export type ActorRole = (typeof ACTOR_ROLES)[number];

/**
 * Every status change of an application, written in the same batch as the
 * change itself. The first row of an application (`from_status` null → `pending`)
 * is its submission, so stage timings can be computed from this table alone.
 */
export const applicationStatusHistory = sqliteTable(
  "application_status_history",
  {
    id: text().primaryKey(),
    applicationId: text()
      .notNull()
      .references(() => applications.id, { onDelete: "cascade" }),
    fromStatus: text({ enum: APPLICATION_STATUSES }),
    toStatus: text({ enum: APPLICATION_STATUSES }).notNull(),
    actorRole: text({ enum: ACTOR_ROLES }).notNull(),
    actorId: text().references(() => users.id, { onDelete: "set null" }),
    reason: text(),
    createdAt: integer().notNull(),
  },
  (t) => [
    index("application_history_app_idx").on(t.applicationId, t.createdAt),
    index("application_history_to_idx").on(t.toStatus, t.applicationId),
  ],
);

/** Internal notes by company members. Never part of an applicant-visible response. */
export const applicationNotes = sqliteTable(
  "application_notes",
  {
    id: text().primaryKey(),
    applicationId: text()
      .notNull()
      .references(() => applications.id, { onDelete: "cascade" }),
    authorId: text().references(() => users.id, { onDelete: "set null" }),
    body: text().notNull(),
    createdAt: integer().notNull(),
  },
  (t) => [index("application_notes_app_idx").on(t.applicationId, t.createdAt)],
);

/** Clicks on "apply" for jobs that take applications on an external site (`apply_url`). */
export const applyClicks = sqliteTable(
  "apply_clicks",
  {
    id: text().primaryKey(),
    jobId: text()
      .notNull()
      .references(() => jobs.id, { onDelete: "cascade" }),
    userId: text().references(() => users.id, { onDelete: "set null" }),
    createdAt: integer().notNull(),
  },
  (t) => [index("apply_clicks_job_idx").on(t.jobId, t.createdAt)],
);

export type ApplicationHistoryRow = typeof applicationStatusHistory.$inferSelect;

export type ApplicationNoteRow = typeof applicationNotes.$inferSelect;

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
    index("interviews_company_updated_idx").on(t.companyId, t.updatedAt, t.id),
    index("interviews_applicant_updated_idx").on(t.applicantId, t.updatedAt, t.id),
  ],
);

export type InterviewRow = typeof interviews.$inferSelect;
