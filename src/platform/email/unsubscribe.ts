/**
 * Unsubscribe links: one signed token (src/lib/signing.ts, purpose
 * "unsubscribe") whose subject is what the link switches off, and one URL,
 * `PUBLIC_APP_URL/api/v1/unsubscribe?token=…` (the app serves `/api/*` from this
 * Worker; in development they are the same origin). The route pair that reads
 * the token is src/modules/unsubscribe. Only the kinds of subject are known
 * here; what each one means is the business of its module.
 */
import { z } from "zod";
import { sign, verify } from "../../lib/signing";
import { DAY } from "../../lib/time";
import { appUrl } from "../../lib/urls";

export type UnsubscribeSubject =
  /** A category of non-security email, for an address (email suppressions). */
  | { kind: "email"; email: string; category: string }
  /** One notification type's emails, for one user (notification preferences). */
  | { kind: "notification"; userId: string; type: string }
  /** One job alert (deactivates it). */
  | { kind: "alert"; alertId: string };

const PURPOSE = "unsubscribe";

/**
 * Each email carries a fresh link; an older one says it has expired and points
 * to the settings. RFC 8058 asks for links that keep working "for a while".
 */
export const UNSUBSCRIBE_TTL = 180 * DAY;

/** The one public path; `/api/v1/alerts/unsubscribe` (API.md) is its alias. */
export const UNSUBSCRIBE_PATH = "/api/v1/unsubscribe";

const Fields = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("email"), email: z.string().min(1), category: z.string().min(1) }),
  z.object({ kind: z.literal("notification"), user_id: z.string().min(1), type: z.string().min(1) }),
  z.object({ kind: z.literal("alert"), alert_id: z.string().min(1) }),
]);

function toFields(s: UnsubscribeSubject): z.infer<typeof Fields> {
  switch (s.kind) {
    case "email":
      return { kind: "email", email: s.email.toLowerCase(), category: s.category };
    case "notification":
      return { kind: "notification", user_id: s.userId, type: s.type };
    case "alert":
      return { kind: "alert", alert_id: s.alertId };
  }
}

export async function unsubscribeToken(secret: string, subject: UnsubscribeSubject, now = Date.now()): Promise<string> {
  return (await sign(secret, PURPOSE, toFields(subject), UNSUBSCRIBE_TTL, now)).token;
}

export type ReadToken = { ok: true; subject: UnsubscribeSubject } | { ok: false; reason: "invalid" | "expired" };

export async function readUnsubscribeToken(secret: string, token: string, now = Date.now()): Promise<ReadToken> {
  const checked = await verify(secret, PURPOSE, token, now);
  if (!checked.ok) return checked;
  const parsed = Fields.safeParse(checked.fields);
  if (!parsed.success) return { ok: false, reason: "invalid" };
  const f = parsed.data;
  const subject: UnsubscribeSubject =
    f.kind === "email"
      ? { kind: "email", email: f.email, category: f.category }
      : f.kind === "notification"
        ? { kind: "notification", userId: f.user_id, type: f.type }
        : { kind: "alert", alertId: f.alert_id };
  return { ok: true, subject };
}

/** The absolute one-click link for `subject`: what List-Unsubscribe and the email footer carry. */
export async function unsubscribeUrl(
  env: Pick<Env, "PUBLIC_APP_URL" | "SIGNING_SECRET">,
  subject: UnsubscribeSubject,
  now = Date.now(),
): Promise<string> {
  const token = await unsubscribeToken(env.SIGNING_SECRET, subject, now);
  return appUrl(env, `${UNSUBSCRIBE_PATH}?token=${encodeURIComponent(token)}`);
}
