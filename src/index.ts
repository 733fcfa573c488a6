/**
 * The Worker entry: HTTP (`fetch`), the EVENTS queue (`queue`), Cron Triggers
 * (`scheduled`), and the Durable Object classes.
 */
import { createApp } from "./app";
import { runSchedule } from "./cron";
import { consumeBatch } from "./queue";

export { UserChannel } from "./platform/realtime/user-channel";

const app = createApp();

export default {
  fetch: app.fetch,
  queue: (batch, env, ctx) => consumeBatch(batch, env, ctx),
  scheduled: async (controller, env, ctx) => {
    await runSchedule(controller.cron, { env, ctx, scheduledTime: controller.scheduledTime });
  },
} satisfies ExportedHandler<Env>;
