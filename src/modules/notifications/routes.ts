import type { Context } from "hono";
import { requireAuth } from "../../http/access";
import { createRouter, defineRoute, errorResponses, jsonBody, jsonResponse } from "../../http/openapi";
import { mapPage } from "../../http/pagination";
import { ApiError, unauthorized } from "../../http/problem";
import { rateLimit } from "../../http/rate-limit";
import type { AppEnv } from "../../platform/env";
import { CHANNELS } from "./catalog";
import { getPreferences, updatePreferences } from "./preferences";
import { presentNotification } from "./presenters";
import * as realtime from "./realtime";
import {
  ListNotificationsQuery,
  NotificationIdParam,
  NotificationList,
  NotificationSchema,
  PreferencesEnvelope,
  ReadAllResult,
  RealtimeQuery,
  TicketSchema,
  UpdatePreferencesBody,
} from "./schemas";
import * as center from "./service";

const tags = ["Notifications"];

/** Mounted at `/api/v1`: `/notifications…` and `/realtime…`. */
export const notificationsRouter = createRouter();

/** Other tabs of the user update their badge after a read/delete; best effort, after the response. */
function syncUnreadCount(c: Context<AppEnv>, userId: string, count: number) {
  c.executionCtx.waitUntil(realtime.pushUnreadCount(c.env, userId, count));
}

notificationsRouter.openapi(
  defineRoute({
    method: "get",
    path: "/notifications",
    access: { scope: "notifications:read" },
    operationId: "listNotifications",
    tags,
    summary: "The caller's notifications, newest first",
    request: { query: ListNotificationsQuery },
    responses: { 200: jsonResponse(NotificationList, "A page of notifications"), ...errorResponses(400, 401) },
  }),
  async (c) => {
    const caller = requireAuth(c);
    const q = c.req.valid("query");
    const page = await center.listNotifications(c.get("db"), caller.userId, {
      unreadOnly: q.unread === "true",
      limit: q.limit,
      cursor: q.cursor,
    });
    return c.json({ ...mapPage(page, presentNotification), unread_count: page.unread_count }, 200);
  },
);

notificationsRouter.openapi(
  defineRoute({
    method: "get",
    path: "/notifications/preferences",
    access: { scope: "notifications:read" },
    operationId: "getNotificationPreferences",
    tags,
    summary: "Notification preferences per type and channel",
    responses: { 200: jsonResponse(PreferencesEnvelope, "Effective preferences"), ...errorResponses(401) },
  }),
  async (c) => {
    const caller = requireAuth(c);
    return c.json({ data: await getPreferences(c.get("db"), caller.userId), channels: [...CHANNELS] }, 200);
  },
);

notificationsRouter.openapi(
  defineRoute({
    method: "put",
    path: "/notifications/preferences",
    access: { scope: "notifications:write" },
    operationId: "updateNotificationPreferences",
    tags,
    summary: "Change notification preferences",
    description:
      "Partial update: only the listed types and channels change. Security notices (`new_device_login`, `password_changed`) cannot be switched off (`400`).",
    request: { body: jsonBody(UpdatePreferencesBody) },
    responses: { 200: jsonResponse(PreferencesEnvelope, "Effective preferences"), ...errorResponses(400, 401) },
  }),
  async (c) => {
    const caller = requireAuth(c);
    const body = c.req.valid("json");
    const [field, updates] = body.data
      ? (["data", body.data] as const)
      : (["preferences", body.preferences ?? []] as const);
    const data = await updatePreferences(c.get("db"), caller.userId, updates, field);
    return c.json({ data, channels: [...CHANNELS] }, 200);
  },
);

notificationsRouter.openapi(
  defineRoute({
    method: "post",
    path: "/notifications/read-all",
    access: { scope: "notifications:write" },
    operationId: "markAllNotificationsRead",
    tags,
    summary: "Mark every notification read",
    responses: { 200: jsonResponse(ReadAllResult, "All read"), ...errorResponses(401) },
  }),
  async (c) => {
    const caller = requireAuth(c);
    const updated = await center.markAllRead(c.get("db"), caller.userId);
    if (updated > 0) syncUnreadCount(c, caller.userId, 0);
    return c.json({ updated, unread_count: 0 }, 200);
  },
);

