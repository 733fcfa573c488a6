/**
 * Password hashing: PBKDF2-SHA256 at 100 000 iterations, the most the
 * production Workers runtime allows (more works locally and throws in production).
 * Stored as `pbkdf2-sha256$<iterations>$<salt b64url>$<hash b64url>` so the
 * parameters can change later and old hashes be upgraded on login.
 */

import { timingSafeEqual } from "./crypto";
import { fromBase64Url, toBase64Url, utf8 } from "./encoding";

export const PBKDF2_ITERATIONS = 100_000;
const SALT_BYTES = 16;
const HASH_BITS = 256;

async function derive(password: string, salt: Uint8Array, iterations: number): Promise<Uint8Array> {
  const material = await crypto.subtle.importKey("raw", utf8(password), "PBKDF2", false, ["deriveBits"]);
  const bits = await crypto.subtle.deriveBits(
    { name: "PBKDF2", hash: "SHA-256", salt, iterations },
    material,
    HASH_BITS,
  );
  return new Uint8Array(bits);
}

export async function hashPassword(password: string): Promise<string> {
  const salt = new Uint8Array(SALT_BYTES);
  crypto.getRandomValues(salt);
  const hash = await derive(password, salt, PBKDF2_ITERATIONS);
  return `pbkdf2-sha256$${PBKDF2_ITERATIONS}$${toBase64Url(salt)}$${toBase64Url(hash)}`;
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, iter, saltB64, hashB64] = stored.split("$");
  const iterations = Number(iter);
  if (scheme !== "pbkdf2-sha256" || !saltB64 || !hashB64 || !Number.isInteger(iterations)) return false;
  if (iterations < 1 || iterations > PBKDF2_ITERATIONS) return false;
  const actual = await derive(password, fromBase64Url(saltB64), iterations);
  return timingSafeEqual(toBase64Url(actual), hashB64);
}

/** True when a stored hash uses weaker parameters than today's and should be replaced. */
export function needsRehash(stored: string): boolean {
  return !stored.startsWith(`pbkdf2-sha256$${PBKDF2_ITERATIONS}$`);
}

/**
 * A fixed hash to verify against when the account does not exist, so a login
 * for an unknown email costs the same PBKDF2 work as a wrong password.
 */
export const DUMMY_PASSWORD_HASH =
  "pbkdf2-sha256$100000$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";
