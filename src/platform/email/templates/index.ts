/**
 * Email templates: each renders a subject, plain text and HTML body inside one
 * shared layout (layout.ts). Every interpolated value goes through `escapeHtml` in HTML.
 */

import { type Translator, translator } from "../../../i18n";
import { button, escapeHtml, layout, plain, UNSUBSCRIBE_MARKER } from "../layout";
import { accountTemplates, greet, greetHtml } from "./accounts";

export { button, escapeHtml, layout } from "../layout";

import { notificationTemplates } from "./notifications";
import { localWhen, reminderTemplates } from "./reminders";

export interface RenderedEmail {
  subject: string;
  text: string;
  html: string;
  /** Security notices must always be delivered and carry no unsubscribe link. */
  category: "security" | "transactional" | "notification";
}

type Data = Record<string, unknown>;
/** A template renders in the recipient's language: `t` carries the catalogue and `Intl` formatters. */
type Template = (data: Data, t: Translator) => RenderedEmail;

const para = (text: string) => `<p>${escapeHtml(text)}</p>`;

/** The registry; modules add templates here as they need them. */
export const templates: Record<string, Template> = {
  ...accountTemplates,
  welcome: (d, t) => ({
    subject: t.t("mail.welcome.subject"),
    category: "transactional",
    text: `${greet(t, d)}\n\n${t.t("mail.welcome.body")}\n`,
    html: layout(t.t("mail.welcome.heading"), `${greetHtml(t, d)}${para(t.t("mail.welcome.body"))}`, "", t),
  }),
  test: (d, t) => ({
    subject: String(d.subject ?? "Test email"),
    category: "transactional",
    text: String(d.text ?? ""),
    html: layout("Test", `<p>${escapeHtml(d.text)}</p>${d.url ? button(d.url, t.t("email.open")) : ""}`, "", t),
  }),
  application_submitted: (d, t) => {
    const vars = { job: plain(d.job_title), company: plain(d.company_name) };
    return {
      subject: t.t("mail.submitted.subject", vars),
      category: "transactional",
      text: `${greet(t, d)}\n\n${t.t("mail.submitted.body", vars)}\n\n${d.url}\n`,
      html: layout(
        t.t("mail.submitted.heading"),
        `${greetHtml(t, d)}${para(t.t("mail.submitted.body", vars))}${button(d.url, t.t("mail.submitted.button"))}`,
        "",
        t,
      ),
    };
  },
  application_withdrawn: (d, t) => {
    const vars = { applicant: plain(d.applicant_name), job: plain(d.job_title) };
    return {
      subject: t.t("mail.withdrawn.subject", vars),
      category: "notification",
      text: `${greet(t, d)}\n\n${t.t("mail.withdrawn.body", vars)}\n\n${d.url}\n`,
      html: layout(
        t.t("mail.withdrawn.heading"),
        `${greetHtml(t, d)}${para(t.t("mail.withdrawn.body", vars))}${button(d.url, t.t("mail.openApplication"))}`,
        "",
        t,
      ),
    };
  },
  interview_responded: (d, t) => {
    const at = localWhen(t, d.starts_at, d.timezone, null);
    const when = d.starts_at ? `${at.text} (${at.zone})` : plain(d.when);
    const vars = { applicant: plain(d.applicant_name), job: plain(d.job_title), when };
    const declined = d.response === "declined";
    const subject = t.t(declined ? "mail.responded.subject.declined" : "mail.responded.subject.accepted", vars);
    const body = t.t(declined ? "mail.responded.body.declined" : "mail.responded.body.accepted", vars);
    return {
      subject,
      category: "notification",
      text: `${greet(t, d)}\n\n${body}\n\n${d.url}\n`,
      html: layout(
        t.t("mail.responded.heading"),
        `${greetHtml(t, d)}${para(body)}${button(d.url, t.t("mail.openApplication"))}`,
        "",
        t,
      ),
    };
  },
};

// Notification emails are namespaced (`notify.<type>`) so they never clash with a module's own template.
for (const [type, template] of Object.entries(notificationTemplates)) templates[`notify.${type}`] = template;
// Scheduled reminders (interviews, saved-job deadlines, stale drafts): src/modules/reminders.
Object.assign(templates, reminderTemplates);

export function hasTemplate(name: string): boolean {
  return Object.hasOwn(templates, name);
}

/**
 * Renders a template in the recipient's language (`t`, English by default).
 * With `unsubscribeUrl`, non-security emails get the link in the footer of both
 * parts (security emails never do).
 */
export function renderTemplate(
  name: string,
  data: Data,
  options: { unsubscribeUrl?: string; t?: Translator } = {},
): RenderedEmail {
  const template = hasTemplate(name) ? templates[name] : undefined;
  if (!template) throw new UnknownTemplateError(name);
  const t = options.t ?? translator();
  const out = template(data, t);
  const word = t.t("email.unsubscribe");
  const link =
    options.unsubscribeUrl && out.category !== "security"
      ? ` <a href="${escapeHtml(options.unsubscribeUrl)}" style="color:#6b7280">${escapeHtml(word)}</a>.`
      : "";
  const text = link && options.unsubscribeUrl ? `${out.text}\n--\n${word}: ${options.unsubscribeUrl}\n` : out.text;
  return { ...out, text, html: out.html.replace(UNSUBSCRIBE_MARKER, link) };
}

export class UnknownTemplateError extends Error {
  constructor(name: string) {
    super(`unknown email template: ${name}`);
    this.name = "UnknownTemplateError";
  }
}
