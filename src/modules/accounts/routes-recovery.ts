/**
 * Email verification, password recovery and one-click unsubscribe. Endpoints
 * that take an email answer `202` whatever the address, and do the work after
 * responding, so neither the answer nor its timing tells whether an account exists.
 */
import type { Context } from "hono";
import { clientIp, ipHint } from "../../http/client-info";
import { createRouter, defineRoute, errorResponses, jsonBody, jsonResponse } from "../../http/openapi";
import { ApiError } from "../../http/problem";
import { suppressEmail } from "../../platform/email/suppressions";
import { readUnsubscribeToken } from "../../platform/email/unsubscribe";
import type { AppEnv } from "../../platform/env";
import { authIpLimit, forgotEmailLimit, resendEmailLimit } from "./limits";
import { presentUser } from "./presenters";
import { forgotPassword, resetPassword } from "./recovery";
import { MessageSchema, UserEnvelope } from "./schemas";
import {
  AcceptedSchema,
  EmailBody,
  ResetPasswordBody,
  TokenBody,
  UnsubscribeQuery,
  UnsubscribeResult,
} from "./schemas-account";
import { resendVerification, verifyEmail } from "./verification";

const tags = ["Auth"];
export const recoveryRouter = createRouter();

const ACCEPTED = { message: "If the address belongs to an account, an email is on its way." };

/** Runs `work` after the response; failures are logged, never shown to the caller. */
function afterResponse(c: Context<AppEnv>, what: string, work: Promise<unknown>): void {
  c.executionCtx.waitUntil(
    work.catch((err) =>
      console.error(
        JSON.stringify({
          level: "error",
          msg: `${what} failed`,
          request_id: c.get("requestId"),
          error: err instanceof Error ? err.message : String(err),
        }),
      ),
    ),
  );
}

recoveryRouter.openapi(
  defineRoute({
    method: "post",
    path: "/verify-email",
    access: { public: true },
    operationId: "verifyEmail",
    tags,
    summary: "Confirm an email address with the token from the verification email",
    description: "Tokens are single use and expire after 24 hours.",
    request: { body: jsonBody(TokenBody) },
    responses: { 200: jsonResponse(UserEnvelope, "The address is verified"), ...errorResponses(400) },
  }),
  async (c) => {
    const user = await verifyEmail(c.get("db"), c.req.valid("json").token);
    return c.json({ user: presentUser(user) }, 200);
  },
);

recoveryRouter.openapi(
  defineRoute({
    method: "post",
    path: "/verify-email/resend",
    access: { public: true },
    operationId: "resendVerificationEmail",
    tags,
    summary: "Send a new verification email",
    middleware: [authIpLimit("resend"), resendEmailLimit] as const,
    description: "Always `202`, whether or not the address has an unverified account.",
    request: { body: jsonBody(EmailBody) },
    responses: { 202: jsonResponse(AcceptedSchema, "Accepted"), ...errorResponses(400) },
  }),
  async (c) => {
    const { email } = c.req.valid("json");
    afterResponse(c, "verification resend", resendVerification(c.get("db"), c.env, email));
    return c.json(ACCEPTED, 202);
  },
);

recoveryRouter.openapi(
  defineRoute({
    method: "post",
    path: "/password/forgot",
    access: { public: true },
    operationId: "forgotPassword",
    tags,
    summary: "Email a password reset link",
    middleware: [authIpLimit("forgot"), forgotEmailLimit] as const,
    description:
      "Always `202`, in the same time, whether or not the address has an account. The link works once, for 1 hour.",
    request: { body: jsonBody(EmailBody) },
    responses: { 202: jsonResponse(AcceptedSchema, "Accepted"), ...errorResponses(400) },
  }),
  async (c) => {
    const { email } = c.req.valid("json");
    afterResponse(c, "password forgot", forgotPassword(c.get("db"), c.env, email));
    return c.json(ACCEPTED, 202);
  },
);

recoveryRouter.openapi(
  defineRoute({
    method: "post",
    path: "/password/reset",
    access: { public: true },
    operationId: "resetPassword",
    tags,
    summary: "Set a new password with a reset token",
    description:
      "Every session of the account is revoked, the lockout is cleared and a `password_changed` security email is sent.",
    request: { body: jsonBody(ResetPasswordBody) },
    responses: { 200: jsonResponse(MessageSchema, "Password reset"), ...errorResponses(400) },
  }),
  async (c) => {
    await resetPassword(c.get("db"), c.env, c.req.valid("json"), { ipHint: ipHint(clientIp(c)) });
    return c.json({ message: "Password reset. Sign in with the new password." }, 200);
  },
);

const unsubscribeRoute = (method: "get" | "post") =>
  defineRoute({
    method,
    path: "/email/unsubscribe",
    access: { public: true },
    operationId: method === "get" ? "checkEmailUnsubscribe" : "emailUnsubscribe",
    tags,
    summary:
      method === "get"
        ? "Describe an unsubscribe link (does not unsubscribe: link scanners send GETs)"
        : "One-click unsubscribe (RFC 8058) from a category of non-security email",
    request: { query: UnsubscribeQuery },
    responses: { 200: jsonResponse(UnsubscribeResult, "The subscription state"), ...errorResponses(400) },
  });

async function readToken(c: Context<AppEnv>, token: string) {
  const parsed = await readUnsubscribeToken(c.env.SIGNING_SECRET, token);
  if (!parsed) throw new ApiError(400, "invalid-token", "The unsubscribe link is invalid.");
  return parsed;
}

recoveryRouter.openapi(unsubscribeRoute("get"), async (c) => {
  const t = await readToken(c, c.req.valid("query").token);
  return c.json({ email: t.email, category: t.category, unsubscribed: false }, 200);
});

recoveryRouter.openapi(unsubscribeRoute("post"), async (c) => {
  const t = await readToken(c, c.req.valid("query").token);
  await suppressEmail(c.get("db"), t.email, t.category);
  return c.json({ email: t.email, category: t.category, unsubscribed: true }, 200);
});