notificationsRouter.openapi(
  defineRoute({
    method: "post",
    path: "/notifications/{id}/read",
    access: { scope: "notifications:write" },
    operationId: "markNotificationRead",
    tags,
    summary: "Mark one notification read",
    request: { params: NotificationIdParam },
    responses: { 200: jsonResponse(NotificationSchema, "The notification"), ...errorResponses(401, 404) },
  }),
  async (c) => {
    const caller = requireAuth(c);
    const db = c.get("db");
    const row = await center.markRead(db, caller.userId, c.req.valid("param").id);
    syncUnreadCount(c, caller.userId, await center.unreadCount(db, caller.userId));
    return c.json(presentNotification(row), 200);
  },
);

notificationsRouter.openapi(
  defineRoute({
    method: "delete",
    path: "/notifications/{id}",
    access: { scope: "notifications:write" },
    operationId: "deleteNotification",
    tags,
    summary: "Delete one notification",
    request: { params: NotificationIdParam },
    responses: { 204: { description: "Deleted" }, ...errorResponses(401, 404) },
  }),
  async (c) => {
    const caller = requireAuth(c);
    const db = c.get("db");
    await center.deleteNotification(db, caller.userId, c.req.valid("param").id);
    syncUnreadCount(c, caller.userId, await center.unreadCount(db, caller.userId));
    return c.body(null, 204);
  },
);

/** Tickets per user (matches RL_API in wrangler.toml). */
const ticketLimit = rateLimit({
  binding: "RL_API",
  limit: 600,
  periodSeconds: 60,
  name: "realtime-ticket",
  key: (c) => c.get("auth")?.userId ?? null,
});

notificationsRouter.openapi(
  defineRoute({
    method: "post",
    path: "/realtime/ticket",
    access: { scope: "notifications:read" },
    operationId: "createRealtimeTicket",
    tags: ["Realtime"],
    summary: "A single-use ticket to open the realtime WebSocket",
    middleware: [ticketLimit] as const,
    description:
      "Browsers cannot send `Authorization` on a WebSocket: trade the bearer token for a ticket valid once within 60 seconds, then open `GET /api/v1/realtime?ticket=…`.",
    responses: { 201: jsonResponse(TicketSchema, "The ticket"), ...errorResponses(401) },
  }),
  async (c) => {
    const caller = requireAuth(c);
    const t = await realtime.createTicket(c.get("db"), {
      userId: caller.userId,
      sessionId: caller.sessionId,
      apiKeyId: caller.apiKeyId ?? null,
    });
    return c.json(
      { ticket: t.ticket, expires_in: t.expiresIn, url: `/api/v1/realtime?ticket=${encodeURIComponent(t.ticket)}` },
      201,
      { "Cache-Control": "no-store" },
    );
  },
);

notificationsRouter.openapi(
  defineRoute({
    method: "get",
    path: "/realtime",
    access: { public: true },
    operationId: "openRealtimeChannel",
    tags: ["Realtime"],
    summary: "Open the realtime WebSocket (upgrade)",
    description:
      'Server frames: `{"type":"notification","notification":{…}}`, `{"type":"unread_count","count":n}` (also sent on connect). Client `{"type":"ping"}` → `{"type":"pong"}`. An unknown, reused or expired ticket → `401`; a request without `Upgrade: websocket` → `426`.',
    request: { query: RealtimeQuery },
    responses: {
      101: { description: "Switching protocols: the WebSocket is open" },
      426: { description: "Upgrade required: this endpoint only speaks WebSocket" },
      ...errorResponses(400, 401),
    },
  }),
  async (c) => {
    // Checked before the ticket is consumed, so a plain GET does not burn it.
    if (c.req.header("Upgrade")?.toLowerCase() !== "websocket") {
      throw new ApiError(426, "upgrade-required", "This endpoint only accepts WebSocket upgrades.", {
        headers: { Upgrade: "websocket" },
      });
    }
    const owner = await realtime.redeemTicket(c.get("db"), c.req.valid("query").ticket);
    if (!owner) {
      throw unauthorized("The ticket is unknown, already used or expired, or its session has ended.", "invalid-ticket");
    }
    return await realtime.openChannel(c.env, owner, c.req.raw);
  },
);
