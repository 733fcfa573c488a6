/**
 * The one unsubscribe mechanism behind every email's `List-Unsubscribe` header
 * and footer link: `GET /api/v1/unsubscribe?token=…` describes what the link
 * switches off and changes nothing (mail scanners prefetch links); `POST`
 * switches it off (RFC 8058 one-click: the body `List-Unsubscribe=One-Click`,
 * or none, is ignored). The token (src/platform/email/unsubscribe.ts) names the
 * subject: an email category, a notification type or a job alert.
 * `/api/v1/alerts/unsubscribe` is the same pair under the path API.md documents.
 *
 * Browsers (`Accept` preferring `text/html`) get a page: on GET a button that
 * POSTs back to the same URL, on POST the confirmation. Everyone else gets JSON.
 * The page is in the account's `locale`, else the `Accept-Language` choice
 * (docs/i18n.md); the JSON `description` and problem details stay English.
 */
import type { Context } from "hono";
import { createRouter, defineRoute, ProblemSchema, problemExamples } from "../../http/openapi";
import { ApiError, problemBody } from "../../http/problem";
import { type MessageKey, resolveLocale, type Translator, translator } from "../../i18n";
import type { AppEnv } from "../../platform/env";
import { escapeHtml, prefersHtml, sendPage } from "../pages";
import { UnsubscribeQuery, UnsubscribeState, type UnsubscribeStateDto } from "./schemas";
import { describe, EXPIRED_LINK, INVALID_LINK, readerLocale, readToken, type Subject, unsubscribe } from "./service";

const tags = ["Unsubscribe"];
export const unsubscribeRouter = createRouter();

const tokenProblem = (slug: string, detail: string) => ({
  [slug]: { summary: slug, value: problemBody(400, slug, detail, "0193a5b2-7c1e-7f00-8000-3c4d5e6f7a8b") },
});

const responses = (what: string) => ({
  200: {
    description: `${what} (JSON, or an HTML page when \`Accept\` prefers \`text/html\`)`,
    content: {
      "application/json": { schema: UnsubscribeState },
      "text/html": { schema: { type: "string" as const } },
    },
  },
  400: {
    description: "A forged, malformed or expired token, or none (an HTML page when `Accept` prefers `text/html`)",
    content: {
      "application/problem+json": {
        schema: ProblemSchema,
        examples: {
          ...tokenProblem("invalid-token", INVALID_LINK),
          ...tokenProblem("token-expired", EXPIRED_LINK),
          ...problemExamples(400),
        },
      },
      "text/html": { schema: { type: "string" as const } },
    },
  },
});

/** What the link switches off, in the reader's words (the JSON `description` is the English of it). */
function describeFor(t: Translator, subject: UnsubscribeStateDto["subject"]): string {
  switch (subject.kind) {
    case "alert":
      return subject.alert ? t.t("unsub.alert", { name: subject.alert.name }) : t.t("unsub.alertGone");
    case "notification":
      return t.t("unsub.notification", { what: t.t(`unsub.type.${subject.type}` as MessageKey) });
    case "email": {
      const known = subject.category === "notification" || subject.category === "transactional";
      const category = known ? t.t(`unsub.category.${subject.category}` as MessageKey) : subject.category;
      return t.t("unsub.email", { category, email: subject.email });
    }
  }
}

function page(c: Context<AppEnv>, t: Translator, state: UnsubscribeStateDto, acted: boolean): Response {
  const what = `<p>${escapeHtml(describeFor(t, state.subject))}</p>`;
  if (acted) {
    return sendPage(
      c,
      200,
      t.t("unsub.doneTitle"),
      `${what}<p role="status">${escapeHtml(t.t("unsub.done"))}</p>`,
      t.locale,
    );
  }
  if (state.unsubscribed) {
    const body = `${what}<p role="status">${escapeHtml(t.t("unsub.already"))}</p>`;
    return sendPage(c, 200, t.t("unsub.alreadyTitle"), body, t.locale);
  }
  // No `action`: the form posts back to this very URL, token and any path prefix included.
  return sendPage(
    c,
    200,
    t.t("unsub.title"),
    `${what}<form method="post">
<input type="hidden" name="List-Unsubscribe" value="One-Click">
<button type="submit">${escapeHtml(t.t("unsub.button"))}</button>
</form>`,
    t.locale,
  );
}

