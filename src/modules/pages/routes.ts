/**
 * Minimal server-rendered pages that the account emails link to
 * (`PUBLIC_APP_URL` + `/verify-email?token=…`, `/reset-password?token=…`), so the
 * links work in development without a frontend. They call the same services as
 * `POST /api/v1/auth/verify-email` and `POST /api/v1/auth/password/reset`.
 *
 * `GET` never changes anything: mail scanners prefetch links, so the visit shows
 * a form and only its `POST` uses the token. Plain forms, no JavaScript.
 */
import { z } from "@hono/zod-openapi";
import { Hono } from "hono";
import { access } from "../../http/access";
import { clientIp, ipHint } from "../../http/client-info";
import { bodyLimit } from "../../http/middleware/body-limit";
import { ApiError } from "../../http/problem";
import { negotiateLocale, type Translator, translator } from "../../i18n";
import type { AppEnv } from "../../platform/env";
import { ResetPasswordBody, resetPassword, TokenBody, verifyEmail } from "../accounts";
import { findResumeById, inspectShareLink } from "../resumes";
import { escapeHtml, sendPage } from "./html";

export const pagesRouter = new Hono<AppEnv>();

/** The reader's language (these pages are reached from an email, signed out: the browser's preference decides). */
const pageT = (c: { req: { header(name: string): string | undefined } }) =>
  translator(negotiateLocale(c.req.header("Accept-Language")));

const badLink = (t: Translator) =>
  `<p>${escapeHtml(t.t("account.badLink"))
    .replace("{resend}", "<code>POST /api/v1/auth/verify-email/resend</code>")
    .replace("{forgot}", "<code>POST /api/v1/auth/password/forgot</code>")}</p>`;

/** The form fields as strings (missing ones empty); a non-form body reads as empty. */
async function formFields(req: Request): Promise<Record<string, string>> {
  const type = req.headers.get("Content-Type") ?? "";
  if (!/^application\/x-www-form-urlencoded|^multipart\/form-data/i.test(type)) return {};
  const form = await req.formData();
  const out: Record<string, string> = {};
  for (const [k, v] of form) if (typeof v === "string") out[k] = v;
  return out;
}

function problemText(err: unknown): string {
  if (!(err instanceof ApiError)) throw err;
  // Field errors say more than the summary only for a refused password.
  const details =
    err.slug === "validation-error" ? (err.errors?.map((e) => `<li>${escapeHtml(e.message)}</li>`).join("") ?? "") : "";
  return `<p role="alert">${escapeHtml(err.message)}</p>${details ? `<ul>${details}</ul>` : ""}`;
}

pagesRouter.get("/verify-email", access({ public: true }), (c) => {
  const t = pageT(c);
  const token = TokenBody.safeParse({ token: c.req.query("token") ?? "" });
  if (!token.success) return sendPage(c, 400, t.t("verify.title"), badLink(t), t.locale);
  return sendPage(
    c,
    200,
    t.t("verify.title"),
    `<form method="post" action="/verify-email">
<input type="hidden" name="token" value="${escapeHtml(token.data.token)}">
<p>${escapeHtml(t.t("verify.prompt"))}</p>
<button type="submit">${escapeHtml(t.t("verify.button"))}</button>
</form>`,
    t.locale,
  );
});

pagesRouter.post("/verify-email", access({ public: true }), bodyLimit(), async (c) => {
  const t = pageT(c);
  const parsed = TokenBody.safeParse({ token: (await formFields(c.req.raw)).token ?? "" });
  if (!parsed.success) return sendPage(c, 400, t.t("verify.title"), badLink(t), t.locale);
  try {
    const user = await verifyEmail(c.get("db"), parsed.data.token);
    const done = escapeHtml(t.t("verify.done")).replace("{email}", `<strong>${escapeHtml(user.email)}</strong>`);
    return sendPage(c, 200, t.t("verify.doneTitle"), `<p role="status">${done}</p>`, t.locale);
  } catch (err) {
    return sendPage(c, 400, t.t("verify.title"), `${problemText(err)}${badLink(t)}`, t.locale);
  }
});

function resetForm(t: Translator, token: string, problemHtml = ""): string {
  return `${problemHtml}<form method="post" action="/reset-password">
<input type="hidden" name="token" value="${escapeHtml(token)}">
<p><label for="new_password">${escapeHtml(t.t("reset.label"))}</label><br>
<input id="new_password" name="new_password" type="password" autocomplete="new-password" required minlength="10" maxlength="128" aria-describedby="password_rules"></p>
<p id="password_rules">${escapeHtml(t.t("reset.rules"))}</p>
<button type="submit">${escapeHtml(t.t("reset.button"))}</button>
</form>`;
}

pagesRouter.get("/reset-password", access({ public: true }), (c) => {
  const t = pageT(c);
  const token = TokenBody.safeParse({ token: c.req.query("token") ?? "" });
  if (!token.success) return sendPage(c, 400, t.t("reset.title"), badLink(t), t.locale);
  return sendPage(c, 200, t.t("reset.title"), resetForm(t, token.data.token), t.locale);
});

