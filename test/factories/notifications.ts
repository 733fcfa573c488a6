/** In-app notifications (rows inserted directly). */
import { newId } from "../../src/lib/ids";
import { type NotificationRow, notifications } from "../../src/platform/db/schema";
import { db } from "./support";

/** An unread application-status notification, created now. */
export async function makeNotification(userId: string, o: Partial<NotificationRow> = {}): Promise<NotificationRow> {
  const createdAt = o.createdAt ?? Date.now();
  const row: NotificationRow = {
    id: newId(createdAt),
    userId,
    type: "application_status_changed",
    title: "Your application moved on",
    body: "Acme shortlisted you.",
    data: { application_id: "a1" },
    actionUrl: "/applications/a1",
    eventId: null,
    readAt: null,
    createdAt,
    ...o,
  };
  await db().insert(notifications).values(row);
  return row;
}
