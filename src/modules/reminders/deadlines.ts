/**
 * Application deadline reminders: seekers who saved a published job whose
 * `application_deadline` is within the next 48 hours (and who have not applied)
 * get one email, with the deadline in their own time zone. One claim per
 * (job@deadline, user): a moved deadline is reminded again, nothing else twice.
 * Sent with `emailStatements` under a deterministic id; opting out
 * goes through the email's List-Unsubscribe (category "notification").
 */

import { HOUR } from "../../lib/time";
import { appUrl } from "../../lib/urls";
import { createDb } from "../../platform/db/client";
import type { QueueEmailInput } from "../../platform/email/log";
import { type ClaimItem, type ClaimKey, claimAndSend, formatInZone } from "./claims";

export const DEADLINE_LEAD = 48 * HOUR;
const KIND = "deadline_48h";
const PAGE = 100;
const MAX_PAGES = 5;

interface Due {
  user_id: string;
  email: string;
  first_name: string;
  timezone: string;
  job_id: string;
  slug: string;
  title: string;
  deadline: number;
  company_name: string;
}

const DUE = `
SELECT u.id AS user_id, u.email, u.first_name, u.timezone, j.id AS job_id, j.slug, j.title,
       j.application_deadline AS deadline, c.name AS company_name
  FROM jobs j
  JOIN saved_jobs s ON s.job_id = j.id
  JOIN users u ON u.id = s.user_id
  JOIN companies c ON c.id = j.company_id
 WHERE j.status = 'published' AND j.application_deadline > ?1 AND j.application_deadline <= ?2
   AND u.status = 'active' AND u.email_verified_at IS NOT NULL
   AND NOT EXISTS (SELECT 1 FROM applications a WHERE a.job_id = j.id AND a.applicant_id = u.id)
   AND NOT EXISTS (SELECT 1 FROM reminder_deliveries r
                    WHERE r.kind = ?3 AND r.subject_id = j.id || '@' || j.application_deadline AND r.user_id = u.id)
 ORDER BY j.application_deadline, j.id, u.id LIMIT ?4`;

export async function sendDeadlineReminders(env: Pick<Env, "DB" | "EVENTS" | "PUBLIC_APP_URL">, now: number) {
  const db = createDb(env.DB);
  let sent = 0;
  for (let page = 0; page < MAX_PAGES; page++) {
    const { results: due } = await env.DB.prepare(DUE)
      .bind(now, now + DEADLINE_LEAD, KIND, PAGE)
      .all<Due>();
    if (!due.length) break;
    const items: ClaimItem[] = due.map((d) => {
      const key: ClaimKey = { subjectId: `${d.job_id}@${d.deadline}`, userId: d.user_id };
      const when = formatInZone(d.deadline, d.timezone);
      const email: QueueEmailInput = {
        id: `reminder:deadline:${key.subjectId}:${d.user_id}`,
        to: d.email,
        userId: d.user_id,
        template: "reminder.application_deadline",
        data: {
          first_name: d.first_name,
          job_title: d.title,
          company_name: d.company_name,
          deadline: new Date(d.deadline).toISOString(),
          deadline_local: when.text,
          timezone: when.zone,
          url: appUrl(env, `/jobs/${d.job_id}/${d.slug}`),
        },
      };
      return { key, emails: [email] };
    });
    sent += (await claimAndSend(db, env, KIND, items, now)).sent;
    if (due.length < PAGE) break;
  }
  return { sent };
}
