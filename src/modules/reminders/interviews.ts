/**
 * Interview reminders, 24 hours and 1 hour before `starts_at`, to the applicant
 * and the company's members, each with the time in their own time zone. They go
 * through `notify` (type `interview_scheduled`: in-app + email, preferences
 * respected) with one event per person, id
 * `reminder:interview:{id}@{startsAt}:{lead}:{userId}`.
 *
 * Which interviews: scheduled, starting within the lead time (and not within
 * the shorter lead, which has its own reminder), and booked at least the lead
 * time ahead (an interview booked for tomorrow morning needs no "tomorrow"
 * reminder on top of its invitation). The subject carries `startsAt`, so a
 * rescheduled interview is reminded again for its new time.
 */

import { HOUR } from "../../lib/time";
import { createDb } from "../../platform/db/client";
import type { NewMessage } from "../../platform/queue/messages";
import { NotificationEvent, type NotificationEventInput } from "../notifications";
import { type ClaimItem, claimAndSend, formatInZone } from "./claims";

export type InterviewLead = "24h" | "1h";

const LEADS: Record<InterviewLead, { ms: number; floor: number }> = {
  "24h": { ms: 24 * HOUR, floor: HOUR },
  "1h": { ms: HOUR, floor: 0 },
};

/** Interviews per page; recipients are loaded for the page with 2 bound ids each (≤ 100 parameters). */
const PAGE = 45;
const MAX_PAGES = 5;

interface Due {
  id: string;
  starts_at: number;
  duration_minutes: number;
  kind: string;
  location: string | null;
  meeting_url: string | null;
  application_id: string;
  job_title: string;
  company_name: string;
  applicant_name: string | null;
}

interface Person {
  interview_id: string;
  user_id: string;
  role: "applicant" | "company";
  first_name: string;
  timezone: string;
}

type ReminderEnv = Pick<Env, "DB" | "EVENTS">;

const DUE = `
SELECT i.id, i.starts_at, i.duration_minutes, i.kind, i.location, i.meeting_url, i.application_id,
       j.title AS job_title, c.name AS company_name, ua.first_name || ' ' || ua.last_name AS applicant_name
  FROM interviews i
  JOIN applications a ON a.id = i.application_id
  JOIN jobs j ON j.id = a.job_id
  JOIN companies c ON c.id = i.company_id
  LEFT JOIN users ua ON ua.id = i.applicant_id
 WHERE i.status = 'scheduled' AND i.starts_at > ?1 AND i.starts_at <= ?2
   AND i.created_at <= i.starts_at - ?3
   AND NOT EXISTS (SELECT 1 FROM reminder_deliveries r
                    WHERE r.kind = ?4 AND r.subject_id = i.id || '@' || i.starts_at AND r.user_id = '')
 ORDER BY i.starts_at, i.id LIMIT ?5`;

function peopleSql(n: number): string {
  const list = Array.from({ length: n }, () => "?").join(", ");
  return `
SELECT x.interview_id, u.id AS user_id, x.role, u.first_name, u.timezone FROM (
  SELECT i.id AS interview_id, i.applicant_id AS user_id, 'applicant' AS role FROM interviews i WHERE i.id IN (${list})
  UNION
  SELECT i.id, m.user_id, 'company' FROM interviews i JOIN company_members m ON m.company_id = i.company_id
   WHERE i.id IN (${list})
) x JOIN users u ON u.id = x.user_id WHERE u.status = 'active'`;
}

function reminderEvent(iv: Due, p: Person, lead: InterviewLead): NotificationEventInput {
  const when = formatInZone(iv.starts_at, p.timezone);
  const soon = lead === "1h" ? "in about an hour" : "tomorrow";
  return {
    id: `reminder:interview:${iv.id}@${iv.starts_at}:${lead}:${p.user_id}`,
    type: "interview_scheduled",
    recipients: [p.user_id],
    title: `Reminder: interview for ${iv.job_title} ${soon}`.slice(0, 200),
    body: `${iv.kind.charAt(0).toUpperCase()}${iv.kind.slice(1)} interview${p.role === "company" && iv.applicant_name ? ` with ${iv.applicant_name}` : ""} at ${iv.company_name}: ${when.text} (${when.zone}).`,
    data: {
      interview_id: iv.id,
      application_id: iv.application_id,
      job_title: iv.job_title,
      company_name: iv.company_name,
      applicant_name: iv.applicant_name,
      role: p.role,
      lead,
      starts_at: new Date(iv.starts_at).toISOString(),
      when_local: when.text,
      timezone: when.zone,
      duration_minutes: iv.duration_minutes,
      kind: iv.kind,
      location: iv.location,
      meeting_url: iv.meeting_url,
    },
    action_url: `/applications/${iv.application_id}`,
    email: { template: "reminder.interview", data: {} },
  };
}

/** Sends the reminders due at `now` for one lead time; returns how many interviews and people. */
export async function sendInterviewReminders(env: ReminderEnv, lead: InterviewLead, now: number) {
  const db = createDb(env.DB);
  const kind = `interview_${lead}`;
  const { ms, floor } = LEADS[lead];
  let interviews = 0;
  let people = 0;
  for (let page = 0; page < MAX_PAGES; page++) {
    const { results: due } = await env.DB.prepare(DUE)
      .bind(now + floor, now + ms, ms, kind, PAGE)
      .all<Due>();
    if (!due.length) break;
    const ids = due.map((iv) => iv.id);
    const { results: persons } = await env.DB.prepare(peopleSql(ids.length))
      .bind(...ids, ...ids)
      .all<Person>();
    const byId = new Map(due.map((iv) => [iv.id, iv]));
    const messagesOf = new Map<string, NewMessage[]>(ids.map((id) => [id, []]));
    for (const p of persons) {
      const iv = byId.get(p.interview_id);
      if (iv) {
        messagesOf.get(iv.id)?.push({
          type: "notification.dispatch",
          event: NotificationEvent.parse(reminderEvent(iv, p, lead)),
        });
      }
    }
    const items: ClaimItem[] = due.map((iv) => ({
      key: { subjectId: `${iv.id}@${iv.starts_at}`, userId: "" },
      messages: messagesOf.get(iv.id) ?? [],
    }));
    const r = await claimAndSend(db, env, kind, items, now);
    interviews += r.claimed;
    people += r.sent;
    if (due.length < PAGE) break;
  }
  return { interviews, people };
}
