import { index, integer, primaryKey, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { users } from "./accounts";
import { SALARY_PERIODS } from "./jobs";

/** See `JsonResumeExtra` in src/modules/profiles/json-resume-merge.ts: kept opaque here. */
export type JsonResumeExtra = {
  version: 1;
  doc: Record<string, unknown>;
  base: Record<string, unknown>;
  ids: Record<string, string[]>;
};

export const PROFILE_VISIBILITIES = ["public", "employers", "private"] as const;

export type ProfileVisibility = (typeof PROFILE_VISIBILITIES)[number];

export const SKILL_LEVELS = ["beginner", "intermediate", "advanced", "expert"] as const;

export type SkillLevel = (typeof SKILL_LEVELS)[number];

/**
 * A job seeker's profile, one row per seeker, created lazily on the first
 * write (a seeker without a row has an empty profile with default settings).
 * Email and phone are private unless `show_email`/`show_phone` are set.
 */
export const seekerProfiles = sqliteTable(
  "seeker_profiles",
  {
    userId: text()
      .primaryKey()
      .references(() => users.id, { onDelete: "cascade" }),
    headline: text(),
    bio: text(),
    location: text(),
    phone: text(),
    website: text(),
    linkedinUrl: text(),
    githubUrl: text(),
    yearsExperience: integer(),
    desiredJobTypes: text({ mode: "json" }).$type<string[]>().notNull().default([]),
    desiredLocations: text({ mode: "json" }).$type<string[]>().notNull().default([]),
    openToRemote: integer({ mode: "boolean" }).notNull().default(false),
    /** Will not work on site: recommendations leave on-site jobs out (open_to_remote only welcomes remote). */
    remoteOnly: integer({ mode: "boolean" }).notNull().default(false),
    salaryMin: integer(),
    salaryMax: integer(),
    salaryCurrency: text(),
    salaryPeriod: text({ enum: SALARY_PERIODS }),
    isAvailable: integer({ mode: "boolean" }).notNull().default(true),
    visibility: text({ enum: PROFILE_VISIBILITIES }).notNull().default("employers"),
    showEmail: integer({ mode: "boolean" }).notNull().default(false),
    showPhone: integer({ mode: "boolean" }).notNull().default(false),
    /** Content-addressed R2 key (`images/avatars/{sha256}.{ext}`), shared by identical uploads. */
    avatarKey: text(),
    /**
     * What the last JSON Resume import held beyond the mapped columns, merged back on export
     * (src/modules/profiles/json-resume-merge.ts). Null until the first import.
     */
    jsonResumeExtra: text({ mode: "json" }).$type<JsonResumeExtra>(),
    createdAt: integer().notNull(),
    updatedAt: integer().notNull(),
  },
  // The orphan-file check looks avatars up by key.
  (t) => [index("seeker_profiles_avatar_idx").on(t.avatarKey)],
);

/** An employer's (or admin's) own profile: the person, not the company. */
export const employerProfiles = sqliteTable(
  "employer_profiles",
  {
    userId: text()
      .primaryKey()
      .references(() => users.id, { onDelete: "cascade" }),
    positionTitle: text(),
    phone: text(),
    linkedinUrl: text(),
    showEmail: integer({ mode: "boolean" }).notNull().default(false),
    showPhone: integer({ mode: "boolean" }).notNull().default(false),
    avatarKey: text(),
    createdAt: integer().notNull(),
    updatedAt: integer().notNull(),
  },
  (t) => [index("employer_profiles_avatar_idx").on(t.avatarKey)],
);

/**
 * Dates in the sections below are ISO 8601 calendar dates with optional
 * precision (`2021`, `2021-04`, `2021-04-15`), as in JSON Resume, stored as
 * given; ordering compares them as strings, which is correct for this format.
 */
export const experience = sqliteTable(
  "experience",
  {
    id: text().primaryKey(),
    userId: text()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    companyName: text().notNull(),
    title: text().notNull(),
    location: text(),
    startDate: text().notNull(),
    endDate: text(),
    isCurrent: integer({ mode: "boolean" }).notNull().default(false),
    description: text(),
    createdAt: integer().notNull(),
    updatedAt: integer().notNull(),
  },
  (t) => [index("experience_user_idx").on(t.userId, t.startDate)],
);

export const education = sqliteTable(
  "education",
  {
    id: text().primaryKey(),
    userId: text()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    institution: text().notNull(),
    degree: text().notNull(),
    fieldOfStudy: text(),
    startDate: text().notNull(),
    endDate: text(),
    grade: text(),
    createdAt: integer().notNull(),
    updatedAt: integer().notNull(),
  },
  (t) => [index("education_user_idx").on(t.userId, t.startDate)],
);

export const certifications = sqliteTable(
  "certifications",
  {
    id: text().primaryKey(),
    userId: text()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    name: text().notNull(),
    issuer: text().notNull(),
    issuedOn: text().notNull(),
    expiresOn: text(),
    credentialUrl: text(),
    createdAt: integer().notNull(),
    updatedAt: integer().notNull(),
  },
  (t) => [index("certifications_user_idx").on(t.userId, t.issuedOn)],
);

export const portfolioItems = sqliteTable(
  "portfolio_items",
  {
    id: text().primaryKey(),
    userId: text()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    title: text().notNull(),
    description: text(),
    url: text(),
    technologies: text({ mode: "json" }).$type<string[]>().notNull().default([]),
    createdAt: integer().notNull(),
    updatedAt: integer().notNull(),
  },
  (t) => [index("portfolio_items_user_idx").on(t.userId, t.createdAt)],
);

/**
 * A seeker's skills. `slug` is the taxonomy slug when the name matched the
 * taxonomy (name or alias), otherwise the lower-cased name as typed; `skill_id`
 * says which. The `slug` index counts usage for autocomplete ranking.
 */
export const profileSkills = sqliteTable(
  "profile_skills",
  {
    userId: text()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    slug: text().notNull(),
    skillId: text(),
    name: text().notNull(),
    level: text({ enum: SKILL_LEVELS }),
    years: integer(),
    position: integer().notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.userId, t.slug] }), index("profile_skills_slug_idx").on(t.slug)],
);

export type SeekerProfileRow = typeof seekerProfiles.$inferSelect;

export type EmployerProfileRow = typeof employerProfiles.$inferSelect;

export type ExperienceRow = typeof experience.$inferSelect;

export type EducationRow = typeof education.$inferSelect;

export type CertificationRow = typeof certifications.$inferSelect;

export type PortfolioItemRow = typeof portfolioItems.$inferSelect;

export type ProfileSkillRow = typeof profileSkills.$inferSelect;
