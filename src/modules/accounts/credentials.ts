/**
 * The bearer-token verifier the app hands to the access middleware (src/http/access.ts).
 *
 * The session row (one primary-key lookup joined with the user) is cached per
 * isolate for a few seconds (principal-cache.ts): logout, suspension and role
 * changes take effect at once in the isolate that made them and within the TTL
 * everywhere else. API keys (`jb_…`) are looked up by hash on every request
 * and carry their scopes.
 */
import type { BearerVerifier } from "../../http/access";
import { unauthorized } from "../../http/problem";
import { verifyAccessToken } from "../../lib/jwt";
import { API_KEY_PREFIX, loadApiKeyPrincipal, touchApiKey } from "./api-keys";
import { cacheTtl, generationOf, recall, remember } from "./principal-cache";
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
  const now = Date.now();
  let principal = recall(claims.sid, claims.sub, now);
  if (!principal) {
    const generation = generationOf(claims.sub);
    const loaded = await loadSessionPrincipal(c.get("db"), claims.sid, claims.sub);
    if (!loaded) throw unauthorized("The session has ended.", "invalid-token");
    if (loaded.shouldTouch) c.executionCtx.waitUntil(touchSession(c.env.DB, claims.sid));
    remember(claims.sid, claims.sub, loaded, generation, cacheTtl(c.env), now);
    principal = loaded;
  }
  return {
    userId: claims.sub,
    role: principal.role,
    sessionId: claims.sid,
    scopes: null,
    emailVerified: principal.emailVerified,
  };
};
