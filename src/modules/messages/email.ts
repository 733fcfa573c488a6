/**
 * The offline email: every five minutes, recipients with messages unread for
 * longer than `OFFLINE_EMAIL_AFTER_MS`, who have no open realtime socket, get
 * one email per thread (notification type `new_message`, so preferences,
 * one-click unsubscribe and the unverified-address rule apply) with a link to
 * the thread. The high-water mark `emailed_up_to` is written in the same batch
 * as the notification's outbox row, so each message is mailed at most once per
 * recipient, and the event id makes a redelivery harmless.
 */
import { sql } from "drizzle-orm";
import { DAY, MINUTE } from "../../lib/time";
import { createDb, type Db } from "../../platform/db/client";
import { messageReads } from "../../platform/db/schema";
import { userChannel } from "../../platform/realtime/push";
import type { CronTask } from "../../platform/scheduler";
import { clip, dispatchNotification } from "../notifications";

/** How long a message stays unread before its recipient is emailed. */
export const OFFLINE_EMAIL_AFTER_MS = 10 * MINUTE;
/** Older unread messages are not mailed any more (a thread nobody reads is not news). */
const LOOKBACK_MS = 3 * DAY;
/** (thread, recipient) pairs per run; the next run picks up the rest. */
const MAX_PER_RUN = 50;

interface Pending {
  application_id: string;
  user_id: string;
  last_id: string;
  n: number;
}

async function pendingEmails(db: Db, now: number): Promise<Pending[]> {
  const cutoff = now - OFFLINE_EMAIL_AFTER_MS;
  const floor = now - LOOKBACK_MS;
  return db.all<Pending>(sql`
    WITH recent AS (
      SELECT m.id, m.application_id, m.sender_side FROM messages m
      WHERE m.created_at >= ${floor} AND m.created_at <= ${cutoff} AND m.status = 'visible'
    ),
    recipients AS (
      SELECT r.application_id, r.id, a.applicant_id AS user_id
      FROM recent r
      JOIN applications a ON a.id = r.application_id
      JOIN message_threads t ON t.application_id = r.application_id
      WHERE r.sender_side = 'company' AND a.applicant_id IS NOT NULL AND t.applicant_blocked_at IS NULL
      UNION ALL
      SELECT r.application_id, r.id, cm.user_id
      FROM recent r
      JOIN message_threads t ON t.application_id = r.application_id
      JOIN company_members cm ON cm.company_id = t.company_id
      WHERE r.sender_side = 'applicant' AND t.company_blocked_at IS NULL
    )
    SELECT x.application_id, x.user_id, max(x.id) AS last_id, count(*) AS n
    FROM recipients x
    LEFT JOIN message_reads mr ON mr.application_id = x.application_id AND mr.user_id = x.user_id
    WHERE x.id > coalesce(mr.last_read_id, '') AND x.id > coalesce(mr.emailed_up_to, '')
    GROUP BY x.application_id, x.user_id
    ORDER BY max(x.id)
    LIMIT ${MAX_PER_RUN}`);
}

async function isOnline(env: Pick<Env, "USER_CHANNEL">, userId: string): Promise<boolean> {
  try {
    return (await userChannel(env, userId).connections()) > 0;
  } catch {
    // Unknown: mail rather than stay silent.
    return false;
  }
}

async function context(db: Db, applicationId: string, lastId: string) {
  return db.get<{ job_title: string; company_name: string; body: string; first_name: string | null; side: string }>(sql`
    SELECT j.title AS job_title, c.name AS company_name, m.body, u.first_name, m.sender_side AS side
    FROM messages m
    JOIN applications a ON a.id = m.application_id
    JOIN jobs j ON j.id = a.job_id
    JOIN companies c ON c.id = a.company_id
    LEFT JOIN users u ON u.id = m.sender_id
    WHERE m.id = ${lastId} AND m.application_id = ${applicationId}`);
}

export async function emailUnreadMessages(env: Env, now: number): Promise<{ emailed: number; online: number }> {
  const db = createDb(env.DB);
  let emailed = 0;
  let online = 0;
  for (const p of await pendingEmails(db, now)) {
    // Connected: the message reached a screen in real time; try again next run if it stays unread.
    if (await isOnline(env, p.user_id)) {
      online++;
      continue;
    }
    const c = await context(db, p.application_id, p.last_id);
    if (!c) continue;
    const from = c.side === "company" ? c.company_name : (c.first_name ?? "The candidate");
    const mark = db
      .insert(messageReads)
      .values({ applicationId: p.application_id, userId: p.user_id, emailedUpTo: p.last_id, emailedAt: now })
      .onConflictDoUpdate({
        target: [messageReads.applicationId, messageReads.userId],
        set: { emailedUpTo: p.last_id, emailedAt: now },
      });
    await dispatchNotification(
      db,
      env,
      {
        id: `message-email:${p.application_id}:${p.user_id}:${p.last_id}`,
        type: "new_message",
        recipients: [p.user_id],
        title: `${p.n} unread message${p.n === 1 ? "" : "s"} about ${c.job_title}`,
        body: `${from} wrote about ${c.job_title}.`,
        data: {
          application_id: p.application_id,
          job_title: c.job_title,
          sender_name: from,
          count: p.n,
          excerpt: clip(200)(c.body || "(attachment)"),
        },
        action_url: `/applications/${p.application_id}/messages`,
        channels: ["email"],
      },
      [mark],
    );
    emailed++;
  }
  return { emailed, online };
}

/** Registered in src/cron.ts (every five minutes). */
export const messagesOfflineEmailTask: CronTask = {
  name: "messages.offline-email",
  run: ({ env, scheduledTime }) => emailUnreadMessages(env, scheduledTime),
};
