/**
 * Daily and weekly digests, run by the cron. A page of alerts not yet done for
 * the current period is read and matched with the shared search matcher over
 * the jobs published since each one's `last_run_at`; then ONE batch writes the
 * digests' outbox rows and *claims* the alerts (a conditional UPDATE of
 * `last_period`, which also advances `last_run_at`), the outbox inserts guarded
 * by the claim's own condition. So a crash before the batch leaves the alerts
 * unclaimed (the next run redoes them), a crash after it leaves the messages
 * in the outbox (the sweep sends them), and an overlapping run claims nothing
 * and writes nothing. Only alerts with something new get a notification
 * (event id `alert:{id}:{frequency}:{period}`, so notify dedupes any repeat).
 * Work is bounded: PAGE alerts per step, MAX_PAGES steps per run; the hourly
 * run picks up what a run left over, because unclaimed alerts still have an
 * older period.
 */
import { and, inArray, lt, sql } from "drizzle-orm";
import { createDb, type Db } from "../../platform/db/client";
import { type JobAlertRow, jobAlerts } from "../../platform/db/schema";
import { prepare } from "../../platform/db/sql";
import { toQueueMessages } from "../../platform/queue/enqueue";
import type { NewMessage } from "../../platform/queue/messages";
import { flushOutbox, outboxInsertIf } from "../../platform/queue/outbox";
import { NotificationEvent } from "../notifications";
import { readWindow, windowStatements } from "../search";
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
const PENDING = `
SELECT a.id, a.user_id, a.name, a.query, a.frequency, a.channels, a.last_run_at
  FROM job_alerts a JOIN users u ON u.id = a.user_id
 WHERE a.frequency = ?2 AND a.active = 1 AND a.last_period < ?1 AND u.status = 'active'
 LIMIT ?3`;

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

/** One page: read, match, then claim + outbox in one batch. Returns what it did (seen 0 = nothing left). */
async function digestPage(env: DigestEnv, frequency: DigestFrequency, period: string, now: number, size: number) {
  const { results: pending } = await env.DB.prepare(PENDING).bind(period, frequency, size).all<Claimed>();
  if (!pending.length) return { seen: 0, claimed: 0, sent: 0 };

  const work: { ref: AlertRef; since: number; at: number }[] = [];
  const statements: D1PreparedStatement[] = [];
  for (const c of pending) {
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

  const news: NewMessage[] = [];
  const sentIds: string[] = [];
  for (const w of work) {
    const { jobs, total } = readWindow(env, results[w.at], results[w.at + 1]);
    if (total === 0) continue; // nothing new → nothing sent
    const eventId = `alert:${w.ref.id}:${frequency}:${period}`;
    const event = await alertEvent(env, w.ref, { eventId, jobs, total, now });
    // A derived message id: one outbox row per alert and period, whatever reruns.
    news.push({ id: eventId, type: "notification.dispatch", event: NotificationEvent.parse(event) });
    sentIds.push(w.ref.id);
  }
  const messages = toQueueMessages(news, now);

  const db = createDb(env.DB);
  const ids = pending.map((c) => c.id);
  const unclaimed = (id: string) =>
    sql`EXISTS (SELECT 1 FROM ${jobAlerts} WHERE ${jobAlerts.id} = ${id} AND ${jobAlerts.lastPeriod} < ${period})`;
  // Outbox rows and last_sent_at first, guarded by the claim's condition; the claim last.
  const outboxInserts = messages.map((m, i) => outboxInsertIf(db, m, now, unclaimed(sentIds[i] as string)));
  const stillPending = and(inArray(jobAlerts.id, ids), lt(jobAlerts.lastPeriod, period));
  const sentStamp = sentIds.length
    ? [
        db
          .update(jobAlerts)
          .set({ lastSentAt: now })
          .where(and(inArray(jobAlerts.id, sentIds), lt(jobAlerts.lastPeriod, period))),
      ]
    : [];
  // The next window starts where this one ended: a job is in exactly one digest.
  const claim = db
    .update(jobAlerts)
    .set({ lastPeriod: period, lastRunAt: now })
    .where(stillPending)
    .returning({ id: jobAlerts.id });
  const batch = await db.batch([...outboxInserts, ...sentStamp, claim] as unknown as Parameters<Db["batch"]>[0]);
  const won = new Set((batch[batch.length - 1] as { id: string }[]).map((r) => r.id));
  const flushed = messages.filter((_, i) => won.has(sentIds[i] as string));
  await flushOutbox(env, db, { statements: [], messages: flushed });
  return { seen: pending.length, claimed: won.size, sent: flushed.length };
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
    if (r.seen < size) break;
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
