import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { DAY } from "../src/lib/time";
import { notifications } from "../src/platform/db/schema";
import { db, makeNotification, signedIn } from "./factories";
import { api, expectProblem } from "./helpers/http";

describe("GET /api/v1/notifications", () => {
  it("lists the caller's notifications newest first with unread_count", async () => {
    const me = await signedIn();
    const other = await signedIn();
    const t = Date.now();
    const older = await makeNotification(me.user.id, { createdAt: t - 2000 });
    const read = await makeNotification(me.user.id, { createdAt: t - 1000, readAt: t - 500 });
    const newest = await makeNotification(me.user.id, { createdAt: t, type: "job_alert", data: { n: 1 } });
    await makeNotification(other.user.id);

    const r = await api.get("/api/v1/notifications", { token: me.token });
    expect(r.status).toBe(200);
    expect(r.json.data.map((n: { id: string }) => n.id)).toEqual([newest.id, read.id, older.id]);
    expect(r.json.unread_count).toBe(2);
    expect(r.json.next_cursor).toBeNull();
    expect(r.json.data[0]).toEqual({
      id: newest.id,
      type: "job_alert",
      title: newest.title,
      body: newest.body,
      data: { n: 1 },
      action_url: "/applications/a1",
      read_at: null,
      created_at: new Date(t).toISOString(),
    });
    expect(r.json.data[1].read_at).toBe(new Date(t - 500).toISOString());
  });

  it("filters unread and pages with a cursor", async () => {
    const me = await signedIn();
    const t = Date.now();
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      // Two share a timestamp so the id tie-breaker is exercised.
      const n = await makeNotification(me.user.id, { createdAt: t - (i === 2 ? 1 : i) * 1000 });
      ids.push(n.id);
    }
    await makeNotification(me.user.id, { createdAt: t - 10_000, readAt: t });

    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const q: string = `/api/v1/notifications?unread=true&limit=2${cursor ? `&cursor=${cursor}` : ""}`;
      const r = await api.get(q, { token: me.token });
      expect(r.status).toBe(200);
      expect(r.json.unread_count).toBe(5);
      for (const n of r.json.data) {
        expect(n.read_at).toBeNull();
        seen.push(n.id);
      }
      cursor = r.json.next_cursor;
      pages++;
    } while (cursor && pages < 10);
    expect(pages).toBe(3);
    expect(new Set(seen).size).toBe(5);
    expect(seen.sort()).toEqual([...ids].sort());

    const all = await api.get("/api/v1/notifications?limit=100", { token: me.token });
    expect(all.json.data).toHaveLength(6);
  });

  it("rejects bad query parameters and anonymous callers", async () => {
    const me = await signedIn();
    expectProblem(await api.get("/api/v1/notifications?limit=0", { token: me.token }), 400, "validation-error");
    expectProblem(await api.get("/api/v1/notifications?unread=yes", { token: me.token }), 400, "validation-error");
    expectProblem(await api.get("/api/v1/notifications?cursor=not-a-cursor", { token: me.token }), 400);
    expectProblem(await api.get("/api/v1/notifications"), 401);
  });
});

describe("read, read-all, delete", () => {
  it("marks one notification read, keeping the first read_at", async () => {
    const me = await signedIn();
    const n = await makeNotification(me.user.id);
    const r = await api.post(`/api/v1/notifications/${n.id}/read`, undefined, { token: me.token });
    expect(r.status).toBe(200);
    expect(r.json.id).toBe(n.id);
    expect(r.json.read_at).not.toBeNull();
    const again = await api.post(`/api/v1/notifications/${n.id}/read`, undefined, { token: me.token });
    expect(again.json.read_at).toBe(r.json.read_at);
    const list = await api.get("/api/v1/notifications", { token: me.token });
    expect(list.json.unread_count).toBe(0);
  });

  it("read-all marks only the caller's unread notifications", async () => {
    const me = await signedIn();
    const other = await signedIn();
    await makeNotification(me.user.id);
    await makeNotification(me.user.id);
    await makeNotification(me.user.id, { readAt: Date.now() - DAY });
    const theirs = await makeNotification(other.user.id);

    const r = await api.post("/api/v1/notifications/read-all", undefined, { token: me.token });
    expect(r.status).toBe(200);
    expect(r.json).toEqual({ updated: 2, unread_count: 0 });
    const stored = await db().select().from(notifications).where(eq(notifications.id, theirs.id)).get();
    expect(stored?.readAt).toBeNull();
    expectProblem(await api.post("/api/v1/notifications/read-all"), 401);
  });

  it("deletes a notification", async () => {
    const me = await signedIn();
    const n = await makeNotification(me.user.id);
    const r = await api.delete(`/api/v1/notifications/${n.id}`, { token: me.token });
    expect(r.status).toBe(204);
    const stored = await db().select().from(notifications).where(eq(notifications.id, n.id)).get();
    expect(stored).toBeUndefined();
    expectProblem(await api.delete(`/api/v1/notifications/${n.id}`, { token: me.token }), 404, "not-found");
  });

  it("answers 404 for someone else's notification and changes nothing", async () => {
    const me = await signedIn();
    const other = await signedIn();
    const theirs = await makeNotification(other.user.id);
    expectProblem(await api.post(`/api/v1/notifications/${theirs.id}/read`, undefined, { token: me.token }), 404);
    expectProblem(await api.delete(`/api/v1/notifications/${theirs.id}`, { token: me.token }), 404);
    expectProblem(await api.post("/api/v1/notifications/nope/read", undefined, { token: me.token }), 404);
    const stored = await db().select().from(notifications).where(eq(notifications.id, theirs.id)).get();
    expect(stored?.readAt).toBeNull();
  });

  it("requires authentication", async () => {
    expectProblem(await api.post("/api/v1/notifications/x/read"), 401);
    expectProblem(await api.delete("/api/v1/notifications/x"), 401);
  });
});

describe("OpenAPI", () => {
  it("documents every notifications and realtime route", async () => {
    const r = await api.get("/openapi.json");
    expect(r.status).toBe(200);
    const ops = Object.values(r.json.paths as Record<string, Record<string, { operationId: string }>>).flatMap((p) =>
      Object.values(p).map((o) => o.operationId),
    );
    for (const id of [
      "listNotifications",
      "markNotificationRead",
      "markAllNotificationsRead",
      "deleteNotification",
      "getNotificationPreferences",
      "updateNotificationPreferences",
      "createRealtimeTicket",
      "openRealtimeChannel",
      // Notification-type unsubscribe links use the one unsubscribe pair (modules/unsubscribe).
      "describeUnsubscribe",
      "unsubscribe",
    ]) {
      expect(ops).toContain(id);
    }
    expect(r.json.paths["/api/v1/notifications/{id}/read"].post.parameters[0].name).toBe("id");
  });
});
