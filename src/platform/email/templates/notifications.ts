/**
 * Email templates for the notification types (one per type, named like the
 * type), registered into `templates` by src/platform/email/templates.ts. `notify`
 * fills the common data: `title`, `body`, `first_name`, `action_url`,
 * `app_url` and, for non-security types, `preferences_url` — all links are
 * absolute URLs built from PUBLIC_APP_URL. Producers may add the type-specific
 * fields used below; every one has a fallback so a template never renders
 * "undefined". The one-click unsubscribe link (per user and type) is not part
 * of the rendering: `notify` puts it on the `email.send` message
 * (`unsubscribe_url`) and the email pipeline turns it into the
 * `List-Unsubscribe` headers and the footer link, as for every other
 * non-security email.
 *
 * Words come from the recipient's catalogue (`t`). The producer's own `body`
 * (the in-app notification text) is English, so it is used only for English
 * readers; others get the translated line built from the type's fields.
 */
import type { MessageKey, Translator } from "../../../i18n";
import { escapeHtml, layout, type RenderedEmail } from "./index";
import { localWhen } from "./reminders";

type Data = Record<string, unknown>;

interface Parts {
  subject: string;
  /** Paragraphs, plain text (escaped for HTML here). */
  lines: string[];
  /** Label/value rows shown as a small table (e.g. interview details). */
  details?: [string, unknown][];
  cta?: string;
  security?: boolean;
}

const str = (v: unknown, fallback = ""): string =>
  typeof v === "string" && v.trim() ? v.trim() : typeof v === "number" ? String(v) : fallback;

