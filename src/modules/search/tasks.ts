/** Search tasks: keeping the full-text index merged (every 5 minutes). */

import type { CronTask } from "../../platform/scheduler";

/**
 * Pages of index data one tick may rewrite. A negative `merge` (FTS5) merges
 * every segment of `jobs_fts` into one, incrementally and resumably, writing
 * about this many pages per call; once merged, a call does no work.
 */
export const MERGE_PAGES = 500;

/**
 * Keeps `jobs_fts` in few segments. Every write transaction that touches the
 * index adds a small segment, and FTS5's automerge leaves a few per level: a
 * one-document lookup (the relevance key's phrase check) must then seek in every
 * segment, 10–40× slower than in a merged index (measured in docs/jobs.md). The
 * work per tick is bounded (about MERGE_PAGES pages written), so it never holds the
 * database long, and a rerun of the same tick only continues the merge.
 */
export const searchIndexMergeTask: CronTask = {
  name: "search.index.merge",
  run: async ({ env }) => {
    // The merge's own writes (index pages) are not the statement's changes: the
    // connection's total_changes() around it, in one batch, says whether it did work.
    const [before, , after] = await env.DB.batch<{ n: number }>([
      env.DB.prepare("SELECT total_changes() AS n"),
      env.DB.prepare("INSERT INTO jobs_fts(jobs_fts, rank) VALUES ('merge', ?)").bind(-MERGE_PAGES),
      env.DB.prepare("SELECT total_changes() AS n"),
    ]);
    return { changes: Number(after?.results[0]?.n ?? 0) - Number(before?.results[0]?.n ?? 0) - 1 };
  },
};
