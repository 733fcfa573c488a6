/**
 * The one signed-token format of the project (unsubscribe links, resume share
 * links): `base64url(JSON {exp, f}) "." base64url(HMAC-SHA256)`.
 *
 * - The MAC covers the purpose and the payload, so a token minted for one
 *   purpose never verifies for another even when the fields look alike.
 * - Every token expires (`exp`, Unix seconds, inside the signed payload).
 * - The signature is checked (in constant time) before anything else is read,
 *   so an edited expiry or field reads as tampering, not as "expired".
 * The tokens are signed, not encrypted: never put a secret in `fields`.
 */
import { timingSafeEqual } from "./crypto";
import { fromBase64Url, toBase64Url, utf8 } from "./encoding";

export type TokenFields = Record<string, string | number | boolean>;

export type Verified =
  | { ok: true; fields: Record<string, unknown>; expiresAt: number }
  | { ok: false; reason: "invalid" | "expired" };

const keys = new Map<string, Promise<CryptoKey>>();
function key(secret: string): Promise<CryptoKey> {
  let k = keys.get(secret);
  if (!k) {
    k = crypto.subtle.importKey("raw", utf8(secret), { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
    keys.set(secret, k);
  }
  return k;
}

/**
 * The payload is base64url (no "."), so `purpose.payload` splits only one way:
 * no two (purpose, payload) pairs share a MAC input.
 */
async function mac(secret: string, purpose: string, payload: string): Promise<string> {
  return toBase64Url(await crypto.subtle.sign("HMAC", await key(secret), utf8(`${purpose}.${payload}`)));
}

/** A token carrying `fields` for `purpose`, valid for `ttlMs` from `now`. */
export async function sign(
  secret: string,
  purpose: string,
  fields: TokenFields,
  ttlMs: number,
  now = Date.now(),
): Promise<{ token: string; expiresAt: number }> {
  const exp = Math.floor((now + ttlMs) / 1000);
  const payload = toBase64Url(utf8(JSON.stringify({ exp, f: fields })));
  return { token: `${payload}.${await mac(secret, purpose, payload)}`, expiresAt: exp * 1000 };
}

const decoder = new TextDecoder();

/** The fields of a genuine token for `purpose`; `invalid` when forged, retargeted or malformed, `expired` when old. */
export async function verify(secret: string, purpose: string, token: string, now = Date.now()): Promise<Verified> {
  const invalid = { ok: false, reason: "invalid" } as const;
  const parts = token.split(".");
  const [payload, signature] = parts;
  if (parts.length !== 2 || !payload || !signature) return invalid;
  if (!timingSafeEqual(await mac(secret, purpose, payload), signature)) return invalid;
  let body: unknown;
  try {
    body = JSON.parse(decoder.decode(fromBase64Url(payload)));
  } catch {
    return invalid;
  }
  if (typeof body !== "object" || body === null) return invalid;
  const { exp, f } = body as { exp?: unknown; f?: unknown };
  if (typeof exp !== "number" || !Number.isSafeInteger(exp)) return invalid;
  if (typeof f !== "object" || f === null || Array.isArray(f)) return invalid;
  if (exp * 1000 < now) return { ok: false, reason: "expired" };
  return { ok: true, fields: f as Record<string, unknown>, expiresAt: exp * 1000 };
}
