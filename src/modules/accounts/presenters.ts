import { toIso, toIsoOrNull } from "../../lib/time";
import type { ApiKeyRow, LoginAttemptRow, SessionRow, UserRow } from "../../platform/db/schema";

/** The wire shape of a user as the user themself sees it. */
export function presentUser(u: UserRow) {
  return {
    id: u.id,
    email: u.email,
    username: u.username,
    role: u.role,
    first_name: u.firstName,
    last_name: u.lastName,
    email_verified: u.emailVerifiedAt !== null,
    mfa_enabled: u.mfaEnabled,
    timezone: u.timezone,
    locale: u.locale,
    created_at: toIso(u.createdAt),
    updated_at: toIso(u.updatedAt),
  };
}

export function presentSession(s: SessionRow, currentId: string | null) {
  return {
    id: s.id,
    user_agent: s.userAgent,
    ip_hint: s.ipHint,
    created_at: toIso(s.createdAt),
    last_used_at: toIso(s.lastUsedAt),
    expires_at: toIso(s.expiresAt),
    current: s.id === currentId,
  };
}

export function presentLoginAttempt(a: LoginAttemptRow) {
  return {
    at: toIso(a.createdAt),
    success: a.success,
    reason: a.reason,
    ip_hint: a.ipHint,
    user_agent: a.userAgent,
    new_device: a.newDevice,
  };
}

export function presentApiKey(k: ApiKeyRow) {
  return {
    id: k.id,
    name: k.name,
    prefix: k.prefix,
    scopes: k.scopes,
    created_at: toIso(k.createdAt),
    last_used_at: toIsoOrNull(k.lastUsedAt),
    expires_at: toIsoOrNull(k.expiresAt),
  };
}