pagesRouter.post("/reset-password", access({ public: true }), bodyLimit(), async (c) => {
  const t = pageT(c);
  const title = t.t("reset.title");
  const fields = await formFields(c.req.raw);
  const parsed = ResetPasswordBody.safeParse({ token: fields.token ?? "", new_password: fields.new_password ?? "" });
  if (!parsed.success) {
    const token = TokenBody.safeParse({ token: fields.token ?? "" });
    if (!token.success) return sendPage(c, 400, title, badLink(t), t.locale);
    const enter = `<p role="alert">${escapeHtml(t.t("reset.enter"))}</p>`;
    return sendPage(c, 400, title, resetForm(t, token.data.token, enter), t.locale);
  }
  try {
    await resetPassword(c.get("db"), c.env, parsed.data, { ipHint: ipHint(clientIp(c)) });
    const done = `<p role="status">${escapeHtml(t.t("reset.done"))}</p>`;
    return sendPage(c, 200, t.t("reset.doneTitle"), done, t.locale);
  } catch (err) {
    // A policy refusal keeps the token usable: show the form again with the reasons.
    if (err instanceof ApiError && err.slug === "validation-error") {
      return sendPage(c, 400, title, resetForm(t, parsed.data.token, problemText(err)), t.locale);
    }
    return sendPage(c, 400, title, `${problemText(err)}${badLink(t)}`, t.locale);
  }
});

/** Readable kinds of the types a resume can be uploaded as; anything else shows its media type. */
const KIND_NAMES: Record<string, string> = {
  "application/pdf": "PDF",
  "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "Word (DOCX)",
  "application/msword": "Word (DOC)",
  "text/plain": "Text",
  "application/rtf": "RTF",
  "application/vnd.oasis.opendocument.text": "OpenDocument (ODT)",
};

function fileSize(t: Translator, bytes: number): string {
  const unit = bytes >= 1024 * 1024 ? "megabyte" : bytes >= 1024 ? "kilobyte" : "byte";
  const value = unit === "megabyte" ? bytes / (1024 * 1024) : unit === "kilobyte" ? bytes / 1024 : bytes;
  // "615 bytes", "1.2 MB" (short names read oddly for bytes: "615 byte").
  const unitDisplay = unit === "byte" ? "long" : "short";
  return new Intl.NumberFormat(t.formatLocale, { style: "unit", unit, unitDisplay, maximumFractionDigits: 1 }).format(
    value,
  );
}

const ShareQuery = z.object({ token: z.string().min(1).max(500) }).strict();

/**
 * The landing page of a resume share link (`page_url` of `POST /api/v1/resumes/{id}/share-link`): what the
 * recipient sees in a browser. The token is checked as the download checks it; an expired link is `410`, a
 * forged, retargeted or malformed one and a deleted resume are `404` (nothing about the resume is revealed).
 * Never cached (a capability URL), never sends a Referer, never indexed (robots.txt excludes `/resumes/`).
 */
pagesRouter.get("/resumes/:id/shared", access({ public: true }), async (c) => {
  const t = pageT(c);
  const id = c.req.param("id");
  const query = ShareQuery.safeParse(c.req.query());
  const notFound = () =>
    sendPage(c, 404, t.t("share.notFoundTitle"), `<p>${escapeHtml(t.t("share.notFound"))}</p>`, t.locale);
  if (!query.success || id.length > 64) return notFound();
  const link = await inspectShareLink(c.env.SIGNING_SECRET, id, query.data.token);
  if (link.check === "expired") {
    return sendPage(c, 410, t.t("share.goneTitle"), `<p>${escapeHtml(t.t("share.gone"))}</p>`, t.locale);
  }
  if (link.check !== "ok" || link.expiresAt === null) return notFound();
  const resume = await findResumeById(c.get("db"), id);
  if (!resume) return notFound();
  const media = resume.contentType.replace(/;.*$/, "");
  const download = `/api/v1/resumes/${encodeURIComponent(id)}/download?token=${encodeURIComponent(query.data.token)}`;
  const created = new Date(resume.createdAt).toISOString();
  const expires = new Date(link.expiresAt).toISOString();
  const intro = escapeHtml(t.t("share.intro")).replace(
    "{date}",
    `<time datetime="${expires}">${escapeHtml(t.dateTime(link.expiresAt))}</time>`,
  );
  const response = sendPage(
    c,
    200,
    t.t("share.title"),
    `<p>${intro}</p>
<dl class="facts">
<dt>${escapeHtml(t.t("share.file"))}</dt><dd>${escapeHtml(resume.filename)}</dd>
<dt>${escapeHtml(t.t("share.type"))}</dt><dd>${escapeHtml(KIND_NAMES[media] ?? media)}</dd>
<dt>${escapeHtml(t.t("share.size"))}</dt><dd>${escapeHtml(fileSize(t, resume.size))}</dd>
<dt>${escapeHtml(t.t("share.uploaded"))}</dt><dd><time datetime="${created}">${escapeHtml(t.date(resume.createdAt))}</time></dd>
</dl>
<p><a class="button" href="${escapeHtml(download)}" rel="nofollow noopener" download>${escapeHtml(t.t("share.download"))}</a></p>`,
    t.locale,
  );
  response.headers.set("Referrer-Policy", "no-referrer");
  response.headers.set("X-Robots-Tag", "noindex, nofollow");
  return response;
});
