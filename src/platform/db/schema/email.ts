/** The outgoing email log and suppressions (written by src/platform/email only). */
import { index, integer, primaryKey, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { users } from "./accounts";

export const EMAIL_STATUSES = ["queued", "sent", "failed", "suppressed"] as const;

export type EmailStatus = (typeof EMAIL_STATUSES)[number];

/**
 * Every outgoing email. The row id is the idempotency key of the delivery: the
 * consumer claims the row before sending, so a redelivered queue message never
 * sends twice. `sending` is internal (a claim in progress) and is shown as `queued`.
 */
export const emailLog = sqliteTable(
  "email_log",
  {
    id: text().primaryKey(),
    userId: text().references(() => users.id, { onDelete: "set null" }),
    to: text().notNull(),
    template: text().notNull(),
    category: text({ enum: ["security", "transactional", "notification"] }),
    status: text({ enum: [...EMAIL_STATUSES, "sending"] })
      .notNull()
      .default("queued"),
    provider: text(),
    providerId: text(),
    error: text(),
    attempts: integer().notNull().default(0),
    createdAt: integer().notNull(),
    updatedAt: integer().notNull(),
    sentAt: integer(),
  },
  (t) => [
    index("email_log_created_idx").on(t.createdAt, t.id),
    index("email_log_status_created_idx").on(t.status, t.createdAt),
    index("email_log_to_created_idx").on(t.to, t.createdAt),
    index("email_log_template_created_idx").on(t.template, t.createdAt),
    index("email_log_user_idx").on(t.userId),
  ],
);

/** Addresses that opted out of a category of non-security email (List-Unsubscribe). */
export const emailSuppressions = sqliteTable(
  "email_suppressions",
  {
    email: text().notNull(),
    category: text().notNull(),
    createdAt: integer().notNull(),
  },
  (t) => [primaryKey({ columns: [t.email, t.category] })],
);

export type EmailLogRow = typeof emailLog.$inferSelect;
