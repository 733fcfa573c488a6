/**
 * Calendar feeds: the signed-in user's private webcal URL (get, rotate, revoke)
 * under /api/v1, and the feed itself at /calendar/<token>.ics, which calendar
 * clients (Google Calendar, Outlook, Apple Calendar) poll with no other credential.
 */
import { z } from "@hono/zod-openapi";
import type { Context } from "hono";
import { requireAuth } from "../../http/access";
import { createRouter, defineRoute, errorResponses, jsonResponse } from "../../http/openapi";
import { notFound } from "../../http/problem";
import type { AppEnv } from "../../platform/env";
import { interviewsFeed } from "../applications";
import { feedOf, feedOwner, MAX_TOKEN_LENGTH, revokeFeed, rotateFeed } from "./service";

const tags = ["Interviews"];

const CalendarFeedSchema = z
  .object({
    url: z.string().openapi({ example: "https://api.jobboard.dev/calendar/eyJleHAiOjE.Zm9v.ics" }),
    webcal_url: z.string().openapi({ example: "webcal://api.jobboard.dev/calendar/eyJleHAiOjE.Zm9v.ics" }),
    created_at: z.string().openapi({ example: "2026-01-02T10:00:00.000Z" }),
  })
  .openapi("CalendarFeed");

const noStore = { "Cache-Control": "private, no-store" };
const originOf = (url: string) => new URL(url).origin;

/** The caller's feed URLs from `get` or `rotate` (same arguments, same uncacheable answer). */
async function feedUrls(c: Context<AppEnv>, action: typeof feedOf | typeof rotateFeed) {
  const urls = await action(c.get("db"), c.env.SIGNING_SECRET, originOf(c.req.url), requireAuth(c).userId);
  return c.json(urls, 200, noStore);
}

/** Management of the caller's feed URL (mounted at /api/v1). */
export const calendarRouter = createRouter();

calendarRouter.openapi(
  defineRoute({
    method: "get",
    path: "/calendar/feed",
    access: { session: true },
    operationId: "getCalendarFeed",
    tags,
    summary: "Your private calendar feed URL (created on first use)",
    description:
      "One iCalendar feed (RFC 5545, with VTIMEZONE) of all your interviews, as applicant and as company member. " +
      "Subscribe with `webcal_url`; anyone holding the URL can read the feed, so keep it private. The URL stays the " +
      "same until rotated or revoked.",
    responses: { 200: jsonResponse(CalendarFeedSchema, "The feed URLs") },
  }),
  (c) => feedUrls(c, feedOf),
);

calendarRouter.openapi(
  defineRoute({
    method: "post",
    path: "/calendar/feed/rotate",
    access: { session: true },
    operationId: "rotateCalendarFeed",
    tags,
    summary: "A new calendar feed URL; the old one stops working at once",
    responses: { 200: jsonResponse(CalendarFeedSchema, "The new feed URLs") },
  }),
  (c) => feedUrls(c, rotateFeed),
);

calendarRouter.openapi(
  defineRoute({
    method: "delete",
    path: "/calendar/feed",
    access: { session: true },
    operationId: "revokeCalendarFeed",
    tags,
    summary: "Revoke your calendar feed (every URL of it answers 404)",
    responses: { 204: { description: "Revoked (also when there was none)" } },
  }),
  async (c) => {
    await revokeFeed(c.get("db"), requireAuth(c).userId);
    return c.body(null, 204);
  },
);

const FeedParam = z.object({
  file: z
    .string()
    .max(MAX_TOKEN_LENGTH + 4)
    .regex(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.ics$/)
    .openapi({ param: { name: "file", in: "path" }, description: "`<token>.ics` from the feed URL" }),
});

/** The feed itself (mounted at /): the signed token in the path is the credential. */
export const calendarFeedRouter = createRouter();

calendarFeedRouter.openapi(
  defineRoute({
    method: "get",
    path: "/calendar/{file}",
    access: { public: true },
    operationId: "getCalendarFeedIcs",
    tags,
    summary: "A user's interviews as a subscribable iCalendar feed",
    description:
      "The URL from `GET /api/v1/calendar/feed`. Forged, rotated and revoked URLs answer `404`. Interviews from " +
      "180 days ago on (at most 500); cancelled ones stay as `STATUS:CANCELLED` so subscribed copies update.",
    request: { params: FeedParam },
    responses: {
      200: { description: "text/calendar", content: { "text/calendar": { schema: z.string() } } },
      ...errorResponses(400, 404),
    },
  }),
  async (c) => {
    const token = c.req.valid("param").file.slice(0, -".ics".length);
    const db = c.get("db");
    const userId = await feedOwner(db, c.env.SIGNING_SECRET, token);
    if (!userId) throw notFound("Calendar feed");
    const ics = await interviewsFeed(db, c.env, userId, "Job Board interviews");
    return c.body(ics, 200, {
      "Content-Type": "text/calendar; charset=utf-8",
      "Content-Disposition": 'inline; filename="interviews.ics"',
      "Cache-Control": "private, max-age=300",
      "Referrer-Policy": "no-referrer",
    });
  },
);
