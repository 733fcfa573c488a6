/**
 * Account and security emails. Security notices (`category: "security"`) are
 * always delivered and carry no unsubscribe link. The `new_device_login` and
 * `password_changed` notices are notification types (in-app + email +
 * realtime): their emails are `notify.<type>` in notification-templates.ts.
 */
import { button, escapeHtml, layout, plain } from "../layout";
import type { RenderedEmail } from "./index";

type Data = Record<string, unknown>;

const greet = (d: Data) => `Hi ${plain(d.first_name) || "there"},`;
const greetHtml = (d: Data) => `<p>Hi ${escapeHtml(d.first_name || "there")},</p>`;

export const accountTemplates: Record<string, (d: Data) => RenderedEmail> = {
  verify_email: (d) => ({
    subject: "Confirm your email address",
    category: "transactional",
    text: `${greet(d)}\n\nConfirm your email address for Job Board by opening this link (valid for 24 hours):\n${plain(d.url)}\n\nOr use this code: ${plain(d.token)}\n\nIf you did not create an account, ignore this email.\n`,
    html: layout(
      "Confirm your email",
      `${greetHtml(d)}<p>Confirm your email address for Job Board. The link is valid for 24 hours.</p>${button(d.url, "Confirm email")}<p style="font-size:13px;color:#6b7280">Or use this code: <code>${escapeHtml(d.token)}</code></p><p>If you did not create an account, ignore this email.</p>`,
    ),
  }),
  password_reset: (d) => ({
    subject: "Reset your password",
    category: "security",
    text: `${greet(d)}\n\nSomeone asked to reset the password of your Job Board account. Open this link within 1 hour to choose a new one:\n${plain(d.url)}\n\nOr use this code: ${plain(d.token)}\n\nIf it was not you, ignore this email: your password stays the same.\n`,
    html: layout(
      "Reset your password",
      `${greetHtml(d)}<p>Someone asked to reset the password of your Job Board account. The link is valid for 1 hour.</p>${button(d.url, "Choose a new password")}<p style="font-size:13px;color:#6b7280">Or use this code: <code>${escapeHtml(d.token)}</code></p><p>If it was not you, ignore this email: your password stays the same.</p>`,
    ),
  }),
  mfa_enabled: (d) => ({
    subject: "Two-factor authentication is on",
    category: "security",
    text: `${greet(d)}\n\nTwo-factor authentication was turned on for your Job Board account. Keep your recovery codes somewhere safe.\n`,
    html: layout(
      "Two-factor authentication on",
      `${greetHtml(d)}<p>Two-factor authentication was turned on for your Job Board account. Keep your recovery codes somewhere safe.</p>`,
    ),
  }),
  mfa_disabled: (d) => ({
    subject: "Two-factor authentication is off",
    category: "security",
    text: `${greet(d)}\n\nTwo-factor authentication was turned off for your Job Board account. If this was not you, reset your password now.\n`,
    html: layout(
      "Two-factor authentication off",
      `${greetHtml(d)}<p>Two-factor authentication was turned off for your Job Board account. If this was not you, reset your password now.</p>`,
    ),
  }),
};
