/**
 * Access tokens: HS256 JWTs with iss, aud, sub, sid, role, exp (15 minutes).
 * Verification pins the algorithm, so `alg: none` and algorithm swaps fail.
 */
import { errors, jwtVerify, SignJWT } from "jose";
import type { Role } from "../platform/env";
import { utf8 } from "./encoding";

export const ACCESS_TOKEN_TTL_SECONDS = 15 * 60;

export interface AccessClaims {
  sub: string;
  sid: string;
  role: Role;
}

type JwtEnv = Pick<Env, "JWT_SECRET" | "JWT_ISSUER" | "JWT_AUDIENCE">;

function key(env: JwtEnv): Uint8Array {
  if (!env.JWT_SECRET || env.JWT_SECRET.length < 32) {
    throw new Error("JWT_SECRET is missing or shorter than 32 characters");
  }
  return utf8(env.JWT_SECRET);
}

export async function signAccessToken(env: JwtEnv, claims: AccessClaims, now = Date.now()): Promise<string> {
  const iat = Math.floor(now / 1000);
  return new SignJWT({ sid: claims.sid, role: claims.role })
    .setProtectedHeader({ alg: "HS256", typ: "JWT" })
    .setSubject(claims.sub)
    .setIssuer(env.JWT_ISSUER)
    .setAudience(env.JWT_AUDIENCE)
    .setIssuedAt(iat)
    .setExpirationTime(iat + ACCESS_TOKEN_TTL_SECONDS)
    .sign(key(env));
}

/** Returns the claims, or null for any invalid, tampered, expired or foreign token. */
export async function verifyAccessToken(env: JwtEnv, token: string): Promise<AccessClaims | null> {
  try {
    const { payload } = await jwtVerify(token, key(env), {
      algorithms: ["HS256"],
      issuer: env.JWT_ISSUER,
      audience: env.JWT_AUDIENCE,
      requiredClaims: ["sub", "exp", "iat"],
    });
    const { sub, sid, role } = payload as { sub?: unknown; sid?: unknown; role?: unknown };
    if (typeof sub !== "string" || typeof sid !== "string") return null;
    if (role !== "seeker" && role !== "employer" && role !== "admin") return null;
    return { sub, sid, role };
  } catch (err) {
    if (err instanceof errors.JOSEError) return null;
    throw err;
  }
}
