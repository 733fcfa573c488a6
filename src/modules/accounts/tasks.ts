/**
 * Daily purge of expired account security records: one-time tokens, OAuth
 * states, refresh tokens and sessions past their expiry, stale lockout
 * counters, and login history / known devices older than
 * LOGIN_HISTORY_RETENTION_DAYS (default 90). Deletes run in chunks so one
 * statement never holds D1 for long; rerunning does nothing new.
 */

import { DAY } from "../../lib/time";
import type { CronContext } from "../../platform/scheduler";
import { LOCK_MS, WINDOW_MS } from "./lockout";

const CHUNK = 5000;

async function purge(d1: D1Database, table: string, where: string, ...binds: number[]): Promise<number> {
  let total = 0;
  for (let i = 0; i < 100; i++) {
    const res = await d1
      .prepare(`DELETE FROM ${table} WHERE rowid IN (SELECT rowid FROM ${table} WHERE ${where} LIMIT ${CHUNK})`)
      .bind(...binds)
      .run();
    total += res.meta.changes;
    if (res.meta.changes < CHUNK) break;
  }
  return total;
}

export function retentionDays(env: Pick<Env, "LOGIN_HISTORY_RETENTION_DAYS">): number {
  const n = Number(env.LOGIN_HISTORY_RETENTION_DAYS);
  return Number.isInteger(n) && n >= 1 ? n : 90;
}

export async function purgeAccountRecords({ env, scheduledTime }: Pick<CronContext, "env" | "scheduledTime">) {
  const now = scheduledTime;
  const d1 = env.DB;
  const historyCutoff = now - retentionDays(env) * DAY;
  return {
    account_tokens: await purge(d1, "account_tokens", "expires_at < ?", now),
    oauth_states: await purge(d1, "oauth_states", "expires_at < ?", now),
    refresh_tokens: await purge(d1, "refresh_tokens", "expires_at < ?", now),
    // Sessions are kept for a week past expiry so "signed out because expired" stays visible briefly.
    sessions: await purge(d1, "sessions", "expires_at < ?", now - 7 * DAY),
    account_lockouts: await purge(
      d1,
      "account_lockouts",
      "updated_at < ? AND (locked_until IS NULL OR locked_until < ?)",
      now - Math.max(WINDOW_MS, LOCK_MS),
      now,
    ),
    login_attempts: await purge(d1, "login_attempts", "created_at < ?", historyCutoff),
    known_devices: await purge(d1, "known_devices", "last_seen_at < ?", historyCutoff),
  };
}
