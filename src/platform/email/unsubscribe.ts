/**
 * One-click unsubscribe (RFC 8058) for non-security email: a signed token
 * naming the address and the category, so the link works without login and
 * cannot be forged for someone else's address.
 */
import { hmacSign, hmacVerify } from "../../lib/crypto";
import { fromBase64Url, toBase64Url, utf8 } from "../../lib/encoding";

const decoder = new TextDecoder();

export async function unsubscribeToken(secret: string, email: string, category: string): Promise<string> {
  const payload = toBase64Url(utf8(JSON.stringify({ e: email, c: category })));
  return `${payload}.${await hmacSign(secret, `unsubscribe:${payload}`)}`;
}

export async function readUnsubscribeToken(
  secret: string,
  token: string,
): Promise<{ email: string; category: string } | null> {
  const [payload, sig] = token.split(".");
  if (!payload || !sig || !(await hmacVerify(secret, `unsubscribe:${payload}`, sig))) return null;
  try {
    const { e, c } = JSON.parse(decoder.decode(fromBase64Url(payload))) as { e?: unknown; c?: unknown };
    return typeof e === "string" && typeof c === "string" ? { email: e, category: c } : null;
  } catch {
    return null;
  }
}

export function unsubscribeUrl(env: Pick<Env, "PUBLIC_APP_URL">, token: string): string {
  return `${env.PUBLIC_APP_URL.replace(/\/$/, "")}/api/v1/auth/email/unsubscribe?token=${encodeURIComponent(token)}`;
}
