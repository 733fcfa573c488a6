/** The messages module's tables: one thread per application, its messages and each participant's read state. */
import { index, integer, primaryKey, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { users } from "./accounts";
import { applications } from "./applications";
import { companies } from "./companies";

export const MESSAGE_SIDES = ["applicant", "company"] as const;
export type MessageSide = (typeof MESSAGE_SIDES)[number];

/**
 * A thread exists once its first message is written (or someone blocks). Its
 * participants are not stored: the application's applicant and the company's
 * members at the time of each request. Each side's block is its own column.
 */
export const messageThreads = sqliteTable(
  "message_threads",
  {
    applicationId: text()
      .primaryKey()
      .references(() => applications.id, { onDelete: "cascade" }),
    companyId: text()
      .notNull()
      .references(() => companies.id, { onDelete: "cascade" }),
    /** The applicant blocked the company's messages in this thread. */
    applicantBlockedAt: integer(),
    /** A company member blocked the applicant's messages in this thread. */
    companyBlockedAt: integer(),
    companyBlockedBy: text().references(() => users.id, { onDelete: "set null" }),
    lastMessageAt: integer(),
    createdAt: integer().notNull(),
  },
  (t) => [index("message_threads_company_idx").on(t.companyId, t.lastMessageAt)],
);

export type MessageThreadRow = typeof messageThreads.$inferSelect;

/** Messages; a hidden one (moderation) keeps its row but loses its body for everyone. */
export const messages = sqliteTable(
  "messages",
  {
    id: text().primaryKey(),
    applicationId: text()
      .notNull()
      .references(() => applications.id, { onDelete: "cascade" }),
    /** Null once the sender's account is erased (the body is blanked then too). */
    senderId: text().references(() => users.id, { onDelete: "set null" }),
    senderSide: text({ enum: MESSAGE_SIDES }).notNull(),
    body: text().notNull(),
    attachmentKey: text(),
    attachmentName: text(),
    attachmentType: text(),
    attachmentSize: integer(),
    status: text({ enum: ["visible", "hidden"] })
      .notNull()
      .default("visible"),
    createdAt: integer().notNull(),
  },
  (t) => [
    // Ids are UUIDv7 (time-ordered): (thread, id) is the thread's order and its cursor.
    index("messages_thread_idx").on(t.applicationId, t.id),
    index("messages_created_idx").on(t.createdAt),
    index("messages_sender_idx").on(t.senderId),
  ],
);

export type MessageRow = typeof messages.$inferSelect;

/**
 * Per participant and thread: the last message read (read receipts, unread
 * counts) and the last message an offline email covered.
 */
export const messageReads = sqliteTable(
  "message_reads",
  {
    applicationId: text()
      .notNull()
      .references(() => applications.id, { onDelete: "cascade" }),
    userId: text()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    lastReadId: text(),
    readAt: integer(),
    emailedUpTo: text(),
    emailedAt: integer(),
  },
  (t) => [primaryKey({ columns: [t.applicationId, t.userId] }), index("message_reads_user_idx").on(t.userId)],
);

export type MessageReadRow = typeof messageReads.$inferSelect;
