/**
 * Account and security emails. Security notices (`category: "security"`) are
 * always delivered and carry no unsubscribe link. The `new_device_login` and
 * `password_changed` notices are notification types (in-app + email +
 * realtime): their emails are `notify.<type>` in notification-templates.ts.
 * Words come from the recipient's catalogue (src/i18n, `t`).
 */
import type { Translator } from "../../../i18n";
import { button, escapeHtml, layout, plain } from "../layout";
import type { RenderedEmail } from "./index";

type Data = Record<string, unknown>;

export const greet = (t: Translator, d: Data) =>
  plain(d.first_name) ? t.t("email.greeting", { name: plain(d.first_name) }) : t.t("email.greetingAnonymous");
export const greetHtml = (t: Translator, d: Data) => `<p>${escapeHtml(greet(t, d))}</p>`;
const p = (text: string) => `<p>${escapeHtml(text)}</p>`;
const code = (t: Translator, d: Data) =>
  `<p style="font-size:13px;color:#6b7280">${escapeHtml(t.t("email.orCode"))} <code>${escapeHtml(d.token)}</code></p>`;

export const accountTemplates: Record<string, (d: Data, t: Translator) => RenderedEmail> = {
  verify_email: (d, t) => ({
    subject: t.t("mail.verify.subject"),
    category: "transactional",
    text: `${greet(t, d)}\n\n${t.t("mail.verify.text")}\n${plain(d.url)}\n\n${t.t("email.orCode")} ${plain(d.token)}\n\n${t.t("mail.verify.ignore")}\n`,
    html: layout(
      t.t("mail.verify.heading"),
      `${greetHtml(t, d)}${p(t.t("mail.verify.html"))}${button(d.url, t.t("mail.verify.button"))}${code(t, d)}${p(t.t("mail.verify.ignore"))}`,
      "",
      t,
    ),
  }),
  password_reset: (d, t) => ({
    subject: t.t("mail.reset.subject"),
    category: "security",
    text: `${greet(t, d)}\n\n${t.t("mail.reset.text")}\n${plain(d.url)}\n\n${t.t("email.orCode")} ${plain(d.token)}\n\n${t.t("mail.reset.ignore")}\n`,
    html: layout(
      t.t("mail.reset.subject"),
      `${greetHtml(t, d)}${p(t.t("mail.reset.html"))}${button(d.url, t.t("mail.reset.button"))}${code(t, d)}${p(t.t("mail.reset.ignore"))}`,
      "",
      t,
    ),
  }),
  mfa_enabled: (d, t) => ({
    subject: t.t("mail.mfaOn.subject"),
    category: "security",
    text: `${greet(t, d)}\n\n${t.t("mail.mfaOn.body")}\n`,
    html: layout(t.t("mail.mfaOn.heading"), `${greetHtml(t, d)}${p(t.t("mail.mfaOn.body"))}`, "", t),
  }),
  mfa_disabled: (d, t) => ({
    subject: t.t("mail.mfaOff.subject"),
    category: "security",
    text: `${greet(t, d)}\n\n${t.t("mail.mfaOff.body")}\n`,
    html: layout(t.t("mail.mfaOff.heading"), `${greetHtml(t, d)}${p(t.t("mail.mfaOff.body"))}`, "", t),
  }),
};
