/**
 * OpenID Connect login (authorization code + PKCE S256 + state + nonce).
 * `state` is stored hashed and consumed with a conditional update (single use,
 * 10 minutes); the ID token is verified with jose against the provider's JWKS
 * (issuer, audience = our client id, expiry, nonce). The identity links to an
 * existing account with the same verified email, or creates a verified seeker.
 */
import { and, eq, gt, isNull } from "drizzle-orm";
import { createRemoteJWKSet, type JWTPayload, jwtVerify } from "jose";
import { isUniqueViolation } from "../../http/db-errors";
import { ApiError } from "../../http/problem";
import { randomToken, sha256Hex } from "../../lib/crypto";
import { toBase64Url, utf8 } from "../../lib/encoding";
import { foldText } from "../../lib/fold";
import { newId } from "../../lib/ids";
import { MINUTE } from "../../lib/time";
import type { Db } from "../../platform/db/client";
import { oauthAccounts, oauthStates, type UserRow, users } from "../../platform/db/schema";
import type { OAuthProviderConfig } from "./oauth-config";
import { generateUsername } from "./service";

export const STATE_TTL_MS = 10 * MINUTE;

const jwksCache = new Map<string, ReturnType<typeof createRemoteJWKSet>>();
function jwks(url: string) {
  let set = jwksCache.get(url);
  if (!set) {
    set = createRemoteJWKSet(new URL(url), { cooldownDuration: 30_000, cacheMaxAge: 10 * MINUTE });
    jwksCache.set(url, set);
  }
  return set;
}

export function callbackUrl(origin: string, provider: string): string {
  return `${origin}/api/v1/auth/oauth/${provider}/callback`;
}

/** Stores a fresh state and returns the provider URL to redirect the browser to. */
export async function beginAuthorization(
  db: Db,
  cfg: OAuthProviderConfig,
  opts: { callbackUrl: string; redirectUri: string | null },
  now = Date.now(),
): Promise<string> {
  const state = randomToken();
  const codeVerifier = randomToken(48);
  const nonce = randomToken(16);
  const challenge = toBase64Url(await crypto.subtle.digest("SHA-256", utf8(codeVerifier)));
  await db.insert(oauthStates).values({
    stateHash: await sha256Hex(state),
    provider: cfg.name,
    codeVerifier,
    nonce,
    redirectUri: opts.redirectUri,
    createdAt: now,
    expiresAt: now + STATE_TTL_MS,
  });
  const url = new URL(cfg.authorizeUrl);
  url.search = new URLSearchParams({
    response_type: "code",
    client_id: cfg.clientId,
    redirect_uri: opts.callbackUrl,
    scope: cfg.scope,
    state,
    nonce,
    code_challenge: challenge,
    code_challenge_method: "S256",
  }).toString();
  return url.toString();
}

const oauthFailed = (detail: string) => new ApiError(401, "oauth-failed", detail);

/** Consumes the state (single use); a missing, expired, replayed or other-provider state is a `400`. */
export async function consumeState(db: Db, provider: string, state: string, now = Date.now()) {
  const [row] = await db
    .update(oauthStates)
    .set({ usedAt: now })
    .where(
      and(
        eq(oauthStates.stateHash, await sha256Hex(state)),
        eq(oauthStates.provider, provider),
        isNull(oauthStates.usedAt),
        gt(oauthStates.expiresAt, now),
      ),
    )
    .returning();
  if (!row)
    throw new ApiError(
      400,
      "invalid-oauth-state",
      "The sign-in attempt is invalid, expired or already used. Start again.",
    );
  return row;
}

export interface OAuthIdentity {
  subject: string;
  email: string;
  emailVerified: boolean;
  givenName: string | null;
  familyName: string | null;
}

