/**
 * Scheduled reminder emails (registered into `templates` by templates.ts):
 * interview reminders (sent through `notify`, type `interview_scheduled`),
 * application deadlines of saved jobs, and stale drafts. Times are formatted
 * here, in the recipient's language, from the instant the producer put in the
 * data (`starts_at`, `deadline`, `updated_at`) and the zone it named
 * (`timezone`, the recipient's); the producer's preformatted `*_local` text is
 * the fallback for a message without the instant (queued by an older version).
 */
import type { Translator } from "../../../i18n";
import { button, escapeHtml, layout, plain } from "../layout";
import { greet, greetHtml } from "./accounts";
import type { RenderedEmail } from "./index";

type Data = Record<string, unknown>;

/** `instant` as a wall-clock time in `zone`, in the reader's language (see the header). */
export function localWhen(t: Translator, instant: unknown, zone: unknown, fallback: unknown) {
  if (typeof instant === "string" && !Number.isNaN(Date.parse(instant))) {
    return t.wallClock(instant, typeof zone === "string" ? zone : null);
  }
  return { text: plain(fallback), zone: plain(zone) };
}

const link = (v: unknown): string | null => (typeof v === "string" && /^https?:\/\//i.test(v) ? v : null);
const KINDS = ["video", "phone", "onsite"];
const kindWord = (t: Translator, v: unknown) =>
  KINDS.includes(plain(v)) ? t.t(`kind.${plain(v)}` as "kind.video") : plain(v);

/** RFC 8058 headers when `notify` passed a per-type unsubscribe link. */
function unsubscribeHeaders(d: Data): Record<string, string> {
  const url = link(d.unsubscribe_url);
  return url ? { "List-Unsubscribe": `<${url}>`, "List-Unsubscribe-Post": "List-Unsubscribe=One-Click" } : {};
}

export const reminderTemplates: Record<string, (d: Data, t: Translator) => RenderedEmail> = {
  "reminder.interview": (d, t) => {
    const lead = t.t(d.lead === "1h" ? "reminder.soon" : "reminder.tomorrow");
    const subject = t.t("reminder.interview.subject", { job: plain(d.job_title), lead });
    const where = [d.location, link(d.meeting_url)].filter(Boolean).map(plain).join(" · ");
    const when = localWhen(t, d.starts_at, d.timezone, d.when_local);
    const vars = {
      kind: kindWord(t, d.kind),
      applicant: plain(d.applicant_name),
      job: plain(d.job_title),
      company: plain(d.company_name),
      lead,
      when: when.text,
      zone: when.zone,
      minutes: plain(d.duration_minutes),
    };
    const withApplicant = d.role === "company" && d.applicant_name;
    const line = t.t(withApplicant ? "reminder.interview.lineWith" : "reminder.interview.line", vars);
    const url = link(d.action_url);
    const whereLabel = t.t("reminder.where");
    return {
      subject,
      category: "notification",
      text: `${greet(t, d)}\n\n${line}${where ? `\n${whereLabel} ${where}` : ""}${url ? `\n\n${url}` : ""}\n`,
      html: layout(
        t.t("reminder.interview.heading"),
        `${greetHtml(t, d)}<p>${escapeHtml(line)}</p>${where ? `<p>${escapeHtml(whereLabel)} ${escapeHtml(where)}</p>` : ""}${url ? button(url, t.t("email.open")) : ""}`,
        "",
        t,
      ),
      headers: unsubscribeHeaders(d),
    };
  },

  "reminder.application_deadline": (d, t) => {
    const when = localWhen(t, d.deadline, d.timezone, d.deadline_local);
    const vars = { job: plain(d.job_title), company: plain(d.company_name), when: when.text, zone: when.zone };
    const subject = t.t("reminder.deadline.subject", vars);
    const line = t.t("reminder.deadline.line", vars);
    return {
      subject,
      category: "notification",
      text: `${greet(t, d)}\n\n${line}\n\n${plain(d.url)}\n`,
      html: layout(
        subject,
        `${greetHtml(t, d)}<p>${escapeHtml(line)}</p>${button(d.url, t.t("reminder.deadline.button"))}`,
        "",
        t,
      ),
    };
  },

  "reminder.stale_draft": (d, t) => {
    const when = localWhen(t, d.updated_at, d.timezone, d.updated_local);
    const vars = { job: plain(d.job_title), days: plain(d.days), when: when.text };
    const subject = t.t("reminder.draft.subject", vars);
    const line = t.t("reminder.draft.line", vars);
    return {
      subject,
      category: "notification",
      text: `${greet(t, d)}\n\n${line}\n\n${plain(d.url)}\n`,
      html: layout(
        t.t("reminder.draft.heading"),
        `${greetHtml(t, d)}<p>${escapeHtml(line)}</p>${button(d.url, t.t("reminder.draft.button"))}`,
        "",
        t,
      ),
    };
  },
};
