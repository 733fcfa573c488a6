/**
 * Email templates: each renders a subject, plain text and HTML body inside one
 * shared layout (layout.ts). Every interpolated value goes through `escapeHtml` in HTML.
 */
import { accountTemplates } from "./account-templates";
import { button, escapeHtml, layout, UNSUBSCRIBE_MARKER } from "./layout";

export { button, escapeHtml, layout } from "./layout";

import { notificationTemplates } from "./notification-templates";
import { reminderTemplates } from "./reminder-templates";

export interface RenderedEmail {
  subject: string;
  text: string;
  html: string;
  /** Security notices must always be delivered and carry no unsubscribe link. */
  category: "security" | "transactional" | "notification";
  /** Extra headers, e.g. List-Unsubscribe on non-security emails. */
  headers?: Record<string, string>;
}

type Data = Record<string, unknown>;
type Template = (data: Data) => RenderedEmail;

/** The registry; modules add templates here as they need them. */
export const templates: Record<string, Template> = {
  ...accountTemplates,
  welcome: (d) => ({
    subject: "Welcome to Job Board",
    category: "transactional",
    text: `Hi ${d.first_name},\n\nWelcome to Job Board.\n`,
    html: layout("Welcome", `<p>Hi ${escapeHtml(d.first_name)},</p><p>Welcome to Job Board.</p>`),
  }),
  job_moderated: (d) => {
    const approved = d.decision === "approved";
    const subject = approved ? `Your job "${d.job_title}" is approved` : `Your job "${d.job_title}" needs changes`;
    const reason = approved ? "" : `\n\nReason: ${d.reason ?? ""}`;
    return {
      subject,
      category: "notification",
      text: `Hi ${d.first_name},\n\n${
        approved
          ? `Our moderators approved "${d.job_title}". It is live now, or will go live at its scheduled time.`
          : `Our moderators sent "${d.job_title}" back to draft.`
      }${reason}\n\n${d.url}\n`,
      html: layout(
        subject,
        `<p>Hi ${escapeHtml(d.first_name)},</p><p>${
          approved
            ? `Our moderators approved <strong>${escapeHtml(d.job_title)}</strong>. It is live now, or will go live at its scheduled time.`
            : `Our moderators sent <strong>${escapeHtml(d.job_title)}</strong> back to draft.`
        }</p>${approved ? "" : `<p>Reason: ${escapeHtml(d.reason)}</p>`}${button(d.url, "Open the job")}`,
      ),
    };
  },
  test: (d) => ({
    subject: String(d.subject ?? "Test email"),
    category: "transactional",
    text: String(d.text ?? ""),
    html: layout("Test", `<p>${escapeHtml(d.text)}</p>${d.url ? button(d.url, "Open") : ""}`),
  }),
  application_submitted: (d) => ({
    subject: `Your application for ${d.job_title} was sent`,
    category: "transactional",
    text: `Hi ${d.first_name},\n\nYour application for ${d.job_title} at ${d.company_name} was sent. We will let you know when its status changes.\n\n${d.url}\n`,
    html: layout(
      "Application sent",
      `<p>Hi ${escapeHtml(d.first_name)},</p><p>Your application for <strong>${escapeHtml(d.job_title)}</strong> at ${escapeHtml(d.company_name)} was sent. We will let you know when its status changes.</p>${button(d.url, "View application")}`,
    ),
  }),
  pipeline_application_received: (d) => ({
    subject: `New application for ${d.job_title}`,
    category: "notification",
    text: `Hi ${d.first_name},\n\n${d.applicant_name} applied for ${d.job_title}.\n\n${d.url}\n`,
    html: layout(
      "New application",
      `<p>Hi ${escapeHtml(d.first_name)},</p><p>${escapeHtml(d.applicant_name)} applied for <strong>${escapeHtml(d.job_title)}</strong>.</p>${button(d.url, "Review application")}`,
    ),
  }),
  pipeline_application_status_changed: (d) => ({
    subject: `Update on your application for ${d.job_title}`,
    category: "notification",
    text: `Hi ${d.first_name},\n\nYour application for ${d.job_title} at ${d.company_name} is now: ${d.status_label}.\n\n${d.url}\n`,
    html: layout(
      "Application update",
      `<p>Hi ${escapeHtml(d.first_name)},</p><p>Your application for <strong>${escapeHtml(d.job_title)}</strong> at ${escapeHtml(d.company_name)} is now: <strong>${escapeHtml(d.status_label)}</strong>.</p>${button(d.url, "View application")}`,
    ),
  }),
  application_withdrawn: (d) => ({
    subject: `${d.applicant_name} withdrew their application for ${d.job_title}`,
    category: "notification",
    text: `Hi ${d.first_name},\n\n${d.applicant_name} withdrew their application for ${d.job_title}.\n\n${d.url}\n`,
    html: layout(
      "Application withdrawn",
      `<p>Hi ${escapeHtml(d.first_name)},</p><p>${escapeHtml(d.applicant_name)} withdrew their application for <strong>${escapeHtml(d.job_title)}</strong>.</p>${button(d.url, "Open application")}`,
    ),
  }),
  pipeline_interview_scheduled: (d) => ({
    subject: `Interview for ${d.job_title}: ${d.when}`,
    category: "notification",
    text: `Hi ${d.first_name},\n\n${d.company_name} invited you to a ${d.kind} interview for ${d.job_title} on ${d.when} (${d.duration_minutes} minutes).${d.where ? `\nWhere: ${d.where}` : ""}\n\nAdd it to your calendar: ${d.ics_url}\nAccept or decline: ${d.url}\n`,
    html: layout(
      "Interview invitation",
      `<p>Hi ${escapeHtml(d.first_name)},</p><p>${escapeHtml(d.company_name)} invited you to a ${escapeHtml(d.kind)} interview for <strong>${escapeHtml(d.job_title)}</strong> on ${escapeHtml(d.when)} (${escapeHtml(d.duration_minutes)} minutes).</p>${d.where ? `<p>Where: ${escapeHtml(d.where)}</p>` : ""}${button(d.url, "Accept or decline")}<p><a href="${escapeHtml(d.ics_url)}">Add to calendar (.ics)</a></p>`,
    ),
  }),
  interview_updated: (d) => ({
    subject: d.cancelled ? `Interview for ${d.job_title} cancelled` : `Interview for ${d.job_title} changed: ${d.when}`,
    category: "notification",
    text: d.cancelled
      ? `Hi ${d.first_name},\n\nYour interview for ${d.job_title} at ${d.company_name} on ${d.when} was cancelled.\n`
      : `Hi ${d.first_name},\n\nYour interview for ${d.job_title} at ${d.company_name} is now on ${d.when} (${d.duration_minutes} minutes).${d.where ? `\nWhere: ${d.where}` : ""}\n\nUpdated calendar entry: ${d.ics_url}\n`,
    html: layout(
      "Interview update",
      d.cancelled
        ? `<p>Hi ${escapeHtml(d.first_name)},</p><p>Your interview for <strong>${escapeHtml(d.job_title)}</strong> at ${escapeHtml(d.company_name)} on ${escapeHtml(d.when)} was cancelled.</p>`
        : `<p>Hi ${escapeHtml(d.first_name)},</p><p>Your interview for <strong>${escapeHtml(d.job_title)}</strong> at ${escapeHtml(d.company_name)} is now on ${escapeHtml(d.when)} (${escapeHtml(d.duration_minutes)} minutes).</p>${d.where ? `<p>Where: ${escapeHtml(d.where)}</p>` : ""}<p><a href="${escapeHtml(d.ics_url)}">Updated calendar entry (.ics)</a></p>`,
    ),
  }),
  interview_responded: (d) => ({
    subject: `${d.applicant_name} ${d.response} the interview for ${d.job_title}`,
    category: "notification",
    text: `Hi ${d.first_name},\n\n${d.applicant_name} ${d.response} the interview for ${d.job_title} on ${d.when}.\n\n${d.url}\n`,
    html: layout(
      "Interview response",
      `<p>Hi ${escapeHtml(d.first_name)},</p><p>${escapeHtml(d.applicant_name)} ${escapeHtml(d.response)} the interview for <strong>${escapeHtml(d.job_title)}</strong> on ${escapeHtml(d.when)}.</p>${button(d.url, "Open application")}`,
    ),
  }),
};

