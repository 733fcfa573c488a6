/**
 * What an unsubscribe token's subject means, per kind: `describe` reads the
 * current state and changes nothing (GET: mail scanners prefetch links),
 * `unsubscribe` switches it off, idempotently (POST). Each kind is stored by
 * its own owner: email suppressions (platform/email), notification
 * preferences (notifications), the alert itself (alerts).
 */
import { eq } from "drizzle-orm";
import { ApiError } from "../../http/problem";
import type { Db } from "../../platform/db/client";
import { jobAlerts, users } from "../../platform/db/schema";
import { isSuppressed, suppressEmail } from "../../platform/email/suppressions";
import { readUnsubscribeToken, type UnsubscribeSubject } from "../../platform/email/unsubscribe";
import { findAlert, unsubscribeAlert } from "../alerts";
import {
  disableEmail,
  getPreference,
  isSecurityType,
  NOTIFICATION_TYPES,
  type NotificationType,
  TYPE_INFO,
} from "../notifications";
import type { UnsubscribeStateDto } from "./schemas";

/** A subject whose kind-specific parts are checked (a known, non-security notification type). */
export type Subject =
  | Extract<UnsubscribeSubject, { kind: "email" | "alert" }>
  | { kind: "notification"; userId: string; type: NotificationType };

const isNotificationType = (t: string): t is NotificationType => (NOTIFICATION_TYPES as readonly string[]).includes(t);

export const INVALID_LINK = "The unsubscribe link is invalid.";
export const EXPIRED_LINK =
  "The unsubscribe link has expired; change your email settings in the app, or use the link of a newer email.";

/** The token's subject; `400 invalid-token` when forged or malformed, `400 token-expired` when old. */
export async function readToken(secret: string, token: string, now = Date.now()): Promise<Subject> {
  const read = await readUnsubscribeToken(secret, token, now);
  if (!read.ok && read.reason === "expired") {
    throw new ApiError(400, "token-expired", EXPIRED_LINK);
  }
  if (read.ok) {
    const s = read.subject;
    if (s.kind !== "notification") return s;
    // Security notices are always sent: no link is ever minted for them.
    if (isNotificationType(s.type) && !isSecurityType(s.type)) return { ...s, type: s.type };
  }
  throw new ApiError(400, "invalid-token", INVALID_LINK);
}

type Alert = NonNullable<Awaited<ReturnType<typeof findAlert>>>;

function alertState(alert: Alert | null, unsubscribed: boolean, changed: boolean): UnsubscribeStateDto {
  return {
    subject: { kind: "alert", alert: alert ? { id: alert.id, name: alert.name, frequency: alert.frequency } : null },
    description: alert
      ? `Emails and notifications when new jobs match your job alert “${alert.name}”.`
      : "A job alert that no longer exists.",
    unsubscribed,
    changed,
  };
}

function notificationState(type: NotificationType, unsubscribed: boolean, changed: boolean): UnsubscribeStateDto {
  return {
    subject: { kind: "notification", type },
    description: `Emails of this kind: ${TYPE_INFO[type].description}`,
    unsubscribed,
    changed,
  };
}

function emailState(email: string, category: string, unsubscribed: boolean, changed: boolean): UnsubscribeStateDto {
  return {
    subject: { kind: "email", email, category },
    description: `Non-security emails of the kind “${category}” to ${email}.`,
    unsubscribed,
    changed,
  };
}

/** The subject's current state; writes nothing. */
export async function describe(db: Db, s: Subject): Promise<UnsubscribeStateDto> {
  switch (s.kind) {
    case "email":
      return emailState(s.email, s.category, await isSuppressed(db, s.email, s.category), false);
    case "notification":
      return notificationState(s.type, !(await getPreference(db, s.userId, s.type)).email, false);
    case "alert": {
      const alert = await findAlert(db, s.alertId);
      return alertState(alert, !alert?.active, false);
    }
  }
}

/** Switches the subject off; repeating it is harmless (`changed: false`). */
export async function unsubscribe(db: Db, s: Subject, now = Date.now()): Promise<UnsubscribeStateDto> {
  switch (s.kind) {
    case "email": {
      const before = await isSuppressed(db, s.email, s.category);
      if (!before) await suppressEmail(db, s.email, s.category);
      return emailState(s.email, s.category, true, !before);
    }
    case "notification": {
      const before = (await getPreference(db, s.userId, s.type)).email;
      // false: the user no longer exists, so nothing is sent anyway.
      const exists = await disableEmail(db, s.userId, s.type, now);
      return notificationState(s.type, true, before && exists);
    }
    case "alert": {
      const { alert, already } = await unsubscribeAlert(db, s.alertId, now);
      return alertState(alert, true, !already);
    }
  }
}

/**
 * The `locale` setting of the account the link belongs to, for the HTML page
 * (one indexed read: the user by id, by the alert's owner, or by address).
 * null when there is no such account or it has no setting.
 */
export async function readerLocale(db: Db, s: Subject): Promise<string | null> {
  const row =
    s.kind === "notification"
      ? await db.select({ locale: users.locale }).from(users).where(eq(users.id, s.userId)).get()
      : s.kind === "alert"
        ? await db
            .select({ locale: users.locale })
            .from(jobAlerts)
            .innerJoin(users, eq(users.id, jobAlerts.userId))
            .where(eq(jobAlerts.id, s.alertId))
            .get()
        : await db.select({ locale: users.locale }).from(users).where(eq(users.email, s.email)).get();
  return row?.locale ?? null;
}
