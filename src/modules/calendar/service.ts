/**
 * Private calendar feeds: one per user, a URL carrying a token signed
 * (src/lib/signing.ts) over the user and the feed's current key. Rotating
 * writes a new key, so every older URL stops verifying; revoking deletes the
 * row, so no URL does. The token is the only credential a calendar client sends.
 */
import { eq } from "drizzle-orm";
import { randomToken } from "../../lib/crypto";
import { sign, verify } from "../../lib/signing";
import { DAY } from "../../lib/time";
import type { Db } from "../../platform/db/client";
import { type CalendarFeedRow, calendarFeeds } from "../../platform/db/schema";
import type { GdprSection } from "../../platform/gdpr";

const PURPOSE = "calendar-feed";
/** Signed tokens always expire; a subscription should outlive any calendar client, so: ten years. */
const TOKEN_TTL_MS = 3650 * DAY;
/** A token is base64url payload "." base64url MAC; anything longer is not ours. */
export const MAX_TOKEN_LENGTH = 400;

export interface FeedUrls {
  url: string;
  webcal_url: string;
  created_at: string;
}

async function urlsOf(secret: string, origin: string, row: CalendarFeedRow): Promise<FeedUrls> {
  const { token } = await sign(secret, PURPOSE, { u: row.userId, k: row.keyId }, TOKEN_TTL_MS, row.createdAt);
  const url = `${origin}/calendar/${token}.ics`;
  return {
    url,
    webcal_url: url.replace(/^https?:/, "webcal:"),
    created_at: new Date(row.createdAt).toISOString(),
  };
}

/** The caller's feed URLs, creating the feed on first use (the same URL every time until rotated). */
export async function feedOf(db: Db, secret: string, origin: string, userId: string): Promise<FeedUrls> {
  const now = Date.now();
  await db
    .insert(calendarFeeds)
    .values({ userId, keyId: randomToken(), createdAt: now })
    .onConflictDoNothing({ target: calendarFeeds.userId });
  const row = await db.select().from(calendarFeeds).where(eq(calendarFeeds.userId, userId)).get();
  if (!row) throw new Error("calendar feed row vanished");
  return urlsOf(secret, origin, row);
}

/** A new key (and URL) for the caller's feed; the old URL stops working at once. */
export async function rotateFeed(db: Db, secret: string, origin: string, userId: string): Promise<FeedUrls> {
  const row = { userId, keyId: randomToken(), createdAt: Date.now() };
  await db
    .insert(calendarFeeds)
    .values(row)
    .onConflictDoUpdate({ target: calendarFeeds.userId, set: { keyId: row.keyId, createdAt: row.createdAt } });
  return urlsOf(secret, origin, row);
}

/** Deletes the caller's feed: every URL of it answers `404` from now on. Idempotent. */
export async function revokeFeed(db: Db, userId: string): Promise<void> {
  await db.delete(calendarFeeds).where(eq(calendarFeeds.userId, userId));
}

/** The user whose current feed `token` names, or null (forged, expired, rotated or revoked). */
export async function feedOwner(db: Db, secret: string, token: string): Promise<string | null> {
  if (token.length > MAX_TOKEN_LENGTH) return null;
  const checked = await verify(secret, PURPOSE, token);
  if (!checked.ok) return null;
  const { u, k } = checked.fields;
  if (typeof u !== "string" || typeof k !== "string") return null;
  const row = await db.select().from(calendarFeeds).where(eq(calendarFeeds.userId, u)).get();
  return row && row.keyId === k ? u : null;
}

/** GDPR: whether the user has a feed (never its URL: the export is not a credential store); erasure revokes it. */
export const calendarGdpr: GdprSection = {
  name: "calendar_feed",
  export: async (db, userId) => {
    const row = await db.select().from(calendarFeeds).where(eq(calendarFeeds.userId, userId)).get();
    return { calendar_feed: row ? { active: true, created_at: new Date(row.createdAt).toISOString() } : null };
  },
  erase: async ({ db, userId }) => {
    await revokeFeed(db, userId);
    return {};
  },
};
