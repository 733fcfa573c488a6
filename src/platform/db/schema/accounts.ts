/**
 * The accounts module's tables: users, sessions and refresh tokens, one-time
 * tokens, login history, known devices, lockout counters, 2FA state, OAuth links
 * and states, and API keys. Secrets are only ever stored as SHA-256 hashes (or AES-GCM
 * encrypted, for TOTP secrets which must be read back).
 */
import { sql } from "drizzle-orm";
import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import type { Scope as ApiKeyScope } from "../../../http/scopes";

/** Single-use tokens mailed to users (email verification, password reset); hash only. */
export const accountTokens = sqliteTable(
  "account_tokens",
  {
    tokenHash: text().primaryKey(),
    purpose: text({ enum: ["verify_email", "password_reset"] }).notNull(),
    userId: text()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    /** The address the token was sent to: verifying only counts while it is still the account's email. */
    email: text().notNull(),
    createdAt: integer().notNull(),
    expiresAt: integer().notNull(),
    usedAt: integer(),
  },
  (t) => [
    index("account_tokens_user_purpose_idx").on(t.userId, t.purpose),
    index("account_tokens_expires_idx").on(t.expiresAt),
  ],
);

/** Login attempts on existing accounts, successes and failures (retention: LOGIN_HISTORY_RETENTION_DAYS). */
export const loginAttempts = sqliteTable(
  "login_attempts",
  {
    id: text().primaryKey(),
    userId: text()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    success: integer({ mode: "boolean" }).notNull(),
    /** ok, bad_password, mfa_required, mfa_invalid, locked, suspended, oauth:<provider> */
    reason: text().notNull(),
    ipHint: text(),
    userAgent: text(),
    newDevice: integer({ mode: "boolean" }).notNull().default(false),
    createdAt: integer().notNull(),
  },
  (t) => [
    index("login_attempts_user_created_idx").on(t.userId, t.createdAt),
    index("login_attempts_created_idx").on(t.createdAt),
  ],
);

/** Devices (user agent fingerprints) that have signed in to an account before. */
export const knownDevices = sqliteTable(
  "known_devices",
  {
    userId: text()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    fingerprint: text().notNull(),
    userAgent: text(),
    firstSeenAt: integer().notNull(),
    lastSeenAt: integer().notNull(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.fingerprint] })],
);

/**
 * Failed-login counter and lock per submitted email (known or not, so a lock
 * answers the same for accounts that do not exist). Kept in D1, not KV: the
 * counter needs atomic increments and a password reset must unlock everywhere at once.
 */
export const accountLockouts = sqliteTable(
  "account_lockouts",
  {
    subject: text().primaryKey(),
    failures: integer().notNull(),
    windowStartedAt: integer().notNull(),
    lockedUntil: integer(),
    updatedAt: integer().notNull(),
  },
  (t) => [index("account_lockouts_updated_idx").on(t.updatedAt)],
);

/** 2FA working state: the secret being set up, and the last TOTP step used (replay guard). */
export const mfaState = sqliteTable("mfa_state", {
  userId: text()
    .primaryKey()
    .references(() => users.id, { onDelete: "cascade" }),
  pendingSecretEnc: text(),
  lastUsedStep: integer(),
  updatedAt: integer().notNull(),
});

/** One-time 2FA recovery codes, hashed. */
export const mfaRecoveryCodes = sqliteTable(
  "mfa_recovery_codes",
  {
    userId: text()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    codeHash: text().notNull(),
    usedAt: integer(),
    createdAt: integer().notNull(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.codeHash] })],
);

/** In-flight OAuth authorizations: `state` (hashed) → PKCE verifier, nonce, where to send the tokens. */
export const oauthStates = sqliteTable(
  "oauth_states",
  {
    stateHash: text().primaryKey(),
    provider: text().notNull(),
    codeVerifier: text().notNull(),
    nonce: text().notNull(),
    redirectUri: text(),
    createdAt: integer().notNull(),
    expiresAt: integer().notNull(),
    usedAt: integer(),
  },
  (t) => [index("oauth_states_expires_idx").on(t.expiresAt)],
);

/** A provider identity (issuer subject) linked to an account. */
export const oauthAccounts = sqliteTable(
  "oauth_accounts",
  {
    provider: text().notNull(),
    subject: text().notNull(),
    userId: text()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    email: text(),
    createdAt: integer().notNull(),
  },
  (t) => [primaryKey({ columns: [t.provider, t.subject] }), index("oauth_accounts_user_idx").on(t.userId)],
);

// The vocabulary lives in src/http/scopes.ts (with descriptions for the OpenAPI document).
export { API_KEY_SCOPES } from "../../../http/scopes";

export type { ApiKeyScope };

/** Integrator API keys (`jb_…`), stored as SHA-256; the secret is shown once at creation. */
export const apiKeys = sqliteTable(
  "api_keys",
  {
    id: text().primaryKey(),
    userId: text()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    name: text().notNull(),
    prefix: text().notNull(),
    keyHash: text().notNull(),
    scopes: text({ mode: "json" }).$type<ApiKeyScope[]>().notNull(),
    createdAt: integer().notNull(),
    lastUsedAt: integer(),
    expiresAt: integer(),
    revokedAt: integer(),
  },
  (t) => [uniqueIndex("api_keys_hash_unique").on(t.keyHash), index("api_keys_user_idx").on(t.userId, t.createdAt)],
);

export type LoginAttemptRow = typeof loginAttempts.$inferSelect;

export type ApiKeyRow = typeof apiKeys.$inferSelect;

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
