/**
 * Email verification and password recovery. Endpoints
 * that take an email answer `202` whatever the address, and do the work after
 * responding, so neither the answer nor its timing tells whether an account exists.
 */
import type { Context } from "hono";
import { clientIp, ipHint } from "../../http/client-info";
import { createRouter, defineRoute, errorResponses, jsonBody, jsonResponse } from "../../http/openapi";
import type { AppEnv } from "../../platform/env";
import { authIpLimit, forgotEmailLimit, resendEmailLimit } from "./limits";
import { presentUser } from "./presenters";
import { forgotPassword, resetPassword } from "./recovery";
import { MessageSchema, UserEnvelope } from "./schemas";
import { AcceptedSchema, EmailBody, ResetPasswordBody, TokenBody } from "./schemas-account";
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
