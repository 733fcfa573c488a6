/**
 * Incremental sync, shared by every list an integrator syncs (a company's jobs,
 * applications, interviews): with `?updated_since=` the list walks its rows in
 * `(updated_at, id)` order, ascending, and interleaves the tombstones of rows
 * deleted since, so a connector reads each change once and sees deletions too.
 *
 * One cursor covers both streams: the position `(time, id)` of the last item
 * sent, a live row (time = updated_at) or a tombstone (time = deleted_at). A row
 * changed after it was sent moves behind the cursor and comes again, with its new
 * state; nothing already behind the cursor can be skipped by inserts, updates or
 * deletes between pages, because every write moves a row to "now", ahead of it.
 */
import { z } from "@hono/zod-openapi";
import { decodeCursor, encodeCursor, Page } from "../../http/pagination";
import { ApiError } from "../../http/problem";
import { DAY } from "../../lib/time";
import type { Db } from "../../platform/db/client";
import type { SyncKind } from "../../platform/db/schema";
import { type Frag, inList, prepare, sq, where } from "../../platform/db/sql";

/**
 * How long deletions stay readable (tombstones, removed candidates): the daily
 * prune deletes older ones, and a sync that starts before this window is refused (`410`).
 */
export const SYNC_RETENTION_MS = 30 * DAY;

/** `?updated_since=`, spread into a list's query schema. */
export const updatedSinceQuery = {
  updated_since: z.iso
    .datetime({ offset: true })
    .optional()
    .openapi({
      description:
        "Incremental sync: only items changed (or deleted, see `deleted`) at or after this instant, oldest change " +
        "first, by `(updated_at, id)`. Filters an update could leave (`status`, `q`, `scope`) and `sort=rating` are not " +
        "allowed with it. At most 30 days back (deletions are kept that long): older → `410 sync-cursor-expired`, " +
        "read the list in full again. See docs/integrations.md.",
      example: "2026-01-01T00:00:00Z",
    }),
};

export const TombstoneSchema = z
  .object({
    id: z.string().openapi({ example: "0193a5b2-7c1e-7f00-8000-3c4d5e6f7a8b" }),
    deleted_at: z.string().openapi({ example: "2026-01-02T10:00:00.000Z" }),
  })
  .openapi("Tombstone");

/** A list's page schema with the sync extras: `deleted` appears only with `updated_since`. */
export function SyncPage<T extends z.ZodType>(item: T) {
  return Page(item, {
    deleted: z
      .array(TombstoneSchema)
      .optional()
      .openapi({ description: "With `updated_since`: items deleted in this page's window (ids only)." }),
  });
}

/** Where a sync page starts: at `since` (inclusive), or strictly after the cursor's position. */
export interface SyncWindow {
  since: number;
  after: [number, string] | null;
  scope: unknown;
}

/**
 * The window of `updated_since` + `cursor`; `scope` fingerprints the list and its
 * stable filters (a cursor is refused by another list). Filters an update can
 * move a row out of are refused: the row would vanish without a tombstone.
 */
export function syncWindow(
  updatedSince: string,
  cursor: string | undefined,
  scope: unknown,
  conflicting: Record<string, unknown> = {},
  now = Date.now(),
): SyncWindow {
  const used = Object.entries(conflicting)
    .filter(([, v]) => v !== undefined)
    .map(([k]) => k);
  if (used.length) {
    throw new ApiError(
      400,
      "validation-error",
      `updated_since cannot be combined with ${used.join(", ")}: an item leaving that filter would vanish unseen.`,
      { errors: used.map((path) => ({ path, message: "Not allowed with updated_since." })) },
    );
  }
  const since = Date.parse(updatedSince);
  const full = { sync: true, scope, since };
  const after = decodeCursor(cursor, ["number", "string"], full);
  requireRetained(after ? after[0] : since, now);
  return { since, after, scope: full };
}

/**
 * Tombstones (and removed candidates) are pruned after `SYNC_RETENTION_MS`
 * (src/modules/sync/tasks.ts), so a client resuming from a point older than
 * that could miss a deletion: it gets `410 sync-cursor-expired` and must read
 * the list again from scratch (without `updated_since`) before syncing on. The
 * point is where the client's knowledge ends: `updated_since` on a first page,
 * the cursor's position on the next ones.
 */