/** Exchanges the code (with the PKCE verifier) and verifies the ID token. */
export async function fetchIdentity(
  cfg: OAuthProviderConfig,
  input: { code: string; codeVerifier: string; nonce: string; callbackUrl: string },
): Promise<OAuthIdentity> {
  const res = await fetch(cfg.tokenUrl, {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded", Accept: "application/json" },
    body: new URLSearchParams({
      grant_type: "authorization_code",
      code: input.code,
      redirect_uri: input.callbackUrl,
      client_id: cfg.clientId,
      client_secret: cfg.clientSecret,
      code_verifier: input.codeVerifier,
    }),
  });
  if (!res.ok) throw oauthFailed(`The provider refused the authorization code (${res.status}).`);
  const tokens = (await res.json().catch(() => ({}))) as { id_token?: unknown; access_token?: unknown };
  if (typeof tokens.id_token !== "string") throw oauthFailed("The provider returned no ID token.");

  let claims: JWTPayload;
  try {
    ({ payload: claims } = await jwtVerify(tokens.id_token, jwks(cfg.jwksUrl), {
      issuer: cfg.issuer,
      audience: cfg.clientId,
      algorithms: ["RS256", "ES256"],
      requiredClaims: ["sub", "exp", "iat"],
    }));
  } catch {
    throw oauthFailed("The ID token could not be verified.");
  }
  if (claims.nonce !== input.nonce) throw oauthFailed("The ID token nonce does not match.");

  let email = typeof claims.email === "string" ? claims.email : null;
  let verified = claims.email_verified === true || claims.email_verified === "true";
  let given = typeof claims.given_name === "string" ? claims.given_name : null;
  let family = typeof claims.family_name === "string" ? claims.family_name : null;
  if (!email && typeof tokens.access_token === "string") {
    const info = await fetch(cfg.userinfoUrl, { headers: { Authorization: `Bearer ${tokens.access_token}` } });
    if (info.ok) {
      const u = (await info.json().catch(() => ({}))) as Record<string, unknown>;
      // userinfo must describe the same subject as the verified ID token
      if (u.sub === claims.sub) {
        email = typeof u.email === "string" ? u.email : null;
        verified = u.email_verified === true || u.email_verified === "true";
        given ??= typeof u.given_name === "string" ? u.given_name : null;
        family ??= typeof u.family_name === "string" ? u.family_name : null;
      }
    }
  }
  if (!email) throw oauthFailed("The provider did not share an email address.");
  return {
    subject: String(claims.sub),
    email: email.trim().toLowerCase(),
    emailVerified: verified,
    givenName: given,
    familyName: family,
  };
}

/**
 * The account for an identity: the linked one, else an existing account with
 * the same email (only when both sides verified it — linking to an
 * unverified local account would let whoever pre-registered the address in),
 * else a new verified seeker without a password.
 */
export async function resolveAccount(
  db: Db,
  provider: string,
  id: OAuthIdentity,
  now = Date.now(),
): Promise<{ user: UserRow; created: boolean; linked: boolean }> {
  const linked = await db
    .select({ user: users })
    .from(oauthAccounts)
    .innerJoin(users, eq(users.id, oauthAccounts.userId))
    .where(and(eq(oauthAccounts.provider, provider), eq(oauthAccounts.subject, id.subject)))
    .get();
  if (linked) return { user: linked.user, created: false, linked: false };
  if (!id.emailVerified) {
    throw new ApiError(403, "oauth-email-unverified", "The provider has not verified this email address.");
  }
  const existing = await db.select().from(users).where(eq(users.email, id.email)).get();
  if (existing) {
    if (existing.emailVerifiedAt === null) {
      throw new ApiError(
        409,
        "oauth-link-requires-verification",
        "An account with this email exists but its address is not verified. Verify it or sign in with the password first.",
      );
    }
    await db
      .insert(oauthAccounts)
      .values({ provider, subject: id.subject, userId: existing.id, email: id.email, createdAt: now })
      .onConflictDoNothing();
    return { user: existing, created: false, linked: true };
  }
  const firstName = (id.givenName ?? "").trim().slice(0, 100) || "New";
  const lastName = (id.familyName ?? "").trim().slice(0, 100) || "User";
  for (let attempt = 0; attempt < 5; attempt++) {
    const userId = newId(now);
    try {
      const [user] = await db.batch([
        db
          .insert(users)
          .values({
            id: userId,
            email: id.email,
            username: generateUsername(id.email),
            passwordHash: null,
            role: "seeker",
            firstName,
            lastName,
            firstNameKey: foldText(firstName),
            lastNameKey: foldText(lastName),
            emailVerifiedAt: now,
            passwordChangedAt: null,
            createdAt: now,
            updatedAt: now,
          })
          .returning(),
        db.insert(oauthAccounts).values({ provider, subject: id.subject, userId, email: id.email, createdAt: now }),
      ]);
      if (!user[0]) throw new Error("insert returned no row");
      return { user: user[0], created: true, linked: true };
    } catch (err) {
      if (isUniqueViolation(err, "users.username")) continue;
      if (isUniqueViolation(err)) return resolveAccount(db, provider, id, now); // a concurrent callback won
      throw err;
    }
  }
  throw new Error("could not allocate a username");
}
