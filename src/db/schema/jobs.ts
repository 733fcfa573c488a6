import { index, integer, primaryKey, real, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { categories, companies } from "./companies";
import { users } from "./users";

export const JOB_TYPES = ["full_time", "part_time", "contract", "internship", "freelance", "temporary"] as const;
export const EXPERIENCE_LEVELS = ["entry", "mid", "senior", "lead", "executive"] as const;
export const SALARY_PERIODS = ["hour", "day", "week", "month", "year"] as const;
export const JOB_STATUSES = ["draft", "pending_review", "published", "closed", "expired", "archived"] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];

export interface ScreeningQuestion {
  id: string;
  question: string;
  type: "text" | "yes_no" | "single_choice" | "multi_choice" | "number";
  options?: string[];
  required: boolean;
}

export interface JobSkill {
  name: string;
  required: boolean;
}

/**
 * Job postings. Salaries are also stored normalised to a yearly amount
 * (`salary_*_yearly`) so filters and sorts compare like with like.
 */
export const jobs = sqliteTable(
  "jobs",
  {
    id: text().primaryKey(),
    companyId: text()
      .notNull()
      .references(() => companies.id, { onDelete: "cascade" }),
    categoryId: text().references(() => categories.id, { onDelete: "set null" }),
    postedBy: text().references(() => users.id, { onDelete: "set null" }),
    title: text().notNull(),
    slug: text().notNull(),
    description: text().notNull(),
    requirements: text(),
    responsibilities: text(),
    benefits: text(),
    city: text(),
    region: text(),
    country: text(),
    lat: real(),
    lng: real(),
    isRemote: integer({ mode: "boolean" }).notNull().default(false),
    jobType: text({ enum: JOB_TYPES }).notNull(),
    experienceLevel: text({ enum: EXPERIENCE_LEVELS }).notNull(),
    salaryMin: integer(),
    salaryMax: integer(),
    salaryCurrency: text(),
    salaryPeriod: text({ enum: SALARY_PERIODS }),
    salaryMinYearly: integer(),
    salaryMaxYearly: integer(),
    skills: text({ mode: "json" }).$type<JobSkill[]>().notNull().default([]),
    screeningQuestions: text({ mode: "json" }).$type<ScreeningQuestion[]>().notNull().default([]),
    applyUrl: text(),
    status: text({ enum: JOB_STATUSES }).notNull().default("draft"),
    isFeatured: integer({ mode: "boolean" }).notNull().default(false),
    applicationDeadline: integer(),
    publishAt: integer(),
    publishedAt: integer(),
    expiresAt: integer(),
    closedAt: integer(),
    viewCount: integer().notNull().default(0),
    applicationCount: integer().notNull().default(0),
    createdAt: integer().notNull(),
    updatedAt: integer().notNull(),
  },
  (t) => [
    index("jobs_status_published_idx").on(t.status, t.publishedAt, t.id),
    index("jobs_company_status_idx").on(t.companyId, t.status, t.publishedAt),
    index("jobs_category_status_idx").on(t.categoryId, t.status, t.publishedAt),
    index("jobs_status_publish_at_idx").on(t.status, t.publishAt),
    index("jobs_status_expires_idx").on(t.status, t.expiresAt),
  ],
);

/** One row per (job, skill slug): the index behind "has all of these skills". */
export const jobSkills = sqliteTable(
  "job_skills",
  {
    jobId: text()
      .notNull()
      .references(() => jobs.id, { onDelete: "cascade" }),
    skill: text().notNull(),
    required: integer({ mode: "boolean" }).notNull().default(true),
  },
  (t) => [primaryKey({ columns: [t.jobId, t.skill] }), index("job_skills_skill_idx").on(t.skill, t.jobId)],
);

export type JobRow = typeof jobs.$inferSelect;
