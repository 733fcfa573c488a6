import { sql } from "drizzle-orm";
import { index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";

/**
 * Transactional outbox (src/platform/queue/outbox.ts): a queue message written in the
 * same D1 batch as the change it announces, so a process that stops between
 * the commit and the enqueue loses nothing. `id` is the message id (the
 * consumers' idempotency key; for `email.send` also the email log id).
 */
export const outbox = sqliteTable(
  "outbox",
  {
    id: text().primaryKey(),
    /** The validated QueueMessage body, as JSON. */
    message: text({ mode: "json" }).$type<Record<string, unknown>>().notNull(),
    createdAt: integer().notNull(),
    /** The sweep leaves a row alone until then (the request's own enqueue usually wins). */
    availableAt: integer().notNull(),
    /** Enqueues by the sweep (failed or repeated). */
    attempts: integer().notNull().default(0),
    /** Set once the message is on the queue; sent rows are purged by the daily cleanup. */
    sentAt: integer(),
    /** Stamped by the consumer once a handler finished with it (or it was dead-lettered). */
    deliveredAt: integer(),
  },
  (t) => [
    index("outbox_pending_idx").on(t.availableAt).where(sql`${t.sentAt} IS NULL`),
    index("outbox_sent_idx").on(t.sentAt).where(sql`${t.sentAt} IS NOT NULL`),
    index("outbox_undelivered_idx").on(t.sentAt).where(sql`${t.sentAt} IS NOT NULL AND ${t.deliveredAt} IS NULL`),
  ],
);

export type OutboxRow = typeof outbox.$inferSelect;
