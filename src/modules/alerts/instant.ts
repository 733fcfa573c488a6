/**
 * Instant alerts: the `job.published` queue message (one per job that went
 * live) is matched against the active instant alerts. An indexed prefilter on
 * columns copied from each alert's query (category ancestors, remote, job type,
 * salary) narrows the candidates; the shared search matcher then decides for
 * each candidate against this one job. Work per message is bounded: after
 * MAX_PAGES pages a continuation message picks up after the last alert id.
 */
import { createDb } from "../../platform/db/client";
import type { JobAlertRow } from "../../platform/db/schema";
import { enqueue } from "../../platform/queue/enqueue";
import type { MessageOf, NewMessage } from "../../platform/queue/messages";
import { isPublic, loadRecord, presentSummary } from "../jobs";
import { NotificationEvent } from "../notifications";
import { matchingTags } from "../search";
import { type AlertRef, alertEvent } from "./deliver";
import { jobTypeBit, toSearchInput } from "./query";

const PAGE = 200;
const MAX_PAGES = 5;

type AlertEnv = Pick<Env, "DB" | "EVENTS" | "PUBLIC_APP_URL" | "SIGNING_SECRET">;

interface Candidate {
  id: string;
  user_id: string;
  name: string;
  query: string;
  channels: string;
}

const CANDIDATES = `
WITH RECURSIVE up(id, parent_id) AS (
  SELECT id, parent_id FROM categories WHERE id = ?1
  UNION SELECT c.id, c.parent_id FROM categories c JOIN up ON c.id = up.parent_id
)
SELECT a.id, a.user_id, a.name, a.query, a.channels
  FROM job_alerts a JOIN users u ON u.id = a.user_id
 WHERE a.frequency = 'instant' AND a.active = 1 AND a.id > ?2
   AND (a.category_id IS NULL OR a.category_id IN (SELECT id FROM up))
   AND (a.remote IS NULL OR a.remote = ?3)
   AND (a.job_type_mask = 0 OR (a.job_type_mask & ?4) <> 0)
   AND (a.salary_min IS NULL OR a.salary_min <= ?5)
   AND u.status = 'active'
 ORDER BY a.id LIMIT ?6`;

function toRef(c: Candidate): AlertRef {
  return {
    id: c.id,
    userId: c.user_id,
    name: c.name,
    query: JSON.parse(c.query) as JobAlertRow["query"],
    frequency: "instant",
    channels: JSON.parse(c.channels) as JobAlertRow["channels"],
  };
}

/** Returns how many alerts were notified (for tests and logs). */
export async function handleJobPublished(
  env: AlertEnv,
  message: MessageOf<"job.published">,
  now = Date.now(),
): Promise<{ notified: number; continued: boolean }> {
  const db = createDb(env.DB);
  const rec = await loadRecord(db, message.job_id);
  if (!rec || !isPublic(rec.job, now)) return { notified: 0, continued: false };
  const job = rec.job;
  const summary = presentSummary(env, rec);
  const salaryHigh = job.salaryMaxYearly ?? job.salaryMinYearly ?? -1;

  let after = message.after_alert_id ?? "";
  let notified = 0;
  for (let page = 0; page < MAX_PAGES; page++) {
    const { results } = await env.DB.prepare(CANDIDATES)
      .bind(job.categoryId ?? "", after, job.isRemote ? 1 : 0, jobTypeBit(job.jobType), salaryHigh, PAGE)
      .all<Candidate>();
    if (!results.length) return { notified, continued: false };
    after = results[results.length - 1]?.id ?? after;

    const refs: AlertRef[] = [];
    const searches = [];
    for (const c of results) {
      try {
        const ref = toRef(c);
        searches.push({ tag: ref.id, params: toSearchInput(ref.query) });
        refs.push(ref);
      } catch (err) {
        // A stored query the search schema no longer accepts must not block everyone else's alerts.
        console.warn(
          JSON.stringify({ level: "warn", msg: "skipping unreadable alert", alert_id: c.id, error: String(err) }),
        );
      }
    }
    const hits = await matchingTags(env.DB, searches, job.id, now);
    const matched = refs.filter((r) => hits.has(r.id));
    if (matched.length) {
      const messages: NewMessage[] = [];
      for (const alert of matched) {
        const event = await alertEvent(env, alert, {
          eventId: `alert:${alert.id}:job:${job.id}`,
          jobs: [summary],
          total: 1,
          now,
        });
        messages.push({ type: "notification.dispatch", event: NotificationEvent.parse(event) });
      }
      // Direct (a queue handler): a failure retries this message; event ids dedupe what went out.
      await enqueue(env, ...messages);
      await markSent(
        env.DB,
        matched.map((a) => a.id),
        now,
      );
      notified += matched.length;
    }
    if (results.length < PAGE) return { notified, continued: false };
  }
  // More candidates than one message should handle: continue in a fresh invocation.
  await enqueue(env, { type: "job.published", job_id: job.id, after_alert_id: after });
  return { notified, continued: true };
}

export async function markSent(d1: D1Database, ids: string[], now: number): Promise<void> {
  for (let i = 0; i < ids.length; i += 90) {
    const chunk = ids.slice(i, i + 90);
    await d1
      .prepare(`UPDATE job_alerts SET last_sent_at = ? WHERE id IN (${chunk.map(() => "?").join(", ")})`)
      .bind(now, ...chunk)
      .run();
  }
}
