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
 */
import { escapeHtml, layout, type RenderedEmail } from "./index";

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

function render(d: Data, p: Parts): RenderedEmail {
  const name = str(d.first_name, "there");
  const action = safeUrl(d.action_url);
  const prefs = safeUrl(d.preferences_url);
  const details = (p.details ?? []).filter(([, v]) => str(v) !== "");

  const text = [
    `Hi ${name},`,
    "",
    ...p.lines.flatMap((l) => [l, ""]),
    ...details.map(([k, v]) => `${k}: ${str(v)}`),
    ...(details.length ? [""] : []),
    ...(action ? [`${p.cta ?? "Open"}: ${action}`, ""] : []),
    p.security
      ? "This is a security notice about your account; it is always sent."
      : prefs
        ? `Choose which emails you get: ${prefs}`
        : "",
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
    ? `<p><a href="${escapeHtml(action)}" style="display:inline-block;padding:12px 20px;background:#1e40af;color:#fff;text-decoration:none;border-radius:6px">${escapeHtml(p.cta ?? "Open")}</a></p>`
    : "";
  const bodyHtml = `<p>Hi ${escapeHtml(name)},</p>${p.lines.map((l) => `<p>${escapeHtml(l)}</p>`).join("")}${detailsHtml}${button}`;
  const footer = p.security
    ? "This is a security notice about your account; it is always sent. "
    : prefs
      ? `<a href="${escapeHtml(prefs)}" style="color:#6b7280">Choose which emails you get</a>. `
      : "";

  return {
    subject: p.subject,
    text,
    html: layout(p.subject, bodyHtml, footer),
    category: p.security ? "security" : "notification",
  };
}

/** The event's own title/body, used when a producer sends no type-specific fields. */
const generic = (d: Data) => [str(d.body)].filter(Boolean);

export const notificationTemplates: Record<string, (d: Data) => RenderedEmail> = {
  application_received: (d) =>
    render(d, {
      subject: d.job_title ? `New application for ${str(d.job_title)}` : str(d.title, "New application"),
      lines: generic(d).length
        ? generic(d)
        : [`${str(d.applicant_name, "A candidate")} applied to ${str(d.job_title, "one of your jobs")}.`],
      details: [
        ["Job", d.job_title],
        ["Candidate", d.applicant_name],
      ],
      cta: "Review the application",
    }),

  application_status_changed: (d) =>
    render(d, {
      subject:
        d.job_title && d.status
          ? `Your application for ${str(d.job_title)}: ${str(d.status)}`
          : str(d.title, "Your application was updated"),
      lines: generic(d).length ? generic(d) : ["The status of your application changed."],
      details: [
        ["Job", d.job_title],
        ["Company", d.company_name],
        ["Status", d.status],
      ],
      cta: "View your application",
    }),

  // Also used when an interview is rescheduled, changed or cancelled (`change`).
  interview_scheduled: (d) => {
    const change = str(d.change, "scheduled");
    const verb =
      change === "cancelled"
        ? "Interview cancelled"
        : change === "rescheduled"
          ? "Interview rescheduled"
          : change === "details"
            ? "Interview details changed"
            : "Interview scheduled";
    const cancelled = change === "cancelled";
    return render(d, {
      subject: d.job_title ? `${verb}: ${str(d.job_title)}` : str(d.title, verb),
      lines: generic(d).length
        ? generic(d)
        : [cancelled ? "An interview for your application was cancelled." : `${verb} for your application.`],
      details: [
        ["Job", d.job_title],
        ["Company", d.company_name],
        ["When", d.starts_at_local ?? d.starts_at],
        ["Time zone", d.timezone],
        ["Duration", !cancelled && d.duration_minutes ? `${str(d.duration_minutes)} minutes` : ""],
        ["Kind", d.kind],
        ["Location", cancelled ? "" : d.location],
        ["Meeting link", cancelled ? "" : (safeUrl(d.meeting_url) ?? "")],
        ["Calendar file", cancelled ? "" : (safeUrl(d.ics_url) ?? "")],
      ],
      cta: cancelled ? "Open your application" : "View the interview",
    });
  },

  job_alert: (d) => {
    const jobs = Array.isArray(d.jobs) ? (d.jobs as Data[]).slice(0, 20) : [];
    return render(d, {
      subject: d.alert_name
        ? `${jobs.length || "New"} new job${jobs.length === 1 ? "" : "s"} for "${str(d.alert_name)}"`
        : str(d.title, "New jobs for your alert"),
      lines: [
        ...generic(d),
        ...jobs.map((j) =>
          [str(j.title, "Job"), str(j.company), str(j.location), safeUrl(j.url) ?? ""].filter(Boolean).join(" — "),
        ),
      ],
      cta: "See all matches",
    });
  },

  job_moderated: (d) => {
    const approved = d.decision === "approved";
    return render(d, {
      subject: d.job_title
        ? `Your job post "${str(d.job_title)}" was ${approved ? "approved" : "not approved"}`
        : str(d.title, "Your job post was reviewed"),
      lines: generic(d).length
        ? generic(d)
        : [approved ? "Your job post is now published." : "A moderator did not approve your job post."],
      details: [
        ["Job", d.job_title],
        ["Reason", approved ? "" : d.reason],
      ],
      cta: "Open the job post",
    });
  },

  webhook_endpoint_disabled: (d) =>
    render(d, {
      subject: str(d.title, "A webhook endpoint was disabled"),
      lines: generic(d).length
        ? generic(d)
        : ["Deliveries to one of your webhook endpoints kept failing for a day, so we disabled it."],
      details: [
        ["Endpoint", d.url],
        ["Last error", d.last_error],
      ],
      cta: "Open the endpoint",
    }),

  review_response: (d) =>
    render(d, {
      subject: d.company_name
        ? `${str(d.company_name)} replied to your review`
        : str(d.title, "A reply to your review"),
      lines: generic(d).length ? generic(d) : ["A company replied to your review."],
      details: [["Reply", d.response_excerpt]],
      cta: "Read the reply",
    }),

  new_message: (d) =>
    render(d, {
      subject: d.job_title
        ? `New message${Number(d.count) > 1 ? "s" : ""} about ${str(d.job_title)}`
        : str(d.title, "You have new messages"),
      lines: generic(d).length ? generic(d) : ["You have unread messages in an application thread."],
      details: [
        ["Job", d.job_title],
        ["From", d.sender_name],
        ["Unread", d.count],
        ["Latest", d.excerpt],
      ],
      cta: "Read and reply",
    }),

  new_device_login: (d) =>
    render(d, {
      subject: "New sign-in to your Job Board account",
      lines: [
        ...generic(d),
        "Your account was just signed in from a device we have not seen before.",
        "If this was you, there is nothing to do. If not, change your password now and sign out other sessions.",
      ],
      details: [
        ["When", d.at],
        ["Device", d.user_agent],
        ["Network", d.ip_hint],
      ],
      cta: "Review your security settings",
      security: true,
    }),

  password_changed: (d) =>
    render(d, {
      subject: "Your Job Board password was changed",
      lines: [
        ...generic(d),
        "The password of your account was changed and your other sessions were signed out.",
        "If you did not do this, reset your password now and contact support.",
      ],
      details: [["When", d.at]],
      cta: "Review your security settings",
      security: true,
    }),
};
