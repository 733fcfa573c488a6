/**
 * OAuth login routes. `authorize` redirects to the provider; `callback` signs
 * in and either answers the token pair as JSON (no `redirect_uri` given) or
 * redirects to the `redirect_uri` chosen at authorize time with the tokens in
 * the URL fragment (never sent to servers or logged), e.g.
 * `https://app.example/oauth#access_token=…&refresh_token=…&token_type=Bearer&expires_in=900`.
 */
import { z } from "@hono/zod-openapi";
import type { Context } from "hono";
import { clientIp, ipHint, userAgent } from "../../http/client-info";
import { createRouter, defineRoute, errorResponses, jsonResponse } from "../../http/openapi";
import { ApiError, badRequest, notFound } from "../../http/problem";
import type { AppEnv } from "../../platform/env";
import { beginAuthorization, callbackUrl, consumeState, fetchIdentity, resolveAccount } from "./oauth";
import { allowedRedirectOrigins, type OAuthEnv, providerConfig } from "./oauth-config";
import { TokenPair } from "./schemas";
import { openSession } from "./service";

const tags = ["Auth"];
export const oauthRouter = createRouter();

const ProviderParam = z.object({
  provider: z
    .string()
    .max(32)
    .openapi({ param: { name: "provider", in: "path" }, example: "google" }),
});

function config(c: Context<AppEnv>, provider: string) {
  const cfg = providerConfig(c.env as Env & OAuthEnv, provider);
  if (!cfg) throw notFound("OAuth provider");
  return cfg;
}

function origin(c: Context<AppEnv>): string {
  return (c.env as Env & OAuthEnv).OAUTH_CALLBACK_ORIGIN ?? new URL(c.req.url).origin;
}

oauthRouter.openapi(
  defineRoute({
    method: "get",
    path: "/oauth/{provider}/authorize",
    access: { public: true },
    operationId: "oauthAuthorize",
    tags,
    summary: "Start signing in with Google or LinkedIn (OpenID Connect)",
    description:
      "Redirects to the provider with `state`, `nonce` and a PKCE S256 challenge. `redirect_uri` (optional) must be on an allowed origin; the callback then redirects there with the tokens in the fragment. An unconfigured provider is `404`.",
    request: {
      params: ProviderParam,
      query: z.object({ redirect_uri: z.string().url().max(2000).optional() }),
    },
    responses: { 302: { description: "Redirect to the provider" }, ...errorResponses(400, 404) },
  }),
  async (c) => {
    const cfg = config(c, c.req.valid("param").provider);
    const { redirect_uri } = c.req.valid("query");
    if (redirect_uri) {
      const allowed = allowedRedirectOrigins(c.env as Env & OAuthEnv);
      if (!allowed.has(new URL(redirect_uri).origin)) {
        throw badRequest("redirect_uri is not on an allowed origin.", [
          { path: "redirect_uri", message: "Origin not allowed." },
        ]);
      }
    }
    const location = await beginAuthorization(c.get("db"), cfg, {
      callbackUrl: callbackUrl(origin(c), cfg.name),
      redirectUri: redirect_uri ?? null,
    });
    return c.redirect(location, 302);
  },
);

oauthRouter.openapi(
  defineRoute({
    method: "get",
    path: "/oauth/{provider}/callback",
    access: { public: true },
    operationId: "oauthCallback",
    tags,
    summary: "Finish signing in with the provider",
    description:
      "Links to an existing account with the same verified email, or creates a verified seeker. Without a `redirect_uri` the token pair is the JSON body; with one, a `302` carries it in the fragment. A bad, expired or replayed `state` is `400 invalid-oauth-state`; an ID token that fails verification is `401 oauth-failed`.",
    request: {
      params: ProviderParam,
      // Loose: providers add parameters of their own (scope, authuser, prompt...).
      query: z.looseObject({
        code: z.string().max(2000).optional(),
        state: z.string().max(200).optional(),
        error: z.string().max(200).optional(),
      }),
    },
    responses: {
      200: jsonResponse(TokenPair, "Signed in"),
      302: { description: "Signed in; redirect to the client with the tokens in the fragment" },
      ...errorResponses(400, 401, 403, 404, 409),
    },
  }),
  async (c) => {
    const cfg = config(c, c.req.valid("param").provider);
    const q = c.req.valid("query");
    if (!q.state) throw new ApiError(400, "invalid-oauth-state", "The state parameter is missing.");
    const db = c.get("db");
    const state = await consumeState(db, cfg.name, q.state);
    if (q.error || !q.code) throw new ApiError(400, "oauth-denied", "The provider did not authorize the sign-in.");
    const identity = await fetchIdentity(cfg, {
      code: q.code,
      codeVerifier: state.codeVerifier,
      nonce: state.nonce,
      callbackUrl: callbackUrl(origin(c), cfg.name),
    });
    const { user } = await resolveAccount(db, cfg.name, identity);
    if (user.status === "suspended") throw new ApiError(403, "account-suspended", "This account is suspended.");
    if (user.status !== "active") throw new ApiError(401, "oauth-failed", "This account cannot sign in.");
    const tokens = await openSession(
      db,
      c.env,
      user,
      { userAgent: userAgent(c), ipHint: ipHint(clientIp(c)) },
      `oauth:${cfg.name}`,
    );
    if (state.redirectUri) {
      const fragment = new URLSearchParams({
        access_token: tokens.access_token,
        refresh_token: tokens.refresh_token,
        token_type: tokens.token_type,
        expires_in: String(tokens.expires_in),
      });
      const target = new URL(state.redirectUri);
      target.hash = fragment.toString();
      return c.redirect(target.toString(), 302);
    }
    return c.json(tokens, 200, { "Cache-Control": "no-store" });
  },
);
