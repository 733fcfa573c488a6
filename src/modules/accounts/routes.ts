import { requireAuth, requireSession } from "../../http/access";
import { clientIp, ipHint, userAgent } from "../../http/client-info";
import { IfMatchHeaders, ifMatchVersions } from "../../http/etag";
import { createRouter, defineRoute, errorResponses, jsonBody, jsonResponse } from "../../http/openapi";
import { authIpLimit, loginAccountLimit, registerEmailLimit } from "./limits";
import { presentUser } from "./presenters";
import { apiKeysRouter } from "./routes-api-keys";
import { gdprRouter } from "./routes-gdpr";
import { mfaRouter } from "./routes-mfa";
import { oauthRouter } from "./routes-oauth";
import { recoveryRouter } from "./routes-recovery";
import { sessionsRouter } from "./routes-sessions";
import {
  ChangePasswordBody,
  LoginBody,
  LogoutBody,
  MessageSchema,
  PatchMeBody,
  RefreshBody,
  RegisterBody,
  TokenPair,
  UserEnvelope,
} from "./schemas";
import * as auth from "./service";

const tags = ["Auth"];

export const authRouter = createRouter();

authRouter.openapi(
  defineRoute({
    method: "post",
    path: "/register",
    access: { public: true },
    operationId: "register",
    tags,
    summary: "Create a seeker or employer account",
    middleware: [authIpLimit("register"), registerEmailLimit] as const,
    request: { body: jsonBody(RegisterBody) },
    responses: {
      201: jsonResponse(UserEnvelope, "The account was created; a verification email is on its way"),
      ...errorResponses(400, 409),
    },
  }),
  async (c) => {
    const body = c.req.valid("json");
    const user = await auth.register(c.get("db"), c.env, body);
    return c.json({ user: presentUser(user) }, 201);
  },
);

authRouter.openapi(
  defineRoute({
    method: "post",
    path: "/login",
    access: { public: true },
    operationId: "login",
    tags,
    summary: "Exchange email and password for tokens",
    middleware: [authIpLimit("login"), loginAccountLimit] as const,
    request: { body: jsonBody(LoginBody) },
    description:
      "Wrong email or password answer the same `401`. With 2FA on, `totp_code` (or a recovery code) is required: `401 mfa-required` / `mfa-invalid`. Suspended accounts get `403 account-suspended`. Repeated failures lock the email for 15 minutes: `429 account-locked` with `Retry-After`. A sign-in from a new device sends a security email and an in-app notice.",
    responses: { 200: jsonResponse(TokenPair, "Signed in"), ...errorResponses(400, 401, 403, 429) },
  }),
  async (c) => {
    const body = c.req.valid("json");
    const result = await auth.login(c.get("db"), c.env, body, { userAgent: userAgent(c), ipHint: ipHint(clientIp(c)) });
    return c.json(result, 200, { "Cache-Control": "no-store" });
  },
);

authRouter.openapi(
  defineRoute({
    method: "post",
    path: "/refresh",
    access: { public: true },
    operationId: "refreshTokens",
    tags,
    summary: "Rotate a refresh token into a new token pair",
    description: "Refresh tokens are single use. Presenting one that was already used revokes the whole session.",
    request: { body: jsonBody(RefreshBody) },
    responses: { 200: jsonResponse(TokenPair, "A new token pair"), ...errorResponses(400, 401) },
  }),
  async (c) => {
    const result = await auth.refresh(c.get("db"), c.env, c.req.valid("json").refresh_token);
    return c.json(result, 200, { "Cache-Control": "no-store" });
  },
);

authRouter.openapi(
  defineRoute({
    method: "post",
    path: "/logout",
    access: { scope: null },
    operationId: "logout",
    tags,
    summary: "End the current session",
    description: "The session's access and refresh tokens stop working immediately.",
    request: { body: { required: false, content: { "application/json": { schema: LogoutBody } } } },
    responses: { 204: { description: "Signed out" }, ...errorResponses(400, 401) },
  }),
  async (c) => {
    const caller = requireAuth(c);
    if (caller.sessionId) await auth.logout(c.get("db"), c.env, { userId: caller.userId, sessionId: caller.sessionId });
    return c.body(null, 204);
  },
);

authRouter.openapi(
  defineRoute({
    method: "get",
    path: "/me",
    access: { scope: null },
    etag: true,
    operationId: "getMe",
    tags,
    summary: "The signed-in user",
    responses: {
      200: jsonResponse(UserEnvelope, "The caller's account"),
      ...errorResponses(401),
    },
  }),
  async (c) => {
    const caller = requireAuth(c);
    const user = await auth.getUser(c.get("db"), caller.userId);
    return c.json({ user: presentUser(user) }, 200);
  },
);

authRouter.openapi(
  defineRoute({
    method: "patch",
    path: "/me",
    access: { session: true },
    etag: true,
    operationId: "updateMe",
    tags,
    summary: "Update the signed-in user's name, username, time zone or locale",
    request: { headers: IfMatchHeaders, body: jsonBody(PatchMeBody) },
    responses: {
      200: jsonResponse(UserEnvelope, "The updated account"),
      ...errorResponses(400, 401, 403, 409, 412),
    },
  }),
  async (c) => {
    const caller = requireSession(c);
    const user = await auth.updateMe(c.get("db"), caller.userId, c.req.valid("json"), { ifMatch: ifMatchVersions(c) });
    return c.json({ user: presentUser(user) }, 200);
  },
);

authRouter.openapi(
  defineRoute({
    method: "post",
    path: "/password/change",
    access: { session: true },
    operationId: "changePassword",
    tags,
    summary: "Change the password; other sessions are revoked",
    request: { body: jsonBody(ChangePasswordBody) },
    responses: { 200: jsonResponse(MessageSchema, "Password changed"), ...errorResponses(400, 401, 403) },
  }),
  async (c) => {
    const caller = requireSession(c);
    await auth.changePassword(c.get("db"), c.env, caller.userId, caller.sessionId, c.req.valid("json"), {
      ipHint: ipHint(clientIp(c)),
    });
    return c.json({ message: "Password changed. Other sessions were signed out." }, 200);
  },
);

// The rest of the account surface lives in its own route files.
authRouter.route("/", recoveryRouter);
authRouter.route("/", sessionsRouter);
authRouter.route("/", mfaRouter);
authRouter.route("/", apiKeysRouter);
authRouter.route("/", oauthRouter);
authRouter.route("/", gdprRouter);
