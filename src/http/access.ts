import type { Context, MiddlewareHandler } from "hono";
import { createMiddleware } from "hono/factory";
import type { AppEnv, AuthContext, Role } from "../platform/env";
import { ApiError, unauthorized } from "./problem";
import type { Scope } from "./scopes";

const MAX_TOKEN_LENGTH = 4096;

/**
 * Who may call a route. Every route declares one (`defineRoute` in
 * src/http/openapi.ts), and `access(...)` turns it into the route's first
 * middleware, so authentication (401) and authorization (403) run before any
 * param, query or body validation.
 *
 * - `{ public: true }`: anyone; the `Authorization` header is never read, so a
 *   stale token cannot break login, refresh or a public link.
 * - `{ optional: true, scope }`: anyone; a caller who sends a token is
 *   authenticated (a bad token is `401`) and personalises the answer; an API
 *   key must hold `scope`.
 * - `{ scope, roles? }`: signed-in callers with one of `roles`; API keys must
 *   hold `scope`. `scope: null` is for identity endpoints any key may use.
 * - `{ session: true, roles? }`: account and security settings, never
 *   reachable with an API key (`403 session-required`).
 */
export type Access =
  | { public: true }
  | { optional: true; scope: Scope }
  | { scope: Scope | null; roles?: readonly Role[] }
  | { session: true; roles?: readonly Role[] };

const declared = new WeakMap<object, Access>();

/** The access declaration behind a middleware made by `access()`, for tests that walk the route table. */
export function accessOf(handler: unknown): Access | undefined {
  return typeof handler === "function" ? declared.get(handler) : undefined;
}

/** The middleware that enforces `rule`; see `Access`. */
export function access(rule: Access): MiddlewareHandler<AppEnv> {
  const mw = createMiddleware<AppEnv>(async (c, next) => {
    c.set("auth", undefined);
    if ("public" in rule) return next();
    if ("optional" in rule) {
      const caller = await authenticateRequest(c);
      c.set("auth", caller);
      if (caller) checkScope(caller, rule.scope);
      return next();
    }
    const caller = await authenticateRequest(c);
    if (!caller) throw unauthorized();
    c.set("auth", caller);
    if ("session" in rule) requireSession(c);
    if (rule.roles) requireRole(c, ...rule.roles);
    if ("scope" in rule && rule.scope !== null) checkScope(caller, rule.scope);
    return next();
  });
  declared.set(mw, rule);
  return mw;
}

/**
 * Checks a bearer token and returns who it belongs to, or throws `401`. The accounts
 * module owns credentials (sessions, API keys); the app provides its verifier with
 * `provideCredentials`, so this file knows nothing about how a token is stored.
 */
export type BearerVerifier = (c: Context<AppEnv>, token: string) => Promise<AuthContext>;

/** Makes `verify` the app's bearer-token verifier (set once, in src/app.ts). */
export function provideCredentials(verify: BearerVerifier): MiddlewareHandler<AppEnv> {
  return createMiddleware<AppEnv>(async (c, next) => {
    c.set("verifyBearer", verify);
    return next();
  });
}

/**
 * Reads `Authorization: Bearer <token>`. No header → anonymous (undefined).
 * A header with a bad, expired or revoked token → `401`, so a client never
 * silently loses its identity on a route that reads it.
 */
async function authenticateRequest(c: Context<AppEnv>): Promise<AuthContext | undefined> {
  const header = c.req.header("Authorization");
  if (!header) return undefined;
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  if (!match?.[1]) throw unauthorized("The Authorization header must be `Bearer <token>`.", "invalid-token");
  const token = match[1];
  // Our JWTs are ~400 bytes and API keys shorter; anything huge is refused before any parsing work.
  if (token.length > MAX_TOKEN_LENGTH) throw unauthorized("The access token is invalid or expired.", "invalid-token");
  const verify = c.get("verifyBearer");
  if (!verify) throw new Error("no bearer verifier: the app must use provideCredentials()");
  return verify(c, token);
}

/** Sets `c.var.auth` from the `Authorization` header (see `authenticateRequest`), for apps outside the route table. */
export const authenticate = createMiddleware<AppEnv>(async (c, next) => {
  c.set("auth", await authenticateRequest(c));
  return next();
});

function checkScope(auth: AuthContext, scope: string): void {
  if (auth.scopes !== null && !auth.scopes.includes(scope)) {
    throw new ApiError(403, "insufficient-scope", `This API key lacks the scope ${scope}.`, {
      extensions: { required_scope: scope },
    });
  }
}

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
 * Routes declare their scope in `access`; this is for checks inside a handler.
 */
export function requireScope(c: Context<AppEnv>, scope: Scope): AuthContext {
  const auth = requireAuth(c);
  checkScope(auth, scope);
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
