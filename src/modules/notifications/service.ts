/**
 * The notification center: listing with a keyset cursor, unread counts, and
 * the owner's read / read-all / delete. Every query is scoped by user id, so
 * another user's notification is simply not found (`404`).
 */

import { and, count, desc, eq, inArray, isNull, lt, or, type SQL } from "drizzle-orm";
import { BY_CREATED, createdPosition, decodeCursor, page } from "../../http/pagination";
import { notFound } from "../../http/problem";
import type { Db } from "../../platform/db/client";
import { type NotificationRow, notifications } from "../../platform/db/schema";

export interface ListOptions {
  unreadOnly: boolean;
  limit: number;
  cursor?: string | undefined;
}

export async function listNotifications(db: Db, userId: string, o: ListOptions) {
  const where: SQL[] = [eq(notifications.userId, userId)];
  if (o.unreadOnly) where.push(isNull(notifications.readAt));
  const position = decodeCursor(o.cursor, BY_CREATED);
  if (position) {
    const [at, id] = position;
    const after = or(lt(notifications.createdAt, at), and(eq(notifications.createdAt, at), lt(notifications.id, id)));
    if (after) where.push(after);
  }
  const [rows, unread] = await Promise.all([
    db
      .select()
      .from(notifications)
      .where(and(...where))
      .orderBy(desc(notifications.createdAt), desc(notifications.id))
      .limit(o.limit + 1),
    unreadCount(db, userId),
  ]);
  return { ...page(rows, o.limit, createdPosition), unread_count: unread };
}

export async function unreadCount(db: Db, userId: string): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(notifications)
    .where(and(eq(notifications.userId, userId), isNull(notifications.readAt)));
  return row?.n ?? 0;
}

/** Unread counts of many users, one grouped query per 90 ids; users with none are 0. */
export async function unreadCounts(db: Db, userIds: string[]): Promise<Map<string, number>> {
  const out = new Map(userIds.map((id) => [id, 0]));
  for (let i = 0; i < userIds.length; i += 90) {
    const rows = await db
      .select({ userId: notifications.userId, n: count() })
      .from(notifications)
      .where(and(inArray(notifications.userId, userIds.slice(i, i + 90)), isNull(notifications.readAt)))
      .groupBy(notifications.userId);
    for (const r of rows) out.set(r.userId, r.n);
  }
  return out;
}

/** Marks one notification read; already-read ones keep their first `read_at`. */
export async function markRead(db: Db, userId: string, id: string, now = Date.now()): Promise<NotificationRow> {
  const [updated] = await db
    .update(notifications)
    .set({ readAt: now })
    .where(and(eq(notifications.id, id), eq(notifications.userId, userId), isNull(notifications.readAt)))
    .returning();
  if (updated) return updated;
  const [existing] = await db
    .select()
    .from(notifications)
    .where(and(eq(notifications.id, id), eq(notifications.userId, userId)));
  if (!existing) throw notFound("Notification");
  return existing;
}

export async function markAllRead(db: Db, userId: string, now = Date.now()): Promise<number> {
  const res = await db
    .update(notifications)
    .set({ readAt: now })
    .where(and(eq(notifications.userId, userId), isNull(notifications.readAt)))
    .run();
  return res.meta.changes ?? 0;
}

export async function deleteNotification(db: Db, userId: string, id: string): Promise<void> {
  const deleted = await db
    .delete(notifications)
    .where(and(eq(notifications.id, id), eq(notifications.userId, userId)))
    .returning({ id: notifications.id });
  if (deleted.length === 0) throw notFound("Notification");
}
