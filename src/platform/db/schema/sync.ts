/**
 * The sync module's tables: tombstones of deleted rows (migrations/0022_sync.sql) and each
 * company's candidates (migrations/0028_candidate_sync.sql), both written by triggers.
 */
import { sql } from "drizzle-orm";
import { index, integer, primaryKey, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { companies } from "./companies";

export const SYNC_KINDS = ["job", "application", "interview"] as const;
export type SyncKind = (typeof SYNC_KINDS)[number];

/**
 * One row per deleted job, application or interview. Only the `AFTER DELETE`
 * triggers write it, so every deletion path (cascades included) leaves one; the
 * scope columns (`company_id`, `job_id`, `user_id`) say who may see it.
 */
export const syncTombstones = sqliteTable(
  "sync_tombstones",
  {
    kind: text({ enum: SYNC_KINDS }).notNull(),
    entityId: text().notNull(),
    companyId: text(),
    jobId: text(),
    userId: text(),
    deletedAt: integer().notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.kind, t.entityId] }),
    index("sync_tombstones_company_idx").on(t.kind, t.companyId, t.deletedAt, t.entityId),
    index("sync_tombstones_job_idx").on(t.kind, t.jobId, t.deletedAt, t.entityId),
    index("sync_tombstones_user_idx").on(t.kind, t.userId, t.deletedAt, t.entityId),
    index("sync_tombstones_deleted_idx").on(t.kind, t.deletedAt, t.entityId),
  ],
);

/**
 * One row per (company, candidate who applied to one of its jobs), kept only by
 * triggers on applications, seeker_profiles and users (migrations/0028_candidate_sync.sql):
 * `updated_at` moves on every change the company can read of the candidate;
 * `removed_at` set means the candidate is no longer visible to the company (no
 * application left) and the row is their tombstone until the daily prune. No
 * foreign key on `user_id`: the tombstone outlives the erased account.
 */
export const companyCandidates = sqliteTable(
  "company_candidates",
  {
    companyId: text()
      .notNull()
      .references(() => companies.id, { onDelete: "cascade" }),
    userId: text().notNull(),
    updatedAt: integer().notNull(),
    removedAt: integer(),
  },
  (t) => [
    primaryKey({ columns: [t.companyId, t.userId] }),
    index("company_candidates_sync_idx").on(t.companyId, t.updatedAt, t.userId),
    index("company_candidates_user_idx").on(t.userId),
    index("company_candidates_removed_idx").on(t.removedAt).where(sql`${t.removedAt} IS NOT NULL`),
  ],
);
