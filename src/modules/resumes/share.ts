/**
 * Signed, expiring resume links: `…/resumes/{id}/download?token=…`, a token of
 * src/lib/signing.ts (purpose "resume-download") naming the resume. It cannot
 * be retargeted at another resume or extended; deleting the resume ends every
 * link to it.
 */
import { sign, verify } from "../../lib/signing";
import { SECOND } from "../../lib/time";
import { joinUrl } from "../../lib/urls";

const PURPOSE = "resume-download";

export async function signShareLink(
  secret: string,
  origin: string,
  resumeId: string,
  expiresInSeconds: number,
  now = Date.now(),
): Promise<{ url: string; expiresAt: number }> {
  const { token, expiresAt } = await sign(secret, PURPOSE, { resume_id: resumeId }, expiresInSeconds * SECOND, now);
  const url = joinUrl(origin, `/api/v1/resumes/${encodeURIComponent(resumeId)}/download?token=${token}`);
  return { url, expiresAt };
}

export type ShareCheck = "ok" | "invalid" | "expired";

/** A genuine token for another resume reads as tampering, like any edit. */
export async function verifyShareLink(
  secret: string,
  resumeId: string,
  token: string,
  now = Date.now(),
): Promise<ShareCheck> {
  const checked = await verify(secret, PURPOSE, token, now);
  if (!checked.ok) return checked.reason;
  return checked.fields.resume_id === resumeId ? "ok" : "invalid";
}
