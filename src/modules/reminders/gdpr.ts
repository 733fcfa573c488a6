/** GDPR: erasing an account deletes its reminder claims (nothing to export: they are bookkeeping). */
import { eq } from "drizzle-orm";
import { reminderDeliveries } from "../../platform/db/schema";
import type { GdprSection } from "../../platform/gdpr";

export const remindersGdpr: GdprSection = {
  name: "reminders",
  erase: async ({ db, userId }) => {
    await db.delete(reminderDeliveries).where(eq(reminderDeliveries.userId, userId));
    return undefined;
  },
};
