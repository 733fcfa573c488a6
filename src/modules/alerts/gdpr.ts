/**
 * GDPR: alerts are part of the account export, and erasing an account deletes
 * its alerts and reminder claims (registered at module load; routes import this).
 */
import { eq } from "drizzle-orm";
import { jobAlerts, reminderDeliveries } from "../../platform/db/schema";
import { registerGdprEraser, registerGdprExporter } from "../accounts/gdpr-registry";
import { presentAlert } from "./presenters";

registerGdprExporter("job_alerts", async (db, userId) => {
  const rows = await db.select().from(jobAlerts).where(eq(jobAlerts.userId, userId)).orderBy(jobAlerts.createdAt);
  return { alerts: rows.map(presentAlert) };
});

registerGdprEraser("job_alerts", async ({ db, userId }) => {
  await db.batch([
    db.delete(jobAlerts).where(eq(jobAlerts.userId, userId)),
    db.delete(reminderDeliveries).where(eq(reminderDeliveries.userId, userId)),
  ]);
  return undefined;
});
