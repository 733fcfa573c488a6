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
 */
import type { Context } from "hono";
import { createRouter, defineRoute, ProblemSchema, problemExamples } from "../../http/openapi";
import { ApiError, problemBody } from "../../http/problem";
import type { AppEnv } from "../../platform/env";
import { escapeHtml, prefersHtml, sendPage } from "../pages";
import { UnsubscribeQuery, UnsubscribeState, type UnsubscribeStateDto } from "./schemas";
import { describe, EXPIRED_LINK, INVALID_LINK, readToken, unsubscribe } from "./service";

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

const BAD_LINK_HINT =
  "<p>You can still change which emails you get in your account's notification and alert settings.</p>";

function page(c: Context<AppEnv>, state: UnsubscribeStateDto, acted: boolean): Response {
  const what = `<p>${escapeHtml(state.description)}</p>`;
  if (acted) {
    return sendPage(c, 200, "Unsubscribed", `${what}<p role="status">You will not get these anymore.</p>`);
  }
  if (state.unsubscribed) {
    return sendPage(c, 200, "Already unsubscribed", `${what}<p role="status">You do not get these anymore.</p>`);
  }
  // No `action`: the form posts back to this very URL, token and any path prefix included.
  return sendPage(
    c,
    200,
    "Unsubscribe",
    `${what}<form method="post">
<input type="hidden" name="List-Unsubscribe" value="One-Click">
<button type="submit">Unsubscribe</button>
</form>`,
  );
}

async function handle(c: Context<AppEnv>, token: string, act: boolean): Promise<Response> {
  const html = prefersHtml(c.req.header("Accept"));
  try {
    const subject = await readToken(c.env.SIGNING_SECRET, token);
    const state = act ? await unsubscribe(c.get("db"), subject) : await describe(c.get("db"), subject);
    return html ? page(c, state, act && state.changed) : c.json(state, 200);
  } catch (err) {
    if (!(html && err instanceof ApiError)) throw err;
    return sendPage(c, 400, "Unsubscribe", `<p role="alert">${escapeHtml(err.message)}</p>${BAD_LINK_HINT}`);
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
