/**
 * Digest periods. A daily period starts at the daily cron tick (03:00 UTC), a
 * weekly one at the weekly tick (Monday 06:00 UTC), matching CRON.daily and
 * CRON.weekly in src/cron.ts. The key is the UTC date the period
 * starts on, so keys of one frequency sort in time order.
 */

import { DAY, HOUR } from "../../lib/time";
import type { AlertFrequency } from "../../platform/db/schema";

const DAILY_START = 3 * HOUR;
const WEEKLY_START = 6 * HOUR;

export type DigestFrequency = Exclude<AlertFrequency, "instant">;

/** The key of the digest period containing `t`. */
export function periodKey(frequency: DigestFrequency, t: number): string {
  if (frequency === "daily") return new Date(t - DAILY_START).toISOString().slice(0, 10);
  const day = Math.floor((t - WEEKLY_START) / DAY);
  // Day 0 (1970-01-01) was a Thursday: (day + 3) % 7 is 0 on Mondays.
  const monday = day - ((((day + 3) % 7) + 7) % 7);
  return new Date(monday * DAY).toISOString().slice(0, 10);
}

/** The period key an alert starts with: digests begin with the next period, never the current one. */
export function initialPeriod(frequency: AlertFrequency, now: number): string {
  return frequency === "instant" ? "" : periodKey(frequency, now);
}
