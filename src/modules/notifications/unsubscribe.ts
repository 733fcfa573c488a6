/**
 * One-click unsubscribe from one notification type's emails (RFC 8058). The
 * token is `userId.type.hmac` signed with SIGNING_SECRET: it names exactly one
 * user and one type, needs no login, does not expire (old emails keep working)
 * and cannot be forged or retargeted. Security types never get a token.
 */

import { ApiError } from "../../http/problem";
import { hmacSign, hmacVerify } from "../../lib/crypto";
import { isSecurityType, NOTIFICATION_TYPES, type NotificationType } from "./catalog";

const PURPOSE = "notification-unsubscribe:v1";

export async function signUnsubscribeToken(secret: string, userId: string, type: NotificationType): Promise<string> {
  return `${userId}.${type}.${await hmacSign(secret, `${PURPOSE}:${userId}:${type}`)}`;
}

export async function verifyUnsubscribeToken(
  secret: string,
  token: string,
): Promise<{ userId: string; type: NotificationType }> {
  const [userId, type, sig, ...rest] = token.split(".");
  const valid =
    rest.length === 0 &&
    !!userId &&
    !!sig &&
    (NOTIFICATION_TYPES as readonly string[]).includes(type ?? "") &&
    !isSecurityType(type ?? "") &&
    (await hmacVerify(secret, `${PURPOSE}:${userId}:${type}`, sig));
  if (!valid) throw new ApiError(400, "invalid-token", "The unsubscribe link is invalid.");
  return { userId: userId as string, type: type as NotificationType };
}
