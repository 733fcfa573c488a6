/** Development only: the dev mailbox (written by the dev email provider). */
import { index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";

/** Development only: every outgoing email, readable at `GET /dev/mailbox`. */
export const devMailbox = sqliteTable(
  "dev_mailbox",
  {
    id: text().primaryKey(),
    to: text().notNull(),
    subject: text().notNull(),
    text: text().notNull(),
    html: text().notNull(),
    headers: text({ mode: "json" }).$type<Record<string, string>>().notNull(),
    createdAt: integer().notNull(),
  },
  (t) => [index("dev_mailbox_created_idx").on(t.createdAt)],
);
