/**
 * Fan-out of one domain event to its recipients: in-app rows, emails and
 * realtime frames, respecting preferences (security notices always go out).
 * Runs in the queue consumer (`notification.dispatch`), where a message can be
 * delivered more than once, so every effect happens at most once per
 * (event id, user):
 *   - in-app: the unique index (event_id, user_id) + ON CONFLICT DO NOTHING;
 *     only rows this call created are pushed to the user's channel;
 *   - email: a claim row in notification_deliveries is inserted first and the
 *     emails are queued (`queueEmail`: log rows and outbox rows in one batch,
 *     ids derived from the event) only for claims this call won. If that batch
 *     fails the claims are released and the error propagates, so the queue
 *     retries and the email is not lost; once it committed, the outbox sends.
 */
import { and, eq, inArray } from "drizzle-orm";
import { newId } from "../../lib/ids";
import { appUrl } from "../../lib/urls";
import { createDb, type Db } from "../../platform/db/client";
import { notificationDeliveries, notifications, users } from "../../platform/db/schema";
import { queueEmail } from "../../platform/email/log";
import { templates } from "../../platform/email/templates";
import { unsubscribeUrl } from "../../platform/email/unsubscribe";
import { pushToUser } from "../../platform/realtime/push";
import { CHANNELS, isSecurityType } from "./catalog";
import { NotificationEvent, type NotificationEventInput } from "./events";
import { resolvePreferences } from "./preferences";
import { presentNotification } from "./presenters";
import { unreadCounts } from "./service";

export type NotifyEnv = Pick<Env, "DB" | "EVENTS" | "USER_CHANNEL" | "PUBLIC_APP_URL" | "SIGNING_SECRET">;

export interface NotifyResult {
  /** In-app notifications created by this call (0 on a redelivery). */
  created: number;
  /** Emails enqueued by this call (0 on a redelivery). */
  emailed: number;
  /** Users whose open sockets received the new notification. */
  pushed: number;
}

/** Where the email footer sends people to change their notification settings. */
export const PREFERENCES_PATH = "/settings/notifications";

/** Queue-friendly concurrency: at most `limit` promises in flight. */
async function inPool<T, R>(items: T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const workers = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i] as T);
    }
  });
  await Promise.all(workers);
  return out;
}

async function loadRecipients(db: Db, ids: string[]) {
  const out = [];
  for (let i = 0; i < ids.length; i += 90) {
    out.push(
      ...(await db
        .select({
          id: users.id,
          email: users.email,
          firstName: users.firstName,
          status: users.status,
          emailVerifiedAt: users.emailVerifiedAt,
        })
        .from(users)
        .where(inArray(users.id, ids.slice(i, i + 90)))),
    );
  }
  return out;
}

/**
 * Delivers a domain event to its recipients. Idempotent per (event.id, user):
 * calling it again with the same event creates nothing and sends nothing twice.
 * Throws (so the queue retries) only when storing or enqueueing fails.
 */
/**
 * The `notification.dispatch` handler: the queue carries the event as plain JSON, so it is
 * validated here; one that does not parse is logged and dropped (retrying cannot fix it).
 */
export async function onNotificationDispatch(env: NotifyEnv, event: unknown): Promise<void> {
  const parsed = NotificationEvent.safeParse(event);
  if (!parsed.success) {
    console.warn(JSON.stringify({ level: "warn", msg: "malformed notification event dropped" }));
    return;
  }
  await notify(env, parsed.data);
}

