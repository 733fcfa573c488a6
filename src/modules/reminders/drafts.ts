/**
 * Stale-draft notices: a job draft (not scheduled) untouched for 30 days gets
 * one email to its poster, or to the company's owners when the poster is gone.
 * Only drafts that went stale in the last 30 days are looked at (so the scan
 * stays small; older ones were noticed when they crossed the line). The claim
 * subject is `jobId@updatedAt`: editing the draft and leaving it again for 30
 * days earns a new notice. Nothing is deleted.
 */

import { DAY } from "../../lib/time";
import { appUrl } from "../../lib/urls";
import { createDb } from "../../platform/db/client";
import type { QueueEmailInput } from "../../platform/email/log";
import { type ClaimItem, claimAndSend, formatInZone } from "./claims";

export const STALE_AFTER_DAYS = 30;
const KIND = "stale_draft";
const PAGE = 90;
const MAX_PAGES = 5;

interface Draft {
  id: string;
  title: string;
  updated_at: number;
}

interface Person {
  job_id: string;
  user_id: string;
  email: string;
  first_name: string;
  timezone: string;
}

const DUE = `
SELECT j.id, j.title, j.updated_at FROM jobs j
 WHERE j.status = 'draft' AND j.updated_at <= ?1 AND j.updated_at > ?2 AND j.approved_at IS NULL
   AND NOT EXISTS (SELECT 1 FROM reminder_deliveries r
                    WHERE r.kind = ?3 AND r.subject_id = j.id || '@' || j.updated_at AND r.user_id = '')
 ORDER BY j.updated_at, j.id LIMIT ?4`;

function peopleSql(n: number): string {
  const list = Array.from({ length: n }, () => "?").join(", ");
  return `
SELECT j.id AS job_id, u.id AS user_id, u.email, u.first_name, u.timezone
  FROM jobs j JOIN company_members m ON m.company_id = j.company_id AND m.user_id = j.posted_by
  JOIN users u ON u.id = m.user_id
 WHERE j.id IN (${list}) AND u.status = 'active'
UNION
SELECT j.id, u.id, u.email, u.first_name, u.timezone
  FROM jobs j JOIN company_members m ON m.company_id = j.company_id AND m.role = 'owner'
  JOIN users u ON u.id = m.user_id
 WHERE j.id IN (${list}) AND u.status = 'active'
   AND NOT EXISTS (SELECT 1 FROM company_members p JOIN users pu ON pu.id = p.user_id
                    WHERE p.company_id = j.company_id AND p.user_id = j.posted_by AND pu.status = 'active')`;
}

export async function sendStaleDraftNotices(env: Pick<Env, "DB" | "EVENTS" | "PUBLIC_APP_URL">, now: number) {
  const db = createDb(env.DB);
  const staleBefore = now - STALE_AFTER_DAYS * DAY;
  let drafts = 0;
  let sent = 0;
  for (let page = 0; page < MAX_PAGES; page++) {
    const { results: due } = await env.DB.prepare(DUE)
      .bind(staleBefore, staleBefore - STALE_AFTER_DAYS * DAY, KIND, PAGE)
      .all<Draft>();
    if (!due.length) break;
    const emailsOf = new Map<string, QueueEmailInput[]>(due.map((d) => [d.id, []]));
    const byId = new Map(due.map((d) => [d.id, d]));
    const ids = due.map((d) => d.id);
    for (let i = 0; i < ids.length; i += 45) {
      const chunk = ids.slice(i, i + 45);
      const { results: persons } = await env.DB.prepare(peopleSql(chunk.length))
        .bind(...chunk, ...chunk)
        .all<Person>();
      for (const p of persons) {
        const d = byId.get(p.job_id);
        if (!d) continue;
        emailsOf.get(d.id)?.push({
          id: `reminder:stale-draft:${d.id}@${d.updated_at}:${p.user_id}`,
          to: p.email,
          userId: p.user_id,
          template: "reminder.stale_draft",
          data: {
            first_name: p.first_name,
            job_title: d.title,
            days: STALE_AFTER_DAYS,
            updated_at: new Date(d.updated_at).toISOString(),
            timezone: p.timezone,
            updated_local: formatInZone(d.updated_at, p.timezone).text,
            url: appUrl(env, `/employer/jobs/${d.id}`),
          },
        });
      }
    }
    const items: ClaimItem[] = due.map((d) => ({
      key: { subjectId: `${d.id}@${d.updated_at}`, userId: "" },
      emails: emailsOf.get(d.id) ?? [],
    }));
    const r = await claimAndSend(db, env, KIND, items, now);
    drafts += r.claimed;
    sent += r.sent;
    if (due.length < PAGE) break;
  }
  return { drafts, sent };
}
