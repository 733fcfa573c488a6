/**
 * Hashing, random tokens and constant-time comparison on Web Crypto (signed
 * tokens are src/lib/signing.ts).
 */
import { fromBase64Url, fromHex, toBase64Url, toHex, utf8 } from "./encoding";

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

const aesKeys = new Map<string, Promise<CryptoKey>>();
function aesKey(hex: string): Promise<CryptoKey> {
  let key = aesKeys.get(hex);
  if (!key) {
    if (!/^[0-9a-fA-F]{64}$/.test(hex)) throw new Error("the encryption key must be 64 hex characters (256 bits)");
    key = crypto.subtle.importKey("raw", fromHex(hex), "AES-GCM", false, ["encrypt", "decrypt"]);
    aesKeys.set(hex, key);
  }
  return key;
}

/**
 * AES-256-GCM encryption of `plaintext` with a 64-hex-character key (e.g.
 * ENCRYPTION_KEY): `v1.<iv>.<ciphertext>` in base64url. `context` (e.g. the
 * owning row's id) is authenticated as associated data, so a ciphertext copied
 * to another row does not decrypt.
 */
export async function encryptText(keyHex: string, plaintext: string, context: string): Promise<string> {
  const iv = new Uint8Array(12);
  crypto.getRandomValues(iv);
  const ct = await crypto.subtle.encrypt(
    { name: "AES-GCM", iv, additionalData: utf8(context) },
    await aesKey(keyHex),
    utf8(plaintext),
  );
  return `v1.${toBase64Url(iv)}.${toBase64Url(ct)}`;
}

/** The inverse of `encryptText`; throws on a wrong key, context or a tampered value. */
export async function decryptText(keyHex: string, value: string, context: string): Promise<string> {
  const [version, iv, ct] = value.split(".");
  if (version !== "v1" || !iv || !ct) throw new Error("unknown ciphertext format");
  const plain = await crypto.subtle.decrypt(
    { name: "AES-GCM", iv: fromBase64Url(iv), additionalData: utf8(context) },
    await aesKey(keyHex),
    fromBase64Url(ct),
  );
  return new TextDecoder().decode(plain);
}
