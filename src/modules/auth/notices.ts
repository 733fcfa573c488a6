/**
 * In-app notifications written by the accounts module (security notices such
 * as `new_device_login`). The notifications module builds the notification
 * center on the same table; this is the one insert function to share.
 */
import type { Db } from "../../db/client";
import { type NotificationRow, notifications } from "../../db/schema";
import { newId } from "../../lib/ids";

export interface NewNotification {
  userId: string;
  type: string;
  title: string;
  body: string;
  data?: Record<string, unknown>;
  actionUrl?: string | null;
  /** Idempotency key: the same event never creates two notifications for one user. */
  eventId?: string | null;
}

/** Inserts a notification; returns null when `eventId` was already delivered to this user. */
export async function insertNotification(
  db: Db,
  n: NewNotification,
  now = Date.now(),
): Promise<NotificationRow | null> {
  const [row] = await db
    .insert(notifications)
    .values({
      id: newId(now),
      userId: n.userId,
      type: n.type,
      title: n.title,
      body: n.body,
      data: n.data ?? {},
      actionUrl: n.actionUrl ?? null,
      eventId: n.eventId ?? null,
      createdAt: now,
    })
    .onConflictDoNothing()
    .returning();
  return row ?? null;
}
