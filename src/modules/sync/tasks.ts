/**
 * The daily prune of sync deletions: tombstones (`sync_tombstones`) and removed
 * candidates (`company_candidates` rows with `removed_at`) older than
 * `SYNC_RETENTION_MS`. A client whose sync starts before that window gets `410`
 * (see `requireRetained`), so nothing it could still ask for is deleted.
 */
import { and, eq, isNotNull, lt } from "drizzle-orm";
import { createDb, type Db } from "../../platform/db/client";
import { companyCandidates, SYNC_KINDS, syncTombstones } from "../../platform/db/schema";
import type { CronTask } from "../../platform/scheduler";
import { SYNC_RETENTION_MS } from "./sync";

/** Deletes what fell out of the retention window at `now`; one batch (per kind, so each delete walks its index). */
export async function pruneSyncDeletions(db: Db, now: number): Promise<{ tombstones: number; candidates: number }> {
  const cutoff = now - SYNC_RETENTION_MS;
  const [candidates, ...kinds] = await db.batch([
    db
      .delete(companyCandidates)
      .where(and(isNotNull(companyCandidates.removedAt), lt(companyCandidates.removedAt, cutoff))),
    ...SYNC_KINDS.map((kind) =>
      db.delete(syncTombstones).where(and(eq(syncTombstones.kind, kind), lt(syncTombstones.deletedAt, cutoff))),
    ),
  ]);
  return {
    tombstones: kinds.reduce((n, r) => n + (r.meta.changes ?? 0), 0),
    candidates: candidates.meta.changes ?? 0,
  };
}

export const pruneSyncDeletionsTask: CronTask = {
  name: "sync.prune-deletions",
  run: ({ env, scheduledTime }) => pruneSyncDeletions(createDb(env.DB), scheduledTime),
};
