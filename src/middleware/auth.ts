import type { Context } from "hono";
import { createMiddleware } from "hono/factory";
import type { AppEnv, AuthContext, Role } from "../env";
import { verifyAccessToken } from "../lib/jwt";
import { ApiError, unauthorized } from "../lib/problem";
import { API_KEY_PREFIX, loadApiKeyPrincipal, touchApiKey } from "../modules/auth/api-keys";
import { loadSessionPrincipal, touchSession } from "../modules/auth/sessions";

const MAX_TOKEN_LENGTH = 4096;

/**
 * Reads `Authorization: Bearer <token>`. No header → anonymous (routes decide).
 * A header with a bad, expired or revoked token → `401`, also on public routes,
 * so a client never silently loses its identity.
 *
 * The session row is checked on every request (one primary-key lookup joined
 * with the user), so logout, suspension and role changes take effect at once.
 * API keys (`jb_…`) are looked up by hash the same way and carry their scopes.
 */
export const authenticate = createMiddleware<AppEnv>(async (c, next) => {
  const header = c.req.header("Authorization");
  if (!header) {
    c.set("auth", undefined);
    return next();
  }
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  if (!match?.[1]) throw unauthorized("The Authorization header must be `Bearer <token>`.", "invalid-token");
  const token = match[1];
  // Our JWTs are ~400 bytes and API keys shorter; anything huge is refused before any parsing work.
  if (token.length > MAX_TOKEN_LENGTH) throw unauthorized("The access token is invalid or expired.", "invalid-token");
  if (token.startsWith(API_KEY_PREFIX)) {
    const key = await loadApiKeyPrincipal(c.get("db"), token);
    if (!key) throw unauthorized("The API key is invalid, expired or revoked.", "invalid-token");
    c.set("auth", {
      userId: key.userId,
      role: key.role,
      sessionId: null,
      apiKeyId: key.keyId,
      scopes: key.scopes,
      emailVerified: key.emailVerified,
    });
    if (key.shouldTouch) c.executionCtx.waitUntil(touchApiKey(c.env.DB, key.keyId));
    return next();
  }
  const claims = await verifyAccessToken(c.env, token);
  if (!claims) throw unauthorized("The access token is invalid or expired.", "invalid-token");
  const principal = await loadSessionPrincipal(c.get("db"), claims.sid, claims.sub);
  if (!principal) throw unauthorized("The session has ended.", "invalid-token");
  c.set("auth", {
    userId: claims.sub,
    role: principal.role,
    sessionId: claims.sid,
    scopes: null,
    emailVerified: principal.emailVerified,
  });
  if (principal.shouldTouch) c.executionCtx.waitUntil(touchSession(c.env.DB, claims.sid));
  return next();
});

/** The caller, or a `401` when anonymous. */
export function requireAuth(c: Context<AppEnv>): AuthContext {
  const auth = c.get("auth");
  if (!auth) throw unauthorized();
  return auth;
}

/** The caller when their role is one of `roles`; `401` when anonymous, `403` otherwise. */
export function requireRole(c: Context<AppEnv>, ...roles: Role[]): AuthContext {
  const auth = requireAuth(c);
  if (!roles.includes(auth.role)) {
    throw new ApiError(403, "forbidden-role", `This action requires the role ${roles.join(" or ")}.`);
  }
  return auth;
}

/**
 * The caller when allowed `scope`: JWT sessions (scopes null) have every scope;
 * an API key must list it, else `403 insufficient-scope`. `401` when anonymous.
 * Scopes: jobs:read, jobs:write, applications:read, applications:write.
 */
export function requireScope(c: Context<AppEnv>, scope: string): AuthContext {
  const auth = requireAuth(c);
  if (auth.scopes !== null && !auth.scopes.includes(scope)) {
    throw new ApiError(403, "insufficient-scope", `This API key lacks the scope ${scope}.`, {
      extensions: { required_scope: scope },
    });
  }
  return auth;
}

/**
 * The caller when signed in with a session (not an API key): account and
 * security settings are never reachable with an integrator key (`403`).
 */
export function requireSession(c: Context<AppEnv>): AuthContext & { sessionId: string } {
  const auth = requireAuth(c);
  if (auth.sessionId === null) {
    throw new ApiError(403, "session-required", "This endpoint needs a signed-in session; API keys cannot use it.");
  }
  return auth as AuthContext & { sessionId: string };
}

/**
 * Refuses callers whose email address is not verified yet (`403
 * email-not-verified`), e.g. before applying to or publishing a job.
 */
export function requireVerifiedEmail(auth: AuthContext): AuthContext {
  if (!auth.emailVerified) {
    throw new ApiError(403, "email-not-verified", "Verify your email address first (POST /api/v1/auth/verify-email).");
  }
  return auth;
}
