/**
 * The accounts module's GDPR parts: what it exports about a user, and how it
 * erases them (the user row is anonymised last, so references elsewhere stay
 * valid but point at "Deleted User"). Every module's section is listed in
 * src/app.ts.
 */

import { desc, eq } from "drizzle-orm";
import { toIso, toIsoOrNull } from "../../lib/time";
import type { Db } from "../../platform/db/client";
import {
  accountLockouts,
  accountTokens,
  apiKeys,
  emailLog,
  knownDevices,
  loginAttempts,
  mfaRecoveryCodes,
  mfaState,
  oauthAccounts,
  sessions,
  users,
} from "../../platform/db/schema";
import { eraseEmailStatements } from "../../platform/email/erase";
import type { GdprSection } from "../../platform/gdpr";
import { presentApiKey, presentLoginAttempt, presentUser } from "./presenters";

async function exportAccount(db: Db, userId: string) {
  const [user, sessionRows, attempts, devices, keys, identities, mails] = await Promise.all([
    db.select().from(users).where(eq(users.id, userId)).get(),
    db.select().from(sessions).where(eq(sessions.userId, userId)).orderBy(desc(sessions.createdAt)).limit(500),
    db
      .select()
      .from(loginAttempts)
      .where(eq(loginAttempts.userId, userId))
      .orderBy(desc(loginAttempts.createdAt))
      .limit(1000),
    db.select().from(knownDevices).where(eq(knownDevices.userId, userId)).limit(500),
    db.select().from(apiKeys).where(eq(apiKeys.userId, userId)).limit(500),
    db.select().from(oauthAccounts).where(eq(oauthAccounts.userId, userId)),
    db.select().from(emailLog).where(eq(emailLog.userId, userId)).orderBy(desc(emailLog.createdAt)).limit(1000),
  ]);
  return {
    user: user ? { ...presentUser(user), status: user.status } : null,
    sessions: sessionRows.map((s) => ({
      id: s.id,
      user_agent: s.userAgent,
      ip_hint: s.ipHint,
      created_at: toIso(s.createdAt),
      last_used_at: toIso(s.lastUsedAt),
      revoked_at: toIsoOrNull(s.revokedAt),
    })),
    login_history: attempts.map(presentLoginAttempt),
    known_devices: devices.map((d) => ({
      user_agent: d.userAgent,
      first_seen_at: toIso(d.firstSeenAt),
      last_seen_at: toIso(d.lastSeenAt),
    })),
    api_keys: keys.map((k) => ({ ...presentApiKey(k), revoked_at: toIsoOrNull(k.revokedAt) })),
    oauth_identities: identities.map((i) => ({ provider: i.provider, email: i.email, linked_at: toIso(i.createdAt) })),
    emails: mails.map((m) => ({
      to: m.to,
      template: m.template,
      status: m.status === "sending" ? "queued" : m.status,
      created_at: toIso(m.createdAt),
      sent_at: toIsoOrNull(m.sentAt),
    })),
  };
}

export const accountGdpr: GdprSection = {
  name: "account",
  export: exportAccount,
  order: 1000,
  erase: async ({ db, userId, email, now }) => {
    const short = userId.replace(/-/g, "").slice(-12);
    await db.batch([
      db.delete(apiKeys).where(eq(apiKeys.userId, userId)),
      db.delete(oauthAccounts).where(eq(oauthAccounts.userId, userId)),
      db.delete(knownDevices).where(eq(knownDevices.userId, userId)),
      db.delete(loginAttempts).where(eq(loginAttempts.userId, userId)),
      db.delete(accountTokens).where(eq(accountTokens.userId, userId)),
      db.delete(mfaRecoveryCodes).where(eq(mfaRecoveryCodes.userId, userId)),
      db.delete(mfaState).where(eq(mfaState.userId, userId)),
      db.update(sessions).set({ userAgent: null, ipHint: null }).where(eq(sessions.userId, userId)),
      db.delete(accountLockouts).where(eq(accountLockouts.subject, email)),
      ...eraseEmailStatements(db, userId, email),
      db
        .update(users)
        .set({
          email: `deleted-${short}@deleted.invalid`,
          username: `deleted-${short}`,
          firstName: "Deleted",
          lastName: "User",
          firstNameKey: "deleted",
          lastNameKey: "user",
          passwordHash: null,
          emailVerifiedAt: null,
          mfaEnabled: false,
          mfaSecretEnc: null,
          timezone: "UTC",
          locale: "en",
          status: "deleted",
          updatedAt: now,
        })
        .where(eq(users.id, userId)),
    ]);
    return {};
  },
};
