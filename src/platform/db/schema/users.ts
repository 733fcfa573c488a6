import { sql } from "drizzle-orm";
import { index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";

/** Accounts. `email` and `username` are stored lower-cased so uniqueness is case-insensitive. */
export const users = sqliteTable(
  "users",
  {
    id: text().primaryKey(),
    email: text().notNull(),
    username: text().notNull(),
    /** Versioned PBKDF2 string; null for accounts created through OAuth only. */
    passwordHash: text(),
    role: text({ enum: ["seeker", "employer", "admin"] }).notNull(),
    firstName: text().notNull(),
    lastName: text().notNull(),
    /** `foldText` of the names (src/lib/fold.ts): what name searches compare. */
    firstNameKey: text(),
    lastNameKey: text(),
    emailVerifiedAt: integer(),
    mfaEnabled: integer({ mode: "boolean" }).notNull().default(false),
    /** AES-GCM encrypted TOTP secret (accounts issue). */
    mfaSecretEnc: text(),
    timezone: text().notNull().default("UTC"),
    locale: text().notNull().default("en"),
    status: text({ enum: ["active", "suspended", "deleted"] })
      .notNull()
      .default("active"),
    passwordChangedAt: integer(),
    createdAt: integer().notNull(),
    updatedAt: integer().notNull(),
  },
  (t) => [
    uniqueIndex("users_email_unique").on(t.email),
    uniqueIndex("users_username_unique").on(t.username),
    index("users_role_created_idx").on(t.role, t.createdAt),
    index("users_status_created_idx").on(t.status, t.createdAt),
    // Admin name search: prefix ranges over the folded full name and last name.
    index("users_full_name_key_idx").on(sql`(${t.firstNameKey} || ' ' || ${t.lastNameKey})`),
    index("users_last_name_key_idx").on(t.lastNameKey),
    // Rows whose name keys the fold-keys cron still has to compute.
    index("users_unfolded_idx").on(t.id).where(sql`${t.firstNameKey} IS NULL OR ${t.lastNameKey} IS NULL`),
  ],
);

/**
 * A login session. Access tokens carry its id (`sid`); revoking the row makes
 * them stop working at once because the auth middleware checks it.
 */
export const sessions = sqliteTable(
  "sessions",
  {
    id: text().primaryKey(),
    userId: text()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    userAgent: text(),
    ipHint: text(),
    createdAt: integer().notNull(),
    lastUsedAt: integer().notNull(),
    expiresAt: integer().notNull(),
    revokedAt: integer(),
    revokedReason: text(),
  },
  (t) => [index("sessions_user_idx").on(t.userId, t.revokedAt), index("sessions_expires_idx").on(t.expiresAt)],
);

/**
 * Refresh tokens, one row per issued token (hash only). Rotation marks the old
 * row used; presenting a used token again is reuse and revokes the session.
 */
export const refreshTokens = sqliteTable(
  "refresh_tokens",
  {
    tokenHash: text().primaryKey(),
    sessionId: text()
      .notNull()
      .references(() => sessions.id, { onDelete: "cascade" }),
    createdAt: integer().notNull(),
    expiresAt: integer().notNull(),
    usedAt: integer(),
  },
  (t) => [index("refresh_tokens_session_idx").on(t.sessionId), index("refresh_tokens_expires_idx").on(t.expiresAt)],
);

export type UserRow = typeof users.$inferSelect;
export type SessionRow = typeof sessions.$inferSelect;

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
