import { env } from "cloudflare:test";
import { readUnsubscribeToken, type UnsubscribeSubject } from "../../src/platform/email/unsubscribe";

/** What an email's unsubscribe link switches off, or null when it is not a valid link of the one mechanism. */
export async function unsubscribeSubject(url: string | undefined): Promise<UnsubscribeSubject | null> {
  if (!url?.startsWith(`${env.PUBLIC_APP_URL}/api/v1/unsubscribe?token=`)) return null;
  const read = await readUnsubscribeToken(env.SIGNING_SECRET, new URL(url).searchParams.get("token") ?? "");
  return read.ok ? read.subject : null;
}
