/**
 * The bearer-token verifier the app hands to the access middleware (src/http/access.ts).
 *
 * The session row is checked on every request (one primary-key lookup joined
 * with the user), so logout, suspension and role changes take effect at once.
 * API keys (`jb_…`) are looked up by hash the same way and carry their scopes.
 */
import type { BearerVerifier } from "../../http/access";
import { unauthorized } from "../../http/problem";
import { verifyAccessToken } from "../../lib/jwt";
import { API_KEY_PREFIX, loadApiKeyPrincipal, touchApiKey } from "./api-keys";
import { loadSessionPrincipal, touchSession } from "./sessions";

export const verifyBearer: BearerVerifier = async (c, token) => {
  if (token.startsWith(API_KEY_PREFIX)) {
    const key = await loadApiKeyPrincipal(c.get("db"), token);
    if (!key) throw unauthorized("The API key is invalid, expired or revoked.", "invalid-token");
    if (key.shouldTouch) c.executionCtx.waitUntil(touchApiKey(c.env.DB, key.keyId));
    return {
      userId: key.userId,
      role: key.role,
      sessionId: null,
      apiKeyId: key.keyId,
      scopes: key.scopes,
      emailVerified: key.emailVerified,
    };
  }
  const claims = await verifyAccessToken(c.env, token);
  if (!claims) throw unauthorized("The access token is invalid or expired.", "invalid-token");
  const principal = await loadSessionPrincipal(c.get("db"), claims.sid, claims.sub);
  if (!principal) throw unauthorized("The session has ended.", "invalid-token");
  if (principal.shouldTouch) c.executionCtx.waitUntil(touchSession(c.env.DB, claims.sid));
  return {
    userId: claims.sub,
    role: principal.role,
    sessionId: claims.sid,
    scopes: null,
    emailVerified: principal.emailVerified,
  };
};
