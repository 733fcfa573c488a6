import type { UserRow } from "../../db/schema";
import { toIso } from "../../lib/time";

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
