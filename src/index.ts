/**
 * The Worker entry: HTTP (`fetch`), the EVENTS queue (`queue`), Cron Triggers
 * (`scheduled`), and the Durable Object classes.
 */
import { createApp } from "./app";

export { UserChannel } from "./platform/realtime/user-channel";

const app = createApp();

export default {
  fetch: app.fetch,
  // The consumer and the cron tasks (and every service they use) are imported on
  // their first invocation, not evaluated at startup on an isolate that serves HTTP.
  queue: async (batch, env, ctx) => (await import("./queue")).consumeBatch(batch, env, ctx),
  scheduled: async (controller, env, ctx) => {
    const { runSchedule } = await import("./cron");
    await runSchedule(controller.cron, { env, ctx, scheduledTime: controller.scheduledTime });
  },
} satisfies ExportedHandler<Env>;
