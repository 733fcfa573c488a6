/**
 * Personal data held by the notifications module, for `GET /auth/me/export`
 * and account erasure (wired by the accounts module).
 */

import { eq } from "drizzle-orm";
import { toIso } from "../../lib/time";
import type { Db } from "../../platform/db/client";
import { notificationDeliveries, notificationPreferences, notifications } from "../../platform/db/schema";
import type { GdprSection } from "../../platform/gdpr";
import { eraseTicketsStatement } from "../../platform/realtime/tickets";
import { getPreferences } from "./preferences";
import { presentNotification } from "./presenters";

/** Everything stored about the user here, as plain JSON. */
export async function exportNotificationData(db: Db, userId: string) {
  const [rows, preferences] = await Promise.all([
    db.select().from(notifications).where(eq(notifications.userId, userId)).orderBy(notifications.createdAt),
    db.select().from(notificationPreferences).where(eq(notificationPreferences.userId, userId)),
  ]);
  return {
    notifications: rows.map(presentNotification),
    /** Effective settings (defaults included) plus the user's own overrides. */
    notification_preferences: await getPreferences(db, userId),
    notification_preference_overrides: preferences.map((p) => ({
      type: p.type,
      in_app: p.inApp,
      email: p.email,
      updated_at: toIso(p.updatedAt),
    })),
  };
}

/**
 * Erases the user's notification data when the account is anonymised rather
 * than deleted (a deleted user row cascades on its own).
 */
export async function eraseNotificationData(db: Db, userId: string): Promise<void> {
  await db.batch([
    db.delete(notifications).where(eq(notifications.userId, userId)),
    db.delete(notificationPreferences).where(eq(notificationPreferences.userId, userId)),
    db.delete(notificationDeliveries).where(eq(notificationDeliveries.userId, userId)),
    eraseTicketsStatement(db, userId),
  ]);
}

export const notificationsGdpr: GdprSection = {
  name: "notifications",
  export: exportNotificationData,
  erase: async ({ db, userId }) => {
    await eraseNotificationData(db, userId);
    return {};
  },
};
