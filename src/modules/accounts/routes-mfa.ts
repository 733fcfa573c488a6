/** TOTP two-factor authentication: setup, enable (returns recovery codes), disable. */

import { requireSession } from "../../http/access";
import { clientIp, ipHint } from "../../http/client-info";
import { createRouter, defineRoute, errorResponses, jsonBody, jsonResponse } from "../../http/openapi";
import { MfaDisableBody, MfaEnableBody, MfaSetup, RecoveryCodes } from "./schemas-account";
import { getUser } from "./service";
import { disableMfa, enableMfa, setupMfa } from "./totp";

const tags = ["Auth"];
export const mfaRouter = createRouter();

mfaRouter.openapi(
  defineRoute({
    method: "post",
    path: "/2fa/setup",
    access: { session: true },
    operationId: "setupTwoFactor",
    tags,
    summary: "Start 2FA setup: a new TOTP secret to add to an authenticator app",
    description:
      "2FA is not on until `POST /2fa/enable` confirms a code. Calling setup again replaces the pending secret.",
    responses: {
      200: jsonResponse(MfaSetup, "The secret (RFC 6238, SHA-1, 6 digits, 30 s)"),
      ...errorResponses(401, 403, 409),
    },
  }),
  async (c) => {
    const caller = requireSession(c);
    const user = await getUser(c.get("db"), caller.userId);
    return c.json(await setupMfa(c.get("db"), c.env, user), 200, { "Cache-Control": "no-store" });
  },
);

mfaRouter.openapi(
  defineRoute({
    method: "post",
    path: "/2fa/enable",
    access: { session: true },
    operationId: "enableTwoFactor",
    tags,
    summary: "Turn 2FA on by confirming a code; returns 10 one-time recovery codes",
    request: { body: jsonBody(MfaEnableBody) },
    responses: {
      200: jsonResponse(RecoveryCodes, "2FA is on; the recovery codes are shown only now"),
      ...errorResponses(400, 401, 403, 409),
    },
  }),
  async (c) => {
    const caller = requireSession(c);
    const user = await getUser(c.get("db"), caller.userId);
    const codes = await enableMfa(c.get("db"), c.env, user, c.req.valid("json").code, { ipHint: ipHint(clientIp(c)) });
    return c.json({ recovery_codes: codes }, 200, { "Cache-Control": "no-store" });
  },
);

mfaRouter.openapi(
  defineRoute({
    method: "post",
    path: "/2fa/disable",
    access: { session: true },
    operationId: "disableTwoFactor",
    tags,
    summary: "Turn 2FA off (password and a current code or recovery code)",
    request: { body: jsonBody(MfaDisableBody) },
    responses: { 204: { description: "2FA is off" }, ...errorResponses(400, 401, 403, 409) },
  }),
  async (c) => {
    const caller = requireSession(c);
    const user = await getUser(c.get("db"), caller.userId);
    await disableMfa(c.get("db"), c.env, user, c.req.valid("json"), { ipHint: ipHint(clientIp(c)) });
    return c.body(null, 204);
  },
);
