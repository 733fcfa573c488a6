import { toIso, toIsoOrNull } from "../../lib/time";
import type { AuditLogRow, EmailLogRow, UserRow } from "../../platform/db/schema";
import { presentUser } from "./presenters";

/** The account as its owner sees it (`GET /auth/me`), plus what only admins see. */
export function presentAdminUser(u: UserRow) {
  return { ...presentUser(u), status: u.status, is_suspended: u.status === "suspended" };
}

export function presentAuditEntry(a: AuditLogRow) {
  return {
    id: a.id,
    actor_id: a.actorId,
    actor_role: a.actorRole,
    action: a.action,
    target_type: a.targetType,
    target_id: a.targetId,
    data: a.data,
    ip_hint: a.ipHint,
    created_at: toIso(a.createdAt),
  };
}

export function presentEmailLog(e: EmailLogRow) {
  return {
    id: e.id,
    to: e.to,
    template: e.template,
    category: e.category,
    status: e.status === "sending" ? ("queued" as const) : e.status,
    provider: e.provider,
    provider_id: e.providerId,
    error: e.error,
    attempts: e.attempts,
    created_at: toIso(e.createdAt),
    sent_at: toIsoOrNull(e.sentAt),
  };
}
