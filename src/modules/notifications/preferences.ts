/**
 * Notification preferences per type × channel. Only overrides are stored;
 * everything else comes from the catalog defaults. Security types are always
 * on, whatever is stored.
 */
import { and, eq, inArray } from "drizzle-orm";
import { badRequest } from "../../http/problem";
import type { Db } from "../../platform/db/client";
import { notificationPreferences, users } from "../../platform/db/schema";
import { CHANNELS, type Channel, NOTIFICATION_TYPES, type NotificationType, TYPE_INFO } from "./catalog";

export type ChannelSettings = Record<Channel, boolean>;

export interface PreferenceView extends ChannelSettings {
  type: NotificationType;
  description: string;
  configurable: boolean;
}

type Override = { inApp: boolean | null; email: boolean | null };

function effective(type: NotificationType, override: Override | undefined): ChannelSettings {
  const info = TYPE_INFO[type];
  if (info.security) return { in_app: true, email: true };
  return {
    in_app: override?.inApp ?? info.defaults.in_app,
    email: override?.email ?? info.defaults.email,
  };
}

export async function getPreferences(db: Db, userId: string): Promise<PreferenceView[]> {
  const rows = await db.select().from(notificationPreferences).where(eq(notificationPreferences.userId, userId));
  const byType = new Map(rows.map((r) => [r.type, r]));
  return NOTIFICATION_TYPES.map((type) => ({
    type,
    description: TYPE_INFO[type].description,
    configurable: !TYPE_INFO[type].security,
    ...effective(type, byType.get(type)),
  }));
}

export interface PreferenceUpdate {
  type: NotificationType;
  in_app?: boolean | undefined;
  email?: boolean | undefined;
  /** Read-only fields of the GET shape: accepted when unchanged, so GET's body round-trips. */
  description?: string | undefined;
  configurable?: boolean | undefined;
}

/**
 * Applies partial updates. Switching a security notice off is a `400` (and
 * nothing is written); setting it on is accepted as a no-op. `field` is the
 * body key the updates came in (`preferences`, or `data` as GET returns them),
 * used in error paths.
 */
export async function updatePreferences(
  db: Db,
  userId: string,
  updates: PreferenceUpdate[],
  field = "preferences",
  now = Date.now(),
) {
  const errors: { path: string; message: string }[] = [];
  const seen = new Set<string>();
  updates.forEach((u, i) => {
    if (seen.has(u.type)) errors.push({ path: `${field}.${i}.type`, message: "Each type may appear once." });
    seen.add(u.type);
    const info = TYPE_INFO[u.type];
    if (u.description !== undefined && u.description !== info.description) {
      errors.push({ path: `${field}.${i}.description`, message: "description is read-only." });
    }
    if (u.configurable !== undefined && u.configurable !== !info.security) {
      errors.push({ path: `${field}.${i}.configurable`, message: "configurable is read-only." });
    }
    if (info.security) {
      for (const channel of CHANNELS) {
        if (u[channel] === false) {
          errors.push({
            path: `${field}.${i}.${channel}`,
            message: `${u.type} is a security notice and cannot be switched off.`,
          });
        }
      }
    }
  });
  if (errors.length) throw badRequest("Some preferences cannot be applied.", errors);

  const writes = updates
    .filter((u) => !TYPE_INFO[u.type].security && (u.in_app !== undefined || u.email !== undefined))
    .map((u) => {
      const set: Partial<typeof notificationPreferences.$inferInsert> = { updatedAt: now };
      if (u.in_app !== undefined) set.inApp = u.in_app;
      if (u.email !== undefined) set.email = u.email;
      return db
        .insert(notificationPreferences)
        .values({ userId, type: u.type, inApp: u.in_app ?? null, email: u.email ?? null, updatedAt: now })
        .onConflictDoUpdate({ target: [notificationPreferences.userId, notificationPreferences.type], set });
    });
  const [first, ...rest] = writes;
  // One batch = one SQL transaction: either every preference changes or none.
  if (first) await db.batch([first, ...rest]);
  return getPreferences(db, userId);
}

/** Effective settings of one type for many users (one IN query per 90 ids). */
export async function resolvePreferences(
  db: Db,
  userIds: string[],
  type: NotificationType,
): Promise<Map<string, ChannelSettings>> {
  const overrides = new Map<string, Override>();
  if (!TYPE_INFO[type].security) {
    for (let i = 0; i < userIds.length; i += 90) {
      const rows = await db
        .select({
          userId: notificationPreferences.userId,
          inApp: notificationPreferences.inApp,
          email: notificationPreferences.email,
        })
        .from(notificationPreferences)
        .where(
          and(
            eq(notificationPreferences.type, type),
            inArray(notificationPreferences.userId, userIds.slice(i, i + 90)),
          ),
        );
      for (const r of rows) overrides.set(r.userId, r);
    }
  }
  return new Map(userIds.map((id) => [id, effective(type, overrides.get(id))]));
}

/**
 * One-click unsubscribe: switches one type's email off. Returns false when the
 * user no longer exists (nothing to do; the caller answers as if done).
 */
export async function disableEmail(db: Db, userId: string, type: NotificationType, now = Date.now()): Promise<boolean> {
  const [user] = await db.select({ id: users.id }).from(users).where(eq(users.id, userId));
  if (!user) return false;
  await db
    .insert(notificationPreferences)
    .values({ userId, type, inApp: null, email: false, updatedAt: now })
    .onConflictDoUpdate({
      target: [notificationPreferences.userId, notificationPreferences.type],
      set: { email: false, updatedAt: now },
    });
  return true;
}

/** The effective settings of one type for one user. */
export async function getPreference(db: Db, userId: string, type: NotificationType): Promise<ChannelSettings> {
  return (await resolvePreferences(db, [userId], type)).get(userId) ?? { ...TYPE_INFO[type].defaults };
}
