/**
 * Signed, expiring resume links: `…/resumes/{id}/download?token=…`, a token of
 * src/lib/signing.ts (purpose "resume-download") naming the resume. It cannot
 * be retargeted at another resume or extended; deleting the resume ends every
 * link to it. The same token also opens the landing page
 * `/resumes/{id}/shared?token=…` (src/modules/pages), which is what a person
 * who receives the link sees in a browser.
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
): Promise<{ url: string; pageUrl: string; expiresAt: number }> {
  const { token, expiresAt } = await sign(secret, PURPOSE, { resume_id: resumeId }, expiresInSeconds * SECOND, now);
  const id = encodeURIComponent(resumeId);
  const url = joinUrl(origin, `/api/v1/resumes/${id}/download?token=${token}`);
  const pageUrl = joinUrl(origin, `/resumes/${id}/shared?token=${token}`);
  return { url, pageUrl, expiresAt };
}

export type ShareCheck = "ok" | "invalid" | "expired";

/** A share link's state and, while it works, until when (the landing page says so). */
export async function inspectShareLink(
  secret: string,
  resumeId: string,
  token: string,
  now = Date.now(),
): Promise<{ check: ShareCheck; expiresAt: number | null }> {
  const checked = await verify(secret, PURPOSE, token, now);
  if (!checked.ok) return { check: checked.reason, expiresAt: null };
  return checked.fields.resume_id === resumeId
    ? { check: "ok", expiresAt: checked.expiresAt }
    : { check: "invalid", expiresAt: null };
}

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
