/** Billing's cron tasks: featured upgrades end on time (every five minutes); old event ids are pruned (daily). */
import { lt } from "drizzle-orm";
import { createDb } from "../../platform/db/client";
import { billingEvents } from "../../platform/db/schema";
import type { CronTask } from "../../platform/scheduler";
import { expireFeaturedJobs } from "../jobs";

/** Stripe retries a delivery for up to three days; an event id older than this cannot come back. */
const EVENT_RETENTION_MS = 30 * 86_400_000;

export const featuredExpiryTask: CronTask = {
  name: "billing.expire-featured",
  run: async ({ env, scheduledTime }) => ({ expired: await expireFeaturedJobs(createDb(env.DB), scheduledTime) }),
};

export const pruneBillingEventsTask: CronTask = {
  name: "billing.prune-events",
  run: async ({ env, scheduledTime }) => {
    const rows = await createDb(env.DB)
      .delete(billingEvents)
      .where(lt(billingEvents.processedAt, scheduledTime - EVENT_RETENTION_MS))
      .returning({ id: billingEvents.id });
    return { deleted: rows.length };
  },
};
