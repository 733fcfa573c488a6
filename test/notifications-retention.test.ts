import { createExecutionContext, createScheduledController, env, waitOnExecutionContext } from "cloudflare:test";
import { eq, inArray } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { CRON } from "../src/cron";
import worker from "../src/index";
import { DAY } from "../src/lib/time";
import { eraseNotificationData, exportNotificationData } from "../src/modules/notifications/gdpr";
import { MAX_PAGES, PAGE_SIZE, pruneNotifications } from "../src/modules/notifications/tasks";
import {
  notificationDeliveries,
  notificationPreferences,
  notifications,
  realtimeTickets,
} from "../src/platform/db/schema";
import { db, makeNotification, makeUser, unique } from "./factories";

const NOW = Date.UTC(2027, 0, 15, 3, 0, 0);

async function runCron(cron: string, scheduledTime: number) {
  const controller = createScheduledController({ cron, scheduledTime });
  const ctx = createExecutionContext();
  await worker.scheduled(controller, env, ctx);
  await waitOnExecutionContext(ctx);
}

const exists = async (id: string) =>
  (await db().select({ id: notifications.id }).from(notifications).where(eq(notifications.id, id))).length === 1;

describe("notification retention (daily cron)", () => {
  it("prunes read notifications older than 90 days and anything older than a year", async () => {
    const user = await makeUser();
    const oldRead = await makeNotification(user.id, { createdAt: NOW - 200 * DAY, readAt: NOW - 91 * DAY });
    const recentRead = await makeNotification(user.id, { createdAt: NOW - 200 * DAY, readAt: NOW - 89 * DAY });
    const oldUnread = await makeNotification(user.id, { createdAt: NOW - 200 * DAY });
    const ancientUnread = await makeNotification(user.id, { createdAt: NOW - 366 * DAY });
    await db()
      .insert(notificationDeliveries)
      .values([
        { eventId: unique("e"), userId: user.id, channel: "email", createdAt: NOW - 31 * DAY },
        { eventId: unique("e"), userId: user.id, channel: "email", createdAt: NOW - DAY },
      ]);

    await runCron(CRON.daily, NOW);

    expect(await exists(oldRead.id)).toBe(false);
    expect(await exists(ancientUnread.id)).toBe(false);
    expect(await exists(recentRead.id)).toBe(true);
    expect(await exists(oldUnread.id)).toBe(true);
    const claims = await db().select().from(notificationDeliveries).where(eq(notificationDeliveries.userId, user.id));
    expect(claims.map((c) => c.createdAt)).toEqual([NOW - DAY]);

    // A rerun of the same tick has nothing more to do.
    await runCron(CRON.daily, NOW);
    expect(await exists(recentRead.id)).toBe(true);
  });

  it("works in bounded pages and continues on the next run", async () => {
    const user = await makeUser();
    const total = PAGE_SIZE * MAX_PAGES + 7;
    const base = NOW - 400 * DAY;
    const rows = Array.from({ length: total }, (_, i) => ({
      id: `bulk-${user.id}-${String(i).padStart(6, "0")}`,
      userId: user.id,
      type: "job_alert",
      title: "t",
      body: "b",
      data: {},
      actionUrl: null,
      eventId: null,
      readAt: base,
      createdAt: base,
    }));
    for (let i = 0; i < rows.length; i += 9)
      await db()
        .insert(notifications)
        .values(rows.slice(i, i + 9));

    const first = await pruneNotifications({ env, scheduledTime: NOW });
    expect(first.read_deleted).toBe(PAGE_SIZE * MAX_PAGES);
    expect(first.done).toBe(false);
    const second = await pruneNotifications({ env, scheduledTime: NOW });
    expect(second.read_deleted).toBe(7);
    expect(second.done).toBe(true);
    const left = await db().select().from(notifications).where(eq(notifications.userId, user.id));
    expect(left).toHaveLength(0);
  });
});

describe("realtime ticket cleanup (hourly cron)", () => {
  it("deletes expired tickets only", async () => {
    const user = await makeUser();
    const [expired, live] = [unique("t"), unique("t")];
    await db()
      .insert(realtimeTickets)
      .values([
        { tokenHash: expired, userId: user.id, expiresAt: NOW - 1, createdAt: NOW - 61_000 },
        { tokenHash: live, userId: user.id, expiresAt: NOW + 30_000, createdAt: NOW - 30_000 },
      ]);
    await runCron(CRON.hourly, NOW);
    const left = await db()
      .select()
      .from(realtimeTickets)
      .where(inArray(realtimeTickets.tokenHash, [expired, live]));
    expect(left.map((t) => t.tokenHash)).toEqual([live]);
  });
});

describe("GDPR", () => {
  it("exports and erases the user's notification data", async () => {
    const user = await makeUser();
    const other = await makeUser();
    const n = await makeNotification(user.id, { title: "Mine" });
    await makeNotification(other.id);
    await db()
      .insert(notificationPreferences)
      .values({ userId: user.id, type: "job_alert", inApp: null, email: false, updatedAt: NOW });

    const data = await exportNotificationData(db(), user.id);
    expect(data.notifications.map((x) => x.id)).toEqual([n.id]);
    expect(data.notification_preference_overrides).toEqual([
      { type: "job_alert", in_app: null, email: false, updated_at: new Date(NOW).toISOString() },
    ]);
    expect(data.notification_preferences.find((p) => p.type === "job_alert")).toMatchObject({ email: false });

    await eraseNotificationData(db(), user.id);
    expect((await exportNotificationData(db(), user.id)).notifications).toHaveLength(0);
    expect((await exportNotificationData(db(), other.id)).notifications).toHaveLength(1);
  });
});
