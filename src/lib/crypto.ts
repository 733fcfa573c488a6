/**
 * Hashing, random tokens and constant-time comparison on Web Crypto (signed
 * tokens are src/lib/signing.ts).
 */
import { toBase64Url, toHex, utf8 } from "./encoding";

/** A random URL-safe token of `bytes` bytes (default 256 bits). */
export function randomToken(bytes = 32): string {
  const buf = new Uint8Array(bytes);
  crypto.getRandomValues(buf);
  return toBase64Url(buf);
}

/** SHA-256 hex digest: how refresh/reset/verification tokens and API keys are stored. */
export async function sha256Hex(value: string): Promise<string> {
  return toHex(await crypto.subtle.digest("SHA-256", utf8(value)));
}

/** Constant-time string comparison (length leaks, content does not). */
export function timingSafeEqual(a: string, b: string): boolean {
  const ab = utf8(a);
  const bb = utf8(b);
  if (ab.length !== bb.length) return false;
  let diff = 0;
  for (let i = 0; i < ab.length; i++) diff |= (ab[i] ?? 0) ^ (bb[i] ?? 0);
  return diff === 0;
}
