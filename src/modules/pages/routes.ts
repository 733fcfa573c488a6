/**
 * Minimal server-rendered pages that the account emails link to
 * (`PUBLIC_APP_URL` + `/verify-email?token=…`, `/reset-password?token=…`), so the
 * links work in development without a frontend. They call the same services as
 * `POST /api/v1/auth/verify-email` and `POST /api/v1/auth/password/reset`.
 *
 * `GET` never changes anything: mail scanners prefetch links, so the visit shows
 * a form and only its `POST` uses the token. Plain forms, no JavaScript.
 */
import { Hono } from "hono";
import { access } from "../../http/access";
import { clientIp, ipHint } from "../../http/client-info";
import { bodyLimit } from "../../http/middleware/body-limit";
import { ApiError } from "../../http/problem";
import type { AppEnv } from "../../platform/env";
import { ResetPasswordBody, resetPassword, TokenBody, verifyEmail } from "../accounts";
import { escapeHtml, sendPage } from "./html";

export const pagesRouter = new Hono<AppEnv>();

const BAD_LINK =
  "<p>This link is invalid or has expired. Request a new one from the app (or with " +
  "<code>POST /api/v1/auth/verify-email/resend</code> / <code>POST /api/v1/auth/password/forgot</code>).</p>";

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
  const token = TokenBody.safeParse({ token: c.req.query("token") ?? "" });
  if (!token.success) return sendPage(c, 400, "Verify your email address", BAD_LINK);
  return sendPage(
    c,
    200,
    "Verify your email address",
    `<form method="post" action="/verify-email">
<input type="hidden" name="token" value="${escapeHtml(token.data.token)}">
<p>Confirm that this address is yours to finish setting up your account.</p>
<button type="submit">Confirm my email address</button>
</form>`,
  );
});

pagesRouter.post("/verify-email", access({ public: true }), bodyLimit(), async (c) => {
  const parsed = TokenBody.safeParse({ token: (await formFields(c.req.raw)).token ?? "" });
  if (!parsed.success) return sendPage(c, 400, "Verify your email address", BAD_LINK);
  try {
    const user = await verifyEmail(c.get("db"), parsed.data.token);
    return sendPage(
      c,
      200,
      "Email address verified",
      `<p role="status">Thank you: <strong>${escapeHtml(user.email)}</strong> is verified. You can close this page and sign in.</p>`,
    );
  } catch (err) {
    return sendPage(c, 400, "Verify your email address", `${problemText(err)}${BAD_LINK}`);
  }
});

function resetForm(token: string, problemHtml = ""): string {
  return `${problemHtml}<form method="post" action="/reset-password">
<input type="hidden" name="token" value="${escapeHtml(token)}">
<p><label for="new_password">New password</label><br>
<input id="new_password" name="new_password" type="password" autocomplete="new-password" required minlength="10" maxlength="128" aria-describedby="password_rules"></p>
<p id="password_rules">At least 10 characters; not a common password, and not containing your name or email.</p>
<button type="submit">Set the new password</button>
</form>`;
}

pagesRouter.get("/reset-password", access({ public: true }), (c) => {
  const token = TokenBody.safeParse({ token: c.req.query("token") ?? "" });
  if (!token.success) return sendPage(c, 400, "Choose a new password", BAD_LINK);
  return sendPage(c, 200, "Choose a new password", resetForm(token.data.token));
});

pagesRouter.post("/reset-password", access({ public: true }), bodyLimit(), async (c) => {
  const fields = await formFields(c.req.raw);
  const parsed = ResetPasswordBody.safeParse({ token: fields.token ?? "", new_password: fields.new_password ?? "" });
  if (!parsed.success) {
    const token = TokenBody.safeParse({ token: fields.token ?? "" });
    if (!token.success) return sendPage(c, 400, "Choose a new password", BAD_LINK);
    return sendPage(
      c,
      400,
      "Choose a new password",
      resetForm(token.data.token, '<p role="alert">Enter a new password.</p>'),
    );
  }
  try {
    await resetPassword(c.get("db"), c.env, parsed.data, { ipHint: ipHint(clientIp(c)) });
    return sendPage(
      c,
      200,
      "Password changed",
      '<p role="status">Your password has been reset and every session signed out. Sign in with the new password.</p>',
    );
  } catch (err) {
    // A policy refusal keeps the token usable: show the form again with the reasons.
    if (err instanceof ApiError && err.slug === "validation-error") {
      return sendPage(c, 400, "Choose a new password", resetForm(parsed.data.token, problemText(err)));
    }
    return sendPage(c, 400, "Choose a new password", `${problemText(err)}${BAD_LINK}`);
  }
});