export async function notify(env: NotifyEnv, input: NotificationEventInput, now = Date.now()): Promise<NotifyResult> {
  const event = NotificationEvent.parse(input);
  const db = createDb(env.DB);
  const security = isSecurityType(event.type);
  const wanted = new Set(event.channels ?? CHANNELS);

  // Deleted accounts get nothing; suspended ones still hear about their own security.
  const people = (await loadRecipients(db, [...new Set(event.recipients)])).filter(
    (u) => u.status === "active" || (security && u.status === "suspended"),
  );
  if (people.length === 0) return { created: 0, emailed: 0, pushed: 0 };
  const prefs = await resolvePreferences(
    db,
    people.map((u) => u.id),
    event.type,
  );

  // 1. In-app rows (10 columns per row: 9 rows per statement stays under D1's 100 bound parameters).
  const inAppUsers = wanted.has("in_app") ? people.filter((u) => prefs.get(u.id)?.in_app) : [];
  const created: (typeof notifications.$inferSelect)[] = [];
  for (let i = 0; i < inAppUsers.length; i += 9) {
    const values = inAppUsers.slice(i, i + 9).map((u) => ({
      id: newId(now),
      userId: u.id,
      type: event.type,
      title: event.title,
      body: event.body,
      data: event.data,
      actionUrl: event.action_url ?? null,
      eventId: event.id,
      readAt: null,
      createdAt: now,
    }));
    created.push(...(await db.insert(notifications).values(values).onConflictDoNothing().returning()));
  }

  // 2. Realtime, before email: if enqueueing the email fails and the message is
  // retried, these rows are no longer new and would never be pushed otherwise.
  let pushed = 0;
  if (created.length) {
    const counts = await unreadCounts(
      db,
      created.map((n) => n.userId),
    );
    const results = await inPool(created, 6, (n) =>
      pushToUser(env, n.userId, [
        { type: "notification", notification: presentNotification(n) },
        { type: "unread_count", count: counts.get(n.userId) ?? 0 },
      ]),
    );
    pushed = results.filter((r) => r > 0).length;
  }

  // 3. Email. Unverified addresses only get security notices: anything else
  // could be used to mail a stranger who never confirmed the address.
  const emailUsers = wanted.has("email")
    ? people.filter((u) => prefs.get(u.id)?.email && (security || u.emailVerifiedAt !== null))
    : [];
  let emailed = 0;
  if (emailUsers.length) {
    const claimed = new Set<string>();
    for (let i = 0; i < emailUsers.length; i += 25) {
      const rows = await db
        .insert(notificationDeliveries)
        .values(
          emailUsers
            .slice(i, i + 25)
            .map((u) => ({ eventId: event.id, userId: u.id, channel: "email" as const, createdAt: now })),
        )
        .onConflictDoNothing()
        .returning({ userId: notificationDeliveries.userId });
      for (const r of rows) claimed.add(r.userId);
    }
    const recipients = emailUsers.filter((u) => claimed.has(u.id));
    const template = event.email && templates[event.email.template] ? event.email.template : `notify.${event.type}`;
    const actionUrl = event.action_url ? appUrl(env, event.action_url) : null;
    const unsubscribe = new Map<string, string>();
    const ownUnsubscribe = event.email?.unsubscribe_url;
    if (!security) {
      for (const u of recipients) {
        if (ownUnsubscribe) {
          unsubscribe.set(u.id, ownUnsubscribe);
          continue;
        }
        unsubscribe.set(u.id, await unsubscribeUrl(env, { kind: "notification", userId: u.id, type: event.type }, now));
      }
    }
    try {
      await queueEmail(
        db,
        env,
        recipients.map((u) => ({
          // Deterministic, so a redelivered event records and sends each email once.
          id: `notif:${event.id}:${u.id}`,
          to: u.email,
          userId: u.id,
          template,
          // The per-type one-click link: the email pipeline puts it in List-Unsubscribe and the footer.
          ...(security ? {} : { unsubscribeUrl: unsubscribe.get(u.id) }),
          data: {
            ...event.data,
            ...event.email?.data,
            type: event.type,
            title: event.title,
            body: event.body,
            first_name: u.firstName,
            action_url: actionUrl,
            app_url: appUrl(env, "/"),
            ...(security ? {} : { preferences_url: appUrl(env, PREFERENCES_PATH) }),
          },
        })),
      );
    } catch (err) {
      await releaseEmailClaims(
        db,
        event.id,
        recipients.map((u) => u.id),
      );
      throw err;
    }
    emailed = recipients.length;
  }

  return { created: created.length, emailed, pushed };
}

async function releaseEmailClaims(db: Db, eventId: string, userIds: string[]): Promise<void> {
  for (let i = 0; i < userIds.length; i += 90) {
    await db
      .delete(notificationDeliveries)
      .where(
        and(
          eq(notificationDeliveries.eventId, eventId),
          eq(notificationDeliveries.channel, "email"),
          inArray(notificationDeliveries.userId, userIds.slice(i, i + 90)),
        ),
      );
  }
}
