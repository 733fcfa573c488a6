import { toIso, toIsoOrNull } from "../../lib/time";
import type { NotificationRow } from "../../platform/db/schema";

/** The wire shape of a notification (also the `notification` of a realtime frame). */
export function presentNotification(n: NotificationRow) {
  return {
    id: n.id,
    type: n.type,
    title: n.title,
    body: n.body,
    data: n.data ?? {},
    action_url: n.actionUrl,
    read_at: toIsoOrNull(n.readAt),
    created_at: toIso(n.createdAt),
  };
}

export type NotificationDto = ReturnType<typeof presentNotification>;
