/** Webhook cron tasks: re-send attempts the queue lost (every 5 minutes), prune old delivery logs (daily). */
import { lt } from "drizzle-orm";
import { DAY } from "../../lib/time";
import { createDb } from "../../platform/db/client";
import { webhookDeliveries } from "../../platform/db/schema";
import type { CronTask } from "../../platform/scheduler";
import { sweepLostWebhookAttempts } from "./deliver";

/** Delivery logs (and their attempts, by cascade) are kept this long. */
export const DELIVERY_RETENTION_MS = 30 * DAY;

export const webhookRetrySweepTask: CronTask = {
  name: "webhooks.retry-sweep",
  run: ({ env, scheduledTime }) => sweepLostWebhookAttempts(env, scheduledTime),
};

export const pruneWebhookDeliveriesTask: CronTask = {
  name: "webhooks.prune-deliveries",
  run: async ({ env, scheduledTime }) => {
    const res = await createDb(env.DB)
      .delete(webhookDeliveries)
      .where(lt(webhookDeliveries.createdAt, scheduledTime - DELIVERY_RETENTION_MS));
    return { deleted: res.meta.changes ?? 0 };
  },
};
