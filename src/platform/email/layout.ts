/**
 * The shared branded layout and the escaping every template relies on. Every
 * interpolated value in HTML goes through `escapeHtml`.
 */
import { type Translator, translator } from "../../i18n";
import { escapeHtml } from "../../lib/html";

export { escapeHtml };

/** Where the consumer puts the unsubscribe link of non-security emails. */
export const UNSUBSCRIBE_MARKER = "<!--unsubscribe-->";

/** The branded layout every HTML email shares. `bodyHtml` must already be escaped. */
export function layout(title: string, bodyHtml: string, footerHtml = "", t: Translator = translator()): string {
  return `<!doctype html><html lang="${t.locale}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>${escapeHtml(title)}</title></head>
<body style="margin:0;padding:0;background:#f4f5f7;font-family:-apple-system,Segoe UI,Roboto,Helvetica,Arial,sans-serif;color:#1f2937">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0"><tr><td align="center" style="padding:24px">
<table role="presentation" width="600" cellpadding="0" cellspacing="0" style="max-width:600px;background:#ffffff;border-radius:8px">
<tr><td style="padding:20px 32px;background:#1e40af;color:#ffffff;border-radius:8px 8px 0 0;font-size:20px;font-weight:600">Job Board</td></tr>
<tr><td style="padding:32px;font-size:16px;line-height:1.5">${bodyHtml}</td></tr>
<tr><td style="padding:16px 32px;color:#6b7280;font-size:12px">${footerHtml}${escapeHtml(t.t("email.footer"))}${UNSUBSCRIBE_MARKER}</td></tr>
</table></td></tr></table></body></html>`;
}

/** A call-to-action link styled as a button. */
export const button = (href: unknown, label: string) =>
  `<p><a href="${escapeHtml(href)}" style="display:inline-block;padding:12px 20px;background:#1e40af;color:#fff;text-decoration:none;border-radius:6px">${escapeHtml(label)}</a></p>`;

/** Plain-text bodies cannot inject markup, but a stray CR/LF in a value could fake lines: flatten it. */
export const plain = (value: unknown): string => String(value ?? "").replace(/[\r\n]+/g, " ");
