/**
 * Retention for the notifications module, run by the daily cron. Each delete
 * works in pages (a sub-select with LIMIT) and a run stops after MAX_PAGES, so
 * one invocation stays well inside Worker limits; whatever is left is taken by
 * the next run. Idempotent: a rerun of the same tick finds nothing more to do
 * than what remains.
 */
import { and, isNotNull, lt, type SQLWrapper, sql } from "drizzle-orm";
import type { SQLiteTable } from "drizzle-orm/sqlite-core";
import { DAY } from "../../lib/time";
import { createDb, type Db } from "../../platform/db/client";
import { notificationDeliveries, notifications } from "../../platform/db/schema";
import { pruneExpiredTickets } from "../../platform/realtime/tickets";
import type { CronContext } from "../../platform/scheduler";

/** Read notifications older than this (since being read) are deleted. */
export const READ_RETENTION_DAYS = 90;
/** Nothing, read or not, is kept longer than this (storage limitation). */
export const MAX_RETENTION_DAYS = 365;
/** Idempotency claims only need to outlive queue retries (minutes to hours). */
export const DELIVERY_CLAIM_RETENTION_DAYS = 30;

export const PAGE_SIZE = 500;
export const MAX_PAGES = 10;

async function deleteInPages(
  db: Db,
  table: SQLiteTable,
  key: SQLWrapper,
  where: SQLWrapper | undefined,
  budget: { pages: number; more: boolean },
): Promise<number> {
  let total = 0;
  // With no page left we cannot know whether work remains: assume it does.
  budget.more = budget.pages === 0;
  while (budget.pages > 0) {
    budget.pages--;
    const res = await db
      .delete(table)
      .where(sql`${key} IN (SELECT ${key} FROM ${table} WHERE ${where} LIMIT ${PAGE_SIZE})`)
      .run();
    const n = res.meta.changes ?? 0;
    total += n;
    // A full page means there may be more; the budget decides whether we go on.
    budget.more = n === PAGE_SIZE;
    if (!budget.more) break;
  }
  return total;
}

export async function pruneNotifications(cc: Pick<CronContext, "env" | "scheduledTime">) {
  const db = createDb(cc.env.DB);
  const now = cc.scheduledTime;
  const budget = { pages: MAX_PAGES, more: false };
  const read = await deleteInPages(
    db,
    notifications,
    notifications.id,
    and(isNotNull(notifications.readAt), lt(notifications.readAt, now - READ_RETENTION_DAYS * DAY)),
    budget,
  );
  const readMore = budget.more;
  const expired = await deleteInPages(
    db,
    notifications,
    notifications.id,
    lt(notifications.createdAt, now - MAX_RETENTION_DAYS * DAY),
    budget,
  );
  const expiredMore = budget.more;
  // Claims are tiny rows with their own budget; rowid because their key is composite.
  const claimBudget = { pages: MAX_PAGES, more: false };
  const claims = await deleteInPages(
    db,
    notificationDeliveries,
    sql`rowid`,
    lt(notificationDeliveries.createdAt, now - DELIVERY_CLAIM_RETENTION_DAYS * DAY),
    claimBudget,
  );
  return {
    read_deleted: read,
    expired_deleted: expired,
    claims_deleted: claims,
    /** False when a budget ran out with work left: the next run continues. */
    done: !readMore && !expiredMore && !claimBudget.more,
  };
}

export async function pruneRealtimeTickets(cc: Pick<CronContext, "env" | "scheduledTime">) {
  return { tickets_deleted: await pruneExpiredTickets(createDb(cc.env.DB), cc.scheduledTime) };
}
