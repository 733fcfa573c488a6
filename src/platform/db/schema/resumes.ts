import { sql } from "drizzle-orm";
import { index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { users } from "./accounts";

/** Uploaded resumes (files in R2). Text and skills are extracted by a queue job after upload. */
export const resumes = sqliteTable(
  "resumes",
  {
    id: text().primaryKey(),
    userId: text()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    title: text().notNull(),
    /** The uploader's original file name: shown to people, never used in an R2 key. */
    filename: text().notNull(),
    contentType: text().notNull(),
    size: integer().notNull(),
    r2Key: text().notNull(),
    isPrimary: integer({ mode: "boolean" }).notNull().default(false),
    parseStatus: text({ enum: ["pending", "done", "failed"] })
      .notNull()
      .default("pending"),
    /** Why parsing failed (too large when inflated, corrupt, no text), shown to the owner. */
    parseError: text(),
    extractedText: text(),
    extractedSkills: text({ mode: "json" }).$type<string[]>().notNull().default([]),
    parsedAt: integer(),
    createdAt: integer().notNull(),
    updatedAt: integer().notNull(),
  },
  (t) => [
    index("resumes_user_idx").on(t.userId, t.createdAt),
    // At most one primary per seeker, enforced by the database, not only by the service.
    uniqueIndex("resumes_one_primary_unique").on(t.userId).where(sql`${t.isPrimary} = 1`),
    // The orphan-file check asks whether any row still points at a key.
    index("resumes_r2_key_idx").on(t.r2Key),
  ],
);

export type ResumeRow = typeof resumes.$inferSelect;
