/**
 * Daily and weekly digests, run by the cron. Each alert is *claimed* for the
 * current period with a conditional UPDATE of `last_period` (so a rerun of the
 * tick, or an overlapping run, finds nothing to do), then matched with the
 * shared search matcher over the jobs published since its `last_run_at`. Only
 * alerts with something new get a notification (event id
 * `alert:{id}:{frequency}:{period}`, so notify dedupes any repeat). Work is
 * bounded: PAGE alerts per step, MAX_PAGES steps per run; the hourly run picks
 * up what a run left over, because unclaimed alerts still have an older period.
 */
import type { JobAlertRow } from "../../db/schema";
import { enqueue } from "../../queue/enqueue";
import type { NewMessage } from "../../queue/messages";
import { readWindow, windowStatements } from "../jobs/match";
import { prepare } from "../jobs/sql";
import { NotificationEvent } from "../notifications/events";
import { type AlertRef, alertEvent, DIGEST_MAX_JOBS } from "./deliver";
import { type DigestFrequency, periodKey } from "./periods";
import { toSearchInput } from "./query";

/** 50 alerts × 2 statements = one D1 batch of 100 statements per page. */
const PAGE = 50;
const MAX_PAGES = 10;

type DigestEnv = Pick<Env, "DB" | "EVENTS" | "PUBLIC_APP_URL" | "SIGNING_SECRET">;

interface Claimed {
  id: string;
  user_id: string;
  name: string;
  query: string;
  frequency: DigestFrequency;
  channels: string;
  last_run_at: number;
}

export interface DigestResult {
  frequency: DigestFrequency;
  period: string;
  claimed: number;
  sent: number;
}

// No ORDER BY: any pending alerts will do, and the digest index then yields the
// first PAGE of them without sorting every pending alert.
const CLAIM = `
UPDATE job_alerts SET last_period = ?1
 WHERE id IN (
   SELECT a.id FROM job_alerts a JOIN users u ON u.id = a.user_id
    WHERE a.frequency = ?2 AND a.active = 1 AND a.last_period < ?1 AND u.status = 'active'
    LIMIT ?3)
   AND last_period < ?1
RETURNING id, user_id, name, query, frequency, channels, last_run_at`;

function toRef(c: Claimed): AlertRef {
  return {
    id: c.id,
    userId: c.user_id,
    name: c.name,
    query: JSON.parse(c.query) as JobAlertRow["query"],
    frequency: c.frequency,
    channels: JSON.parse(c.channels) as JobAlertRow["channels"],
  };
}

/** One page: claim, match, notify, advance. Returns what it did (claimed 0 = nothing left). */
async function digestPage(env: DigestEnv, frequency: DigestFrequency, period: string, now: number, size: number) {
  const { results: claimed } = await env.DB.prepare(CLAIM).bind(period, frequency, size).all<Claimed>();
  if (!claimed.length) return { claimed: 0, sent: 0 };

  const work: { ref: AlertRef; since: number; at: number }[] = [];
  const statements: D1PreparedStatement[] = [];
  for (const c of claimed) {
    try {
      const ref = toRef(c);
      const [page, count] = windowStatements(toSearchInput(ref.query), {
        after: Number(c.last_run_at),
        until: now,
        limit: DIGEST_MAX_JOBS,
        now,
      });
      work.push({ ref, since: Number(c.last_run_at), at: statements.length });
      statements.push(prepare(env.DB, page), prepare(env.DB, count));
    } catch (err) {
      console.warn(
        JSON.stringify({ level: "warn", msg: "skipping unreadable alert", alert_id: c.id, error: String(err) }),
      );
    }
  }
  const results = statements.length ? await env.DB.batch(statements) : [];

  const messages: NewMessage[] = [];
  const sentIds: string[] = [];
  for (const w of work) {
    const { jobs, total } = readWindow(env, results[w.at], results[w.at + 1]);
    if (total === 0) continue; // nothing new → nothing sent
    const event = await alertEvent(env, w.ref, {
      eventId: `alert:${w.ref.id}:${frequency}:${period}`,
      jobs,
      total,
      now,
    });
    messages.push({ type: "notification.dispatch", event: NotificationEvent.parse(event) });
    sentIds.push(w.ref.id);
  }

  const ids = claimed.map((c) => c.id);
  try {
    await enqueue(env, ...messages);
  } catch (err) {
    // Give the page back: the next run retries it (event ids dedupe anything that did go out).
    await byIds(env.DB, "UPDATE job_alerts SET last_period = '' WHERE last_period = ? AND id IN", [period], ids);
    throw err;
  }
  // The next window starts where this one ended: a job is in exactly one digest.
  await byIds(env.DB, "UPDATE job_alerts SET last_run_at = ? WHERE id IN", [now], ids);
  if (sentIds.length) await byIds(env.DB, "UPDATE job_alerts SET last_sent_at = ? WHERE id IN", [now], sentIds);
  return { claimed: claimed.length, sent: sentIds.length };
}

async function byIds(d1: D1Database, head: string, params: unknown[], ids: string[]): Promise<void> {
  for (let i = 0; i < ids.length; i += 90) {
    const chunk = ids.slice(i, i + 90);
    await d1
      .prepare(`${head} (${chunk.map(() => "?").join(", ")})`)
      .bind(...params, ...chunk)
      .run();
  }
}

/** Runs the digests of one frequency for the period containing `now`. */
export async function runDigests(
  env: DigestEnv,
  frequency: DigestFrequency,
  now: number,
  limits: { page?: number; maxPages?: number } = {},
): Promise<DigestResult> {
  const size = Math.min(limits.page ?? PAGE, PAGE);
  const period = periodKey(frequency, now);
  const out: DigestResult = { frequency, period, claimed: 0, sent: 0 };
  for (let page = 0; page < (limits.maxPages ?? MAX_PAGES); page++) {
    const r = await digestPage(env, frequency, period, now, size);
    out.claimed += r.claimed;
    out.sent += r.sent;
    if (r.claimed < size) break;
  }
  return out;
}

/**
 * Alerts of accounts that are no longer active (suspended or deleted) stop;
 * alerts stopped that way resume when the account is active again. Bounded per run.
 */
export async function syncAccountStatus(d1: D1Database, now: number): Promise<{ paused: number; resumed: number }> {
  const [paused, resumed] = await d1.batch([
    d1
      .prepare(
        `UPDATE job_alerts SET active = 0, paused_reason = 'account_inactive', updated_at = ?1
          WHERE id IN (SELECT a.id FROM users u JOIN job_alerts a ON a.user_id = u.id
                        WHERE u.status IN ('suspended', 'deleted') AND a.active = 1 LIMIT 500)
          RETURNING id`,
      )
      .bind(now),
    d1
      .prepare(
        `UPDATE job_alerts SET active = 1, paused_reason = NULL, updated_at = ?1, last_run_at = ?1,
                last_period = CASE frequency WHEN 'daily' THEN ?2 WHEN 'weekly' THEN ?3 ELSE '' END
          WHERE id IN (SELECT a.id FROM job_alerts a JOIN users u ON u.id = a.user_id
                        WHERE a.paused_reason = 'account_inactive' AND u.status = 'active' LIMIT 500)
          RETURNING id`,
      )
      .bind(now, periodKey("daily", now), periodKey("weekly", now)),
  ]);
  return { paused: paused?.results.length ?? 0, resumed: resumed?.results.length ?? 0 };
}