/** Only absolute http(s) links make it into an email. */
const safeUrl = (v: unknown): string | null => (typeof v === "string" && /^https?:\/\//i.test(v) ? v : null);

/** A known enum value in the reader's words (`status.shortlisted`), anything else as it came. */
const word = (t: Translator, prefix: string, known: readonly string[], v: unknown): string => {
  const value = str(v);
  return known.includes(value) ? t.t(`${prefix}.${value}` as MessageKey) : value;
};
const STATUSES = [
  "pending",
  "reviewing",
  "shortlisted",
  "interviewing",
  "offered",
  "accepted",
  "rejected",
  "withdrawn",
] as const;
const KINDS = ["video", "phone", "onsite"] as const;

function render(d: Data, p: Parts, t: Translator): RenderedEmail {
  const name = str(d.first_name);
  const greeting = name ? t.t("email.greeting", { name }) : t.t("email.greetingAnonymous");
  const action = safeUrl(d.action_url);
  const prefs = safeUrl(d.preferences_url);
  const details = (p.details ?? []).filter(([, v]) => str(v) !== "");
  const cta = p.cta ?? t.t("email.open");

  const text = [
    greeting,
    "",
    ...p.lines.flatMap((l) => [l, ""]),
    ...details.map(([k, v]) => `${k}: ${str(v)}`),
    ...(details.length ? [""] : []),
    ...(action ? [`${cta}: ${action}`, ""] : []),
    p.security ? t.t("email.securityNotice") : prefs ? `${t.t("email.preferences")}: ${prefs}` : "",
  ].join("\n");

  const detailsHtml = details.length
    ? `<table role="presentation" cellpadding="4" cellspacing="0" style="margin:8px 0 16px">${details
        .map(
          ([k, v]) =>
            `<tr><td style="color:#6b7280;padding-right:12px">${escapeHtml(k)}</td><td>${escapeHtml(str(v))}</td></tr>`,
        )
        .join("")}</table>`
    : "";
  const button = action
    ? `<p><a href="${escapeHtml(action)}" style="display:inline-block;padding:12px 20px;background:#1e40af;color:#fff;text-decoration:none;border-radius:6px">${escapeHtml(cta)}</a></p>`
    : "";
  const bodyHtml = `<p>${escapeHtml(greeting)}</p>${p.lines.map((l) => `<p>${escapeHtml(l)}</p>`).join("")}${detailsHtml}${button}`;
  const footer = p.security
    ? `${escapeHtml(t.t("email.securityNotice"))} `
    : prefs
      ? `<a href="${escapeHtml(prefs)}" style="color:#6b7280">${escapeHtml(t.t("email.preferences"))}</a>. `
      : "";

  return {
    subject: p.subject,
    text,
    html: layout(p.subject, bodyHtml, footer, t),
    category: p.security ? "security" : "notification",
  };
}

/**
 * The event's own title/body (English, from the producer) for English readers;
 * empty for others, so the translated line is used.
 */
const generic = (d: Data, t: Translator) => (t.locale === "en" ? [str(d.body)].filter(Boolean) : []);
/** The producer's English title as a subject fallback, for English readers only. */
const title = (d: Data, t: Translator, key: MessageKey) => (t.locale === "en" ? str(d.title, t.t(key)) : t.t(key));

export const notificationTemplates: Record<string, (d: Data, t: Translator) => RenderedEmail> = {
  application_received: (d, t) =>
    render(
      d,
      {
        subject: d.job_title
          ? t.t("notify.received.subject", { job: str(d.job_title) })
          : title(d, t, "notify.received.subjectGeneric"),
        lines: generic(d, t).length
          ? generic(d, t)
          : [
              t.t("notify.received.line", {
                applicant: str(d.applicant_name, t.t("notify.received.someone")),
                job: str(d.job_title, t.t("notify.received.someJob")),
              }),
            ],
        details: [
          [t.t("detail.job"), d.job_title],
          [t.t("detail.candidate"), d.applicant_name],
        ],
        cta: t.t("notify.received.cta"),
      },
      t,
    ),

  application_status_changed: (d, t) =>
    render(
      d,
      {
        subject:
          d.job_title && d.status
            ? t.t("notify.status.subject", { job: str(d.job_title), status: word(t, "status", STATUSES, d.status) })
            : title(d, t, "notify.status.subjectGeneric"),
        lines: generic(d, t).length ? generic(d, t) : [t.t("notify.status.line")],
        details: [
          [t.t("detail.job"), d.job_title],
          [t.t("detail.company"), d.company_name],
          [t.t("detail.status"), word(t, "status", STATUSES, d.status)],
        ],
        cta: t.t("notify.status.cta"),
      },
      t,
    ),

  // Also used when an interview is rescheduled, changed or cancelled (`change`).
  interview_scheduled: (d, t) => {
    const change = str(d.change, "scheduled");
    const verb = t.t(
      change === "cancelled"
        ? "notify.interview.cancelled"
        : change === "rescheduled"
          ? "notify.interview.rescheduled"
          : change === "details"
            ? "notify.interview.details"
            : "notify.interview.scheduled",
    );
    const cancelled = change === "cancelled";
    return render(
      d,
      {
        subject: d.job_title
          ? t.t("notify.interview.subject", { verb, job: str(d.job_title) })
          : t.locale === "en"
            ? str(d.title, verb)
            : verb,
        lines: generic(d, t).length
          ? generic(d, t)
          : [cancelled ? t.t("notify.interview.lineCancelled") : t.t("notify.interview.line", { verb })],
        details: [
          [t.t("detail.job"), d.job_title],
          [t.t("detail.company"), d.company_name],
          [t.t("detail.when"), localWhen(t, d.starts_at, d.timezone, d.starts_at_local ?? d.starts_at).text],
          [t.t("detail.timeZone"), d.timezone],
          [
            t.t("detail.duration"),
            !cancelled && d.duration_minutes ? t.t("detail.minutes", { count: str(d.duration_minutes) }) : "",
          ],
          [t.t("detail.kind"), word(t, "kind", KINDS, d.kind)],
          [t.t("detail.location"), cancelled ? "" : d.location],
          [t.t("detail.meetingLink"), cancelled ? "" : (safeUrl(d.meeting_url) ?? "")],
          [t.t("detail.calendarFile"), cancelled ? "" : (safeUrl(d.ics_url) ?? "")],
        ],
        cta: cancelled ? t.t("notify.interview.ctaCancelled") : t.t("notify.interview.cta"),
      },
      t,
    );
  },

  job_alert: (d, t) => {
    const jobs = Array.isArray(d.jobs) ? (d.jobs as Data[]).slice(0, 20) : [];
    return render(
      d,
      {
        subject:
          d.alert_name && jobs.length
            ? t.plural("notify.alert.subject", jobs.length, { alert: str(d.alert_name) })
            : title(d, t, "notify.alert.subjectGeneric"),
        lines: [
          ...generic(d, t),
          ...jobs.map((j) =>
            [str(j.title, t.t("detail.job")), str(j.company), str(j.location), safeUrl(j.url) ?? ""]
              .filter(Boolean)
              .join(" — "),
          ),
        ],
        cta: t.t("notify.alert.cta"),
      },
      t,
    );
  },

  job_moderated: (d, t) => {
    const approved = d.decision === "approved";
    return render(
      d,
      {
        subject: d.job_title
          ? t.t(approved ? "notify.moderated.approved" : "notify.moderated.rejected", { job: str(d.job_title) })
          : title(d, t, "notify.moderated.subjectGeneric"),
        lines: generic(d, t).length
          ? generic(d, t)
          : [t.t(approved ? "notify.moderated.lineApproved" : "notify.moderated.lineRejected")],
        details: [
          [t.t("detail.job"), d.job_title],
          [t.t("detail.reason"), approved ? "" : d.reason],
        ],
        cta: t.t("notify.moderated.cta"),
      },
      t,
    );
  },

  webhook_endpoint_disabled: (d, t) =>
    render(
      d,
      {
        subject: title(d, t, "notify.webhook.subject"),
        lines: generic(d, t).length ? generic(d, t) : [t.t("notify.webhook.line")],
        details: [
          [t.t("detail.endpoint"), d.url],
          [t.t("detail.lastError"), d.last_error],
        ],
        cta: t.t("notify.webhook.cta"),
      },
      t,
    ),

  review_response: (d, t) =>
    render(
      d,
      {
        subject: d.company_name
          ? t.t("notify.review.subject", { company: str(d.company_name) })
          : title(d, t, "notify.review.subjectGeneric"),
        lines: generic(d, t).length ? generic(d, t) : [t.t("notify.review.line")],
        details: [[t.t("detail.reply"), d.response_excerpt]],
        cta: t.t("notify.review.cta"),
      },
      t,
    ),

  new_message: (d, t) =>
    render(
      d,
      {
        subject: d.job_title
          ? t.plural("notify.message.subject", Math.max(1, Number(d.count) || 1), { job: str(d.job_title) })
          : title(d, t, "notify.message.subjectGeneric"),
        lines: generic(d, t).length ? generic(d, t) : [t.t("notify.message.line")],
        details: [
          [t.t("detail.job"), d.job_title],
          [t.t("detail.from"), d.sender_name],
          [t.t("detail.unread"), d.count],
          [t.t("detail.latest"), d.excerpt],
        ],
        cta: t.t("notify.message.cta"),
      },
      t,
    ),

  new_device_login: (d, t) =>
    render(
      d,
      {
        subject: t.t("notify.login.subject"),
        lines: [...generic(d, t), t.t("notify.login.line1"), t.t("notify.login.line2")],
        details: [
          [t.t("detail.when"), d.at],
          [t.t("detail.device"), d.user_agent],
          [t.t("detail.network"), d.ip_hint],
        ],
        cta: t.t("notify.security.cta"),
        security: true,
      },
      t,
    ),

  password_changed: (d, t) =>
    render(
      d,
      {
        subject: t.t("notify.password.subject"),
        lines: [...generic(d, t), t.t("notify.password.line1"), t.t("notify.password.line2")],
        details: [[t.t("detail.when"), d.at]],
        cta: t.t("notify.security.cta"),
        security: true,
      },
      t,
    ),
};
