/** Realtime tickets (written by src/platform/realtime only). */
import { index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { apiKeys, sessions, users } from "./accounts";

/**
 * Single-use WebSocket tickets (browsers cannot send Authorization on a
 * WebSocket). Only the SHA-256 of the ticket is stored; consuming it is one
 * conditional DELETE … RETURNING, so two racing upgrades cannot both win.
 */
export const realtimeTickets = sqliteTable(
  "realtime_tickets",
  {
    tokenHash: text().primaryKey(),
    userId: text()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    /** The session that minted the ticket; redeeming checks it is still live. */
    sessionId: text().references(() => sessions.id, { onDelete: "cascade" }),
    /** Or the API key that minted it; redeeming checks it is still live. */
    apiKeyId: text().references(() => apiKeys.id, { onDelete: "cascade" }),
    expiresAt: integer().notNull(),
    createdAt: integer().notNull(),
  },
  (t) => [index("realtime_tickets_expires_idx").on(t.expiresAt)],
);
