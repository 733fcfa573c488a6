/**
 * Scheduled reminder emails (registered into `templates` by templates.ts):
 * interview reminders (sent through `notify`, type `interview_scheduled`),
 * application deadlines of saved jobs, and stale drafts. Times arrive already
 * formatted in the recipient's own time zone (`when_local`, `timezone`).
 */
import { button, escapeHtml, layout, plain } from "../layout";
import type { RenderedEmail } from "./index";

type Data = Record<string, unknown>;

const greet = (d: Data) => `Hi ${plain(d.first_name) || "there"},`;
const greetHtml = (d: Data) => `<p>Hi ${escapeHtml(d.first_name || "there")},</p>`;
const link = (v: unknown): string | null => (typeof v === "string" && /^https?:\/\//i.test(v) ? v : null);

/** RFC 8058 headers when `notify` passed a per-type unsubscribe link. */
function unsubscribeHeaders(d: Data): Record<string, string> {
  const url = link(d.unsubscribe_url);
  return url ? { "List-Unsubscribe": `<${url}>`, "List-Unsubscribe-Post": "List-Unsubscribe=One-Click" } : {};
}

export const reminderTemplates: Record<string, (d: Data) => RenderedEmail> = {
  "reminder.interview": (d) => {
    const lead = d.lead === "1h" ? "in about an hour" : "tomorrow";
    const subject = `Reminder: interview for ${plain(d.job_title)} ${lead}`;
    const where = [d.location, link(d.meeting_url)].filter(Boolean).map(plain).join(" · ");
    const who = d.role === "company" && d.applicant_name ? ` with ${plain(d.applicant_name)}` : "";
    const line = `Your ${plain(d.kind)} interview${who} for ${plain(d.job_title)} at ${plain(d.company_name)} starts ${lead}: ${plain(d.when_local)} (${plain(d.timezone)}), ${plain(d.duration_minutes)} minutes.`;
    const url = link(d.action_url);
    return {
      subject,
      category: "notification",
      text: `${greet(d)}\n\n${line}${where ? `\nWhere: ${where}` : ""}${url ? `\n\n${url}` : ""}\n`,
      html: layout(
        "Interview reminder",
        `${greetHtml(d)}<p>${escapeHtml(line)}</p>${where ? `<p>Where: ${escapeHtml(where)}</p>` : ""}${url ? button(url, "Open") : ""}`,
      ),
      headers: unsubscribeHeaders(d),
    };
  },

  "reminder.application_deadline": (d) => {
    const subject = `Applications for ${plain(d.job_title)} close soon`;
    const line = `You saved ${plain(d.job_title)} at ${plain(d.company_name)}. Applications close on ${plain(d.deadline_local)} (${plain(d.timezone)}).`;
    return {
      subject,
      category: "notification",
      text: `${greet(d)}\n\n${line}\n\n${plain(d.url)}\n`,
      html: layout(subject, `${greetHtml(d)}<p>${escapeHtml(line)}</p>${button(d.url, "View the job")}`),
    };
  },

  "reminder.stale_draft": (d) => {
    const subject = `Your draft "${plain(d.job_title)}" has not been touched in ${plain(d.days)} days`;
    const line = `The job post draft "${plain(d.job_title)}" was last changed on ${plain(d.updated_local)}. Publish it or delete it so your job list stays tidy.`;
    return {
      subject,
      category: "notification",
      text: `${greet(d)}\n\n${line}\n\n${plain(d.url)}\n`,
      html: layout("Unfinished draft", `${greetHtml(d)}<p>${escapeHtml(line)}</p>${button(d.url, "Open the draft")}`),
    };
  },
};
