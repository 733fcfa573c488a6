/**
 * Per-alert one-click unsubscribe tokens: `alertId.expiresAtSeconds.hmac`,
 * signed with SIGNING_SECRET. Each email carries a fresh token; it names one
 * alert, cannot be retargeted, and stops working after TOKEN_TTL (old emails
 * then say so, and the alert can still be paused in the app).
 */

import { ApiError } from "../../http/problem";
import { hmacSign, hmacVerify } from "../../lib/crypto";
import { DAY } from "../../lib/time";

const PURPOSE = "alert-unsubscribe:v1";
export const TOKEN_TTL = 180 * DAY;
export const ALERT_UNSUBSCRIBE_PATH = "/api/v1/alerts/unsubscribe";

export async function signAlertToken(secret: string, alertId: string, now = Date.now()): Promise<string> {
  const exp = Math.floor((now + TOKEN_TTL) / 1000);
  return `${alertId}.${exp}.${await hmacSign(secret, `${PURPOSE}:${alertId}:${exp}`)}`;
}

/** The alert id of a valid token; `400 invalid-token` when forged or malformed, `400 token-expired` when old. */
export async function verifyAlertToken(secret: string, token: string, now = Date.now()): Promise<string> {
  const [alertId, exp, sig, ...rest] = token.split(".");
  const valid =
    rest.length === 0 &&
    !!alertId &&
    !!sig &&
    /^\d{1,12}$/.test(exp ?? "") &&
    (await hmacVerify(secret, `${PURPOSE}:${alertId}:${exp}`, sig));
  if (!valid) throw new ApiError(400, "invalid-token", "The unsubscribe link is invalid.");
  if (Number(exp) * 1000 < now) {
    throw new ApiError(400, "token-expired", "The unsubscribe link has expired; pause the alert in your settings.");
  }
  return alertId as string;
}

export async function alertUnsubscribeUrl(
  env: Pick<Env, "PUBLIC_APP_URL" | "SIGNING_SECRET">,
  alertId: string,
  now = Date.now(),
): Promise<string> {
  const token = await signAlertToken(env.SIGNING_SECRET, alertId, now);
  return `${env.PUBLIC_APP_URL.replace(/\/+$/, "")}${ALERT_UNSUBSCRIBE_PATH}?token=${encodeURIComponent(token)}`;
}