// Notification emails are namespaced (`notify.<type>`) so they never clash with a module's own template.
for (const [type, template] of Object.entries(notificationTemplates)) templates[`notify.${type}`] = template;
// Scheduled reminders (interviews, saved-job deadlines, stale drafts): src/modules/reminders.
Object.assign(templates, reminderTemplates);

export function hasTemplate(name: string): boolean {
  return Object.hasOwn(templates, name);
}

/**
 * Renders a template. With `unsubscribeUrl`, non-security emails get the link
 * in the footer of both parts (security emails never do).
 */
export function renderTemplate(name: string, data: Data, options: { unsubscribeUrl?: string } = {}): RenderedEmail {
  const template = hasTemplate(name) ? templates[name] : undefined;
  if (!template) throw new UnknownTemplateError(name);
  const out = template(data);
  const link =
    options.unsubscribeUrl && out.category !== "security"
      ? ` <a href="${escapeHtml(options.unsubscribeUrl)}" style="color:#6b7280">Unsubscribe</a>.`
      : "";
  const text = link && options.unsubscribeUrl ? `${out.text}\n--\nUnsubscribe: ${options.unsubscribeUrl}\n` : out.text;
  return { ...out, text, html: out.html.replace(UNSUBSCRIBE_MARKER, link) };
}

export class UnknownTemplateError extends Error {
  constructor(name: string) {
    super(`unknown email template: ${name}`);
    this.name = "UnknownTemplateError";
  }
}
