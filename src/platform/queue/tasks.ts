/**
 * The outbox's cron half (src/platform/queue/outbox.ts): every five minutes, enqueue
 * the messages whose request stopped before sending them, and re-send (or
 * give up on) emails still `queued` long after; daily, purge sent rows.
 */

import { createDb } from "../db/client";
import { recoverStuckEmails } from "../email/log";
import type { CronTask } from "../scheduler";
import { purgeOutbox, sweepOutbox } from "./outbox";

export const outboxSweepTask: CronTask = {
  name: "outbox.sweep",
  run: async ({ env, scheduledTime }) => {
    const db = createDb(env.DB);
    const outbox = await sweepOutbox(env, db, scheduledTime);
    const emails = await recoverStuckEmails(env, db, scheduledTime);
    return { ...outbox, emails_resent: emails.resent, emails_failed: emails.failed };
  },
};

export const purgeOutboxTask: CronTask = {
  name: "outbox.purge",
  run: ({ env, scheduledTime }) => purgeOutbox(createDb(env.DB), scheduledTime),
};
