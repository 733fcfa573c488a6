import { sql } from "drizzle-orm";
import { index, integer, primaryKey, real, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { users } from "./accounts";
import { categories } from "./categories";
import { companies } from "./companies";

export const JOB_TYPES = ["full_time", "part_time", "contract", "internship", "freelance", "temporary"] as const;
/** Engagements with an end: a hire on one of these is rated when the company records the end. */
export const CONTRACT_JOB_TYPES = [
  "contract",
  "freelance",
  "temporary",
] as const satisfies readonly (typeof JOB_TYPES)[number][];

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
    /** `foldText(title)`: what the employer and applications `q` filters search. */
    titleKey: text(),
    slug: text().notNull(),
    description: text().notNull(),
    requirements: text(),
    responsibilities: text(),
    benefits: text(),
    city: text(),
    region: text(),
    country: text(),
    /** `foldText` of city/region/country (src/lib/fold.ts), what location filters compare. */
    cityKey: text(),
    regionKey: text(),
    countryKey: text(),
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
    /** When a bought featured upgrade ends (billing); null: not bought, or featured by an admin for good. */
    featuredUntil: integer(),
    applicationDeadline: integer(),
    publishAt: integer(),
    publishedAt: integer(),
    expiresAt: integer(),
    closedAt: integer(),
    /**
     * When publication was allowed (verified company's publish call, or an admin's
     * approval). A `draft` with `approved_at` and a future `publish_at` is scheduled:
     * the five-minute cron publishes it.
     */
    approvedAt: integer(),
    /** The moderator's reason when a job was sent back to draft. */
    moderationNote: text(),
    /**
     * The kind of ingestion source (`greenhouse`, `adzuna`…) a job was imported
     * from, or null for jobs posted here; all its sources are in `job_sources`.
     */
    importSource: text(),
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
    index("jobs_status_deadline_idx").on(t.status, t.applicationDeadline),
    // Search filters and sorts (src/modules/jobs/search.ts); each one has an index.
    index("jobs_status_type_idx").on(t.status, t.jobType, t.publishedAt),
    index("jobs_status_level_idx").on(t.status, t.experienceLevel, t.publishedAt),
    index("jobs_status_remote_idx").on(t.status, t.isRemote, t.publishedAt),
    index("jobs_status_featured_idx").on(t.status, t.isFeatured, t.publishedAt),
    // The featured-expiry cron (billing) finds ended upgrades by this.
    index("jobs_featured_until_idx").on(t.featuredUntil).where(sql`${t.featuredUntil} IS NOT NULL`),
    index("jobs_status_currency_idx").on(t.status, t.salaryCurrency, t.publishedAt),
    index("jobs_geo_idx").on(t.status, t.lat, t.lng),
    // Location filters compare folded keys (src/lib/fold.ts), one index per column.
    index("jobs_city_key_idx").on(t.status, t.cityKey),
    index("jobs_region_key_idx").on(t.status, t.regionKey),
    index("jobs_country_key_idx").on(t.status, t.countryKey),
    // Rows whose keys the fold-keys cron still has to compute (src/platform/db/fold-keys.ts).
    index("jobs_unfolded_idx")
      .on(t.id)
      .where(
        sql`(${t.city} IS NOT NULL AND ${t.cityKey} IS NULL) OR (${t.region} IS NOT NULL AND ${t.regionKey} IS NULL) OR (${t.country} IS NOT NULL AND ${t.countryKey} IS NULL)`,
      ),
    // Rows whose title key the fold-keys cron still has to compute.
    index("jobs_untitled_key_idx").on(t.id).where(sql`${t.titleKey} IS NULL`),
    // The salary sort-key indexes are expression indexes drizzle-kit cannot write
    // correctly; they live in the hand-written search migration (see search-sql.ts).
    // The admin moderation queue: oldest first within a status (ids are UUIDv7).
    index("jobs_status_id_idx").on(t.status, t.id),
    index("jobs_company_created_idx").on(t.companyId, t.createdAt, t.id),
    // Incremental sync (`updated_since`, migrations/0022_sync.sql).
    index("jobs_company_updated_idx").on(t.companyId, t.updatedAt, t.id),
    index("jobs_updated_idx").on(t.updatedAt, t.id),
    // The `source` search filter (imported jobs only).
    index("jobs_status_import_source_idx")
      .on(t.status, t.importSource, t.publishedAt)
      .where(sql`${t.importSource} IS NOT NULL`),
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

/**
 * One row per (job, UTC day, viewer hash): the dedupe key for view counting,
 * written by the queue consumer (never on the request path). A trigger rolls
 * each new row into `job_view_daily` and `jobs.view_count`. Old days are pruned daily.
 */
export const jobViews = sqliteTable(
  "job_views",
  {
    jobId: text().notNull(),
    day: integer().notNull(),
    viewer: text().notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.jobId, t.day, t.viewer] }),
    index("job_views_day_idx").on(t.day),
    index("job_views_viewer_idx").on(t.viewer, t.day),
  ],
);

