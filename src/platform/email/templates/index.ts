/**
 * Email templates: each renders a subject, plain text and HTML body inside one
 * shared layout (layout.ts). Every interpolated value goes through `escapeHtml` in HTML.
 */

import { button, escapeHtml, layout, UNSUBSCRIBE_MARKER } from "../layout";
import { accountTemplates } from "./accounts";

export { button, escapeHtml, layout } from "../layout";

import { notificationTemplates } from "./notifications";
import { reminderTemplates } from "./reminders";

export interface RenderedEmail {
  subject: string;
  text: string;
  html: string;
  /** Security notices must always be delivered and carry no unsubscribe link. */
  category: "security" | "transactional" | "notification";
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
  application_withdrawn: (d) => ({
    subject: `${d.applicant_name} withdrew their application for ${d.job_title}`,
    category: "notification",
    text: `Hi ${d.first_name},\n\n${d.applicant_name} withdrew their application for ${d.job_title}.\n\n${d.url}\n`,
    html: layout(
      "Application withdrawn",
      `<p>Hi ${escapeHtml(d.first_name)},</p><p>${escapeHtml(d.applicant_name)} withdrew their application for <strong>${escapeHtml(d.job_title)}</strong>.</p>${button(d.url, "Open application")}`,
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
