import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { users } from "./accounts";
import { companies } from "./companies";

export const REVIEW_STATUSES = ["published", "hidden"] as const;

export const EMPLOYMENT_STATUSES = ["current", "former"] as const;

/**
 * Seekers' reviews of companies. Only `published` rows count towards the
 * company's rating; moderators hide rows instead of deleting them so the
 * report history stays explainable. `helpful_count` is recomputed from
 * `review_helpful_votes` in the same batch as each vote.
 */
export const reviews = sqliteTable(
  "reviews",
  {
    id: text().primaryKey(),
    companyId: text()
      .notNull()
      .references(() => companies.id, { onDelete: "cascade" }),
    authorId: text().references(() => users.id, { onDelete: "set null" }),
    rating: integer().notNull(),
    title: text().notNull(),
    body: text().notNull(),
    pros: text(),
    cons: text(),
    ratingCulture: integer(),
    ratingWorkLifeBalance: integer(),
    ratingCompensation: integer(),
    ratingManagement: integer(),
    ratingCareerGrowth: integer(),
    isAnonymous: integer({ mode: "boolean" }).notNull().default(false),
    employmentStatus: text({ enum: EMPLOYMENT_STATUSES }).notNull(),
    status: text({ enum: REVIEW_STATUSES }).notNull().default("published"),
    helpfulCount: integer().notNull().default(0),
    hiddenAt: integer(),
    createdAt: integer().notNull(),
    updatedAt: integer().notNull(),
  },
  (t) => [
    // One review per seeker per company: the constraint is the rule (`409`).
    uniqueIndex("reviews_company_author_unique").on(t.companyId, t.authorId),
    index("reviews_company_recent_idx").on(t.companyId, t.status, t.createdAt, t.id),
    index("reviews_company_helpful_idx").on(t.companyId, t.status, t.helpfulCount, t.id),
    index("reviews_company_rating_idx").on(t.companyId, t.status, t.rating, t.id),
    index("reviews_author_idx").on(t.authorId),
  ],
);

/** One "helpful" vote per user per review; the primary key makes voting idempotent. */
export const reviewHelpfulVotes = sqliteTable(
  "review_helpful_votes",
  {
    reviewId: text()
      .notNull()
      .references(() => reviews.id, { onDelete: "cascade" }),
    userId: text()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    createdAt: integer().notNull(),
  },
  (t) => [primaryKey({ columns: [t.reviewId, t.userId] }), index("review_helpful_votes_user_idx").on(t.userId)],
);

/** The company's public reply to a review (at most one, editable by any member). */
export const reviewResponses = sqliteTable("review_responses", {
  reviewId: text()
    .primaryKey()
    .references(() => reviews.id, { onDelete: "cascade" }),
  companyId: text()
    .notNull()
    .references(() => companies.id, { onDelete: "cascade" }),
  /** The member who wrote it (internal; the reply is shown as the company's). */
  responderId: text().references(() => users.id, { onDelete: "set null" }),
  body: text().notNull(),
  createdAt: integer().notNull(),
  updatedAt: integer().notNull(),
});

export type ReviewRow = typeof reviews.$inferSelect;

export type ReviewResponseRow = typeof reviewResponses.$inferSelect;
