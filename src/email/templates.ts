/**
 * Email templates: each renders a subject, plain text and HTML body inside one
 * shared layout. Every interpolated value goes through `escapeHtml` in HTML.
 */
export interface RenderedEmail {
  subject: string;
  text: string;
  html: string;
  /** Security notices must always be delivered and carry no unsubscribe link. */
  category: "security" | "transactional" | "notification";
}

export function escapeHtml(value: unknown): string {
  return String(value ?? "")
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&#39;");
}

/** The branded layout every HTML email shares. `bodyHtml` must already be escaped. */
export function layout(title: string, bodyHtml: string, footerHtml = ""): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>${escapeHtml(title)}</title></head>
<body style="margin:0;padding:0;background:#f4f5f7;font-family:-apple-system,Segoe UI,Roboto,Helvetica,Arial,sans-serif;color:#1f2937">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0"><tr><td align="center" style="padding:24px">
<table role="presentation" width="600" cellpadding="0" cellspacing="0" style="max-width:600px;background:#ffffff;border-radius:8px">
<tr><td style="padding:20px 32px;background:#1e40af;color:#ffffff;border-radius:8px 8px 0 0;font-size:20px;font-weight:600">Job Board</td></tr>
<tr><td style="padding:32px;font-size:16px;line-height:1.5">${bodyHtml}</td></tr>
<tr><td style="padding:16px 32px;color:#6b7280;font-size:12px">${footerHtml}You receive this email because of your Job Board account.</td></tr>
</table></td></tr></table></body></html>`;
}

type Data = Record<string, unknown>;
type Template = (data: Data) => RenderedEmail;

const button = (href: unknown, label: string) =>
  `<p><a href="${escapeHtml(href)}" style="display:inline-block;padding:12px 20px;background:#1e40af;color:#fff;text-decoration:none;border-radius:6px">${escapeHtml(label)}</a></p>`;

/** The registry; modules add templates here as they need them. */
export const templates: Record<string, Template> = {
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
};

export function renderTemplate(name: string, data: Data): RenderedEmail {
  const template = templates[name];
  if (!template) throw new Error(`unknown email template: ${name}`);
  return template(data);
}
