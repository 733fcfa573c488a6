/** The ratings module's tables: employers' ratings of the candidates they hired, and who shows them. */
import { index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { users } from "./accounts";
import { applications } from "./applications";
import { companies } from "./companies";

/** One rating per application (a hire); the candidate may answer once; moderators hide rather than delete. */
export const candidateRatings = sqliteTable(
  "candidate_ratings",
  {
    id: text().primaryKey(),
    applicationId: text()
      .notNull()
      .references(() => applications.id, { onDelete: "cascade" }),
    companyId: text()
      .notNull()
      .references(() => companies.id, { onDelete: "cascade" }),
    candidateId: text().references(() => users.id, { onDelete: "set null" }),
    authorId: text().references(() => users.id, { onDelete: "set null" }),
    rating: integer().notNull(),
    body: text().notNull(),
    responseBody: text(),
    responseAt: integer(),
    status: text({ enum: ["published", "hidden"] })
      .notNull()
      .default("published"),
    hiddenAt: integer(),
    createdAt: integer().notNull(),
    updatedAt: integer().notNull(),
  },
  (t) => [
    uniqueIndex("candidate_ratings_application_unique").on(t.applicationId),
    index("candidate_ratings_candidate_idx").on(t.candidateId, t.status, t.createdAt, t.id),
    index("candidate_ratings_author_idx").on(t.authorId),
  ],
);

export type CandidateRatingRow = typeof candidateRatings.$inferSelect;

/** The candidate's choice to show ratings on the public profile (off unless turned on). */
export const candidateRatingSettings = sqliteTable("candidate_rating_settings", {
  userId: text()
    .primaryKey()
    .references(() => users.id, { onDelete: "cascade" }),
  showOnProfile: integer({ mode: "boolean" }).notNull().default(false),
  updatedAt: integer().notNull(),
});
