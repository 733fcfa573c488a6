/**
 * Signed, expiring resume links: `…/resumes/{id}/download?expires={unix}&signature={hmac}`.
 * The HMAC (SIGNING_SECRET) covers a purpose prefix, the resume id and the
 * expiry, so the link cannot be retargeted or extended; deleting the resume
 * ends every link to it.
 */
import { hmacSign, hmacVerify } from "../../lib/crypto";

const message = (resumeId: string, expires: number) => `resume-download:v1:${resumeId}:${expires}`;

export async function signShareLink(
  secret: string,
  origin: string,
  resumeId: string,
  expiresInSeconds: number,
  now = Date.now(),
): Promise<{ url: string; expiresAt: number }> {
  const expires = Math.floor(now / 1000) + expiresInSeconds;
  const signature = await hmacSign(secret, message(resumeId, expires));
  const url = `${origin}/api/v1/resumes/${encodeURIComponent(resumeId)}/download?expires=${expires}&signature=${signature}`;
  return { url, expiresAt: expires * 1000 };
}

export type ShareCheck = "ok" | "invalid" | "expired";

/** The signature is checked before the expiry, so an edited `expires` reads as tampering. */
export async function verifyShareLink(
  secret: string,
  resumeId: string,
  expires: string,
  signature: string,
  now = Date.now(),
): Promise<ShareCheck> {
  const exp = Number(expires);
  if (!Number.isSafeInteger(exp)) return "invalid";
  if (!(await hmacVerify(secret, message(resumeId, exp), signature))) return "invalid";
  return exp * 1000 < now ? "expired" : "ok";
}