/** Unique views per job per UTC day (day = epoch days), for analytics and trending. */
export const jobViewDaily = sqliteTable(
  "job_view_daily",
  {
    jobId: text()
      .notNull()
      .references(() => jobs.id, { onDelete: "cascade" }),
    day: integer().notNull(),
    views: integer().notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.jobId, t.day] }), index("job_view_daily_day_idx").on(t.day)],
);

/**
 * The latest trending ranking, written whole by the hourly `jobs.trending` task
 * (which aggregates `job_view_daily`). The request path reads its first rows by
 * primary key, so a cold `GET /jobs/trending` costs ≤ 50 rows whatever the size of
 * the table or the traffic; KV (`jobs.trending`) keeps the same snapshot nearer.
 */
export const trendingJobs = sqliteTable("trending_jobs", {
  position: integer().primaryKey(),
  jobId: text()
    .notNull()
    .references(() => jobs.id, { onDelete: "cascade" }),
  score: real().notNull(),
  computedAt: integer().notNull(),
});

/**
 * Co-engagement between jobs (both directions; at most 50 strongest neighbours per job):
 * seekers who applied to, saved or viewed `job_id` also engaged with `other_id`.
 * Maintained by the `jobs.learn-neighbors` cron task (recommend-learn.ts).
 */
export const jobNeighbors = sqliteTable(
  "job_neighbors",
  {
    jobId: text()
      .notNull()
      .references(() => jobs.id, { onDelete: "cascade" }),
    otherId: text()
      .notNull()
      .references(() => jobs.id, { onDelete: "cascade" }),
    weight: real().notNull(),
  },
  (t) => [primaryKey({ columns: [t.jobId, t.otherId] }), index("job_neighbors_other_idx").on(t.otherId)],
);

/** The last rowid of each source table (`applications`, `saved_jobs`, `job_views`) already counted into job_neighbors. */
export const recommendationWatermarks = sqliteTable("recommendation_watermarks", {
  source: text().primaryKey(),
  lastRowid: integer().notNull(),
});

export const RECOMMENDATION_EVENT_KINDS = ["impression", "click", "dismiss"] as const;

/** Feedback on recommended jobs: one impression per (user, job, day), clicks and "not interested". */
export const recommendationEvents = sqliteTable(
  "recommendation_events",
  {
    userId: text()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    jobId: text()
      .notNull()
      .references(() => jobs.id, { onDelete: "cascade" }),
    kind: text({ enum: RECOMMENDATION_EVENT_KINDS }).notNull(),
    /** The A/B variant that produced the recommendation (see recommend-variants.ts). */
    variant: text().notNull(),
    day: integer().notNull(),
    createdAt: integer().notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.userId, t.kind, t.jobId, t.day] }),
    index("recommendation_events_variant_idx").on(t.variant, t.createdAt),
    index("recommendation_events_job_idx").on(t.jobId),
  ],
);
