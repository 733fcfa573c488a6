import { index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { companies } from "./companies";
import { jobs } from "./jobs";
import { resumes } from "./resumes";
import { users } from "./users";

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
    createdAt: integer().notNull(),
    updatedAt: integer().notNull(),
  },
  (t) => [
    uniqueIndex("applications_job_applicant_unique").on(t.jobId, t.applicantId),
    index("applications_job_status_idx").on(t.jobId, t.status, t.createdAt),
    index("applications_company_status_idx").on(t.companyId, t.status, t.createdAt),
    index("applications_applicant_idx").on(t.applicantId, t.createdAt),
    index("applications_resume_idx").on(t.resumeId),
  ],
);

export type ApplicationRow = typeof applications.$inferSelect;