/** A bad link's page: there is no trusted subject, so only the browser's language decides. */
function badLinkPage(c: Context<AppEnv>, err: ApiError): Response {
  const t = translator(resolveLocale(null, c.req.header("Accept-Language")));
  const message =
    err.slug === "token-expired"
      ? t.t("unsub.expired")
      : err.slug === "invalid-token"
        ? t.t("unsub.invalid")
        : err.message;
  return sendPage(
    c,
    400,
    t.t("unsub.title"),
    `<p role="alert">${escapeHtml(message)}</p><p>${escapeHtml(t.t("unsub.hint"))}</p>`,
    t.locale,
  );
}

async function pageTranslator(c: Context<AppEnv>, subject: Subject): Promise<Translator> {
  const own = await readerLocale(c.get("db"), subject);
  return translator(resolveLocale(own, c.req.header("Accept-Language")));
}

async function handle(c: Context<AppEnv>, token: string, act: boolean): Promise<Response> {
  const html = prefersHtml(c.req.header("Accept"));
  try {
    const subject = await readToken(c.env.SIGNING_SECRET, token);
    const state = act ? await unsubscribe(c.get("db"), subject) : await describe(c.get("db"), subject);
    if (!html) return c.json(state, 200);
    return page(c, await pageTranslator(c, subject), state, act && state.changed);
  } catch (err) {
    if (!(html && err instanceof ApiError)) throw err;
    return badLinkPage(c, err);
  }
}

const DESCRIBE =
  "Public: the signed token is the credential. Says what the link would switch off and whether it already is; " +
  "changes nothing, so link scanners that prefetch URLs cannot unsubscribe anyone. A forged or malformed token → " +
  "`400 invalid-token`, one older than 180 days → `400 token-expired`.";
const ACT =
  "The target of every non-security email's `List-Unsubscribe` header (with `List-Unsubscribe-Post: " +
  "List-Unsubscribe=One-Click`): mail clients POST the form body `List-Unsubscribe=One-Click`; the body is " +
  "ignored, so an empty one works too. Switches off the token's subject (an email category, a notification " +
  "type, or a job alert, which the owner can resume with `PATCH /alerts/{id}`); repeating it is harmless " +
  "(`changed: false`). Same token errors as the GET.";

/** The pair at `path`; `ids` name its operations (the alias keeps the operation ids it always had). */
function register(path: "/unsubscribe" | "/alerts/unsubscribe", ids: { get: string; post: string }, note = "") {
  unsubscribeRouter.openapi(
    defineRoute({
      method: "get",
      path,
      access: { public: true },
      operationId: ids.get,
      tags,
      summary: `What an email's unsubscribe link switches off${note ? " (alias)" : ""}`,
      description: `${DESCRIBE}${note}`,
      request: { query: UnsubscribeQuery },
      responses: responses("The subject and its current state"),
    }),
    (c) => handle(c, c.req.valid("query").token, false),
  );
  unsubscribeRouter.openapi(
    defineRoute({
      method: "post",
      path,
      access: { public: true },
      operationId: ids.post,
      tags,
      summary: `One-click unsubscribe (RFC 8058)${note ? " (alias)" : ""}`,
      description: `${ACT}${note}`,
      request: { query: UnsubscribeQuery },
      responses: responses("Unsubscribed"),
    }),
    (c) => handle(c, c.req.valid("query").token, true),
  );
}

register("/unsubscribe", { get: "describeUnsubscribe", post: "unsubscribe" });
register(
  "/alerts/unsubscribe",
  { get: "unsubscribeAlertLink", post: "unsubscribeAlertOneClick" },
  "\n\nThe same as `/api/v1/unsubscribe`, under the path documented for job alert emails; it accepts any unsubscribe token.",
);
