/** The sync module's tables: tombstones of deleted rows, written by triggers (migrations/0022_sync.sql). */
import { index, integer, primaryKey, sqliteTable, text } from "drizzle-orm/sqlite-core";

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