export function requireRetained(from: number, now: number): void {
  if (from >= now - SYNC_RETENTION_MS) return;
  throw new ApiError(
    410,
    "sync-cursor-expired",
    `Deletions are kept for ${SYNC_RETENTION_MS / DAY} days and this sync starts earlier (${new Date(from).toISOString()}). ` +
      "Read the whole list again without updated_since, then sync from the time of that read.",
  );
}

/** `(t, id)` past the window's start, for the live rows' `updated_at` column. */
export function liveAfter(window: SyncWindow, updatedAt: Frag, id: Frag): Frag {
  return window.after
    ? sq`(${updatedAt}, ${id}) > (${window.after[0]}, ${window.after[1]})`
    : sq`${updatedAt} >= ${window.since}`;
}

/**
 * Who may see a tombstone: the same rule as for the rows of the list. The
 * filters are ANDed; `orUserId` widens `companyIds` to "or this user's own"
 * (interviews: the applicant's and the company's). Empty `companyIds` alone sees none.
 */
export type TombstoneScope =
  | { all: true }
  | { companyIds?: readonly string[]; jobId?: string; userId?: string; orUserId?: string };

export interface Tombstone {
  id: string;
  deletedAt: number;
}

/** The first `limit` tombstones of `kind` in the window and the scope. */
export async function tombstonesAfter(
  db: Db,
  kind: SyncKind,
  scope: TombstoneScope,
  window: SyncWindow,
  limit: number,
): Promise<Tombstone[]> {
  const conds: Frag[] = [sq`kind = ${kind}`];
  if (!("all" in scope)) {
    if (scope.jobId !== undefined) conds.push(sq`job_id = ${scope.jobId}`);
    if (scope.userId !== undefined) conds.push(sq`user_id = ${scope.userId}`);
    const ids = scope.companyIds?.slice(0, 90);
    if (ids && scope.orUserId !== undefined) {
      conds.push(
        ids.length
          ? sq`(company_id IN ${inList(ids)} OR user_id = ${scope.orUserId})`
          : sq`user_id = ${scope.orUserId}`,
      );
    } else if (ids) {
      if (!ids.length) return [];
      conds.push(sq`company_id IN ${inList(ids)}`);
    }
  }
  conds.push(
    window.after
      ? sq`(deleted_at, entity_id) > (${window.after[0]}, ${window.after[1]})`
      : sq`deleted_at >= ${window.since}`,
  );
  const { results } = await prepare(
    db.$client,
    sq`SELECT entity_id, deleted_at FROM sync_tombstones WHERE ${where(conds)}
       ORDER BY deleted_at, entity_id LIMIT ${limit}`,
  ).all<{ entity_id: string; deleted_at: number }>();
  return results.map((r) => ({ id: r.entity_id, deletedAt: r.deleted_at }));
}

export interface SyncPageOf<T> {
  data: T[];
  deleted: { id: string; deleted_at: string }[];
  next_cursor: string | null;
}

/**
 * Merges live rows (each fetched `limit + 1`, ordered by `(updated_at, id)`) and
 * tombstones (also `limit + 1`) into one page of at most `limit` items in that
 * order; the cursor is the last item's position when more remain in either stream.
 */
export function syncPage<Row>(
  rows: Row[],
  tombstones: Tombstone[],
  limit: number,
  positionOf: (row: Row) => [number, string],
  window: SyncWindow,
): SyncPageOf<Row> {
  type Item = { t: number; id: string; row?: Row; tomb?: Tombstone };
  const items: Item[] = [
    ...rows.map((row) => {
      const [t, id] = positionOf(row);
      return { t, id, row };
    }),
    ...tombstones.map((tomb) => ({ t: tomb.deletedAt, id: tomb.id, tomb })),
  ];
  items.sort((a, b) => a.t - b.t || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const taken = items.slice(0, limit);
  const last = taken[taken.length - 1];
  const data: Row[] = [];
  const deleted: SyncPageOf<Row>["deleted"] = [];
  for (const item of taken) {
    if (item.row !== undefined) data.push(item.row);
    else if (item.tomb) deleted.push({ id: item.tomb.id, deleted_at: new Date(item.tomb.deletedAt).toISOString() });
  }
  return {
    data,
    deleted,
    next_cursor: items.length > limit && last ? encodeCursor([last.t, last.id], window.scope) : null,
  };
}
