/**
 * GDPR: alerts are part of the account export, and erasing an account deletes
 * its alerts (listed in src/app.ts; reminder claims are the reminders module's section).
 */
import { eq } from "drizzle-orm";
import { jobAlerts } from "../../platform/db/schema";
import type { GdprSection } from "../../platform/gdpr";
import { presentAlert } from "./presenters";

export const alertsGdpr: GdprSection = {
  name: "job_alerts",
  export: async (db, userId) => {
    const rows = await db.select().from(jobAlerts).where(eq(jobAlerts.userId, userId)).orderBy(jobAlerts.createdAt);
    return { alerts: rows.map(presentAlert) };
  },
  erase: async ({ db, userId }) => {
    await db.delete(jobAlerts).where(eq(jobAlerts.userId, userId));
    return undefined;
  },
};
