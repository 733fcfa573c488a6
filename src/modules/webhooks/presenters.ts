/** Webhook rows → wire DTOs (never the secrets, except once at creation/rotation). */
import { toIso, toIsoOrNull } from "../../lib/time";
import type { WebhookAttemptRow, WebhookDeliveryRow, WebhookEndpointRow } from "../../platform/db/schema";

export function presentEndpoint(row: WebhookEndpointRow, now = Date.now()) {
  const overlap =
    row.previousSecretEnc && (row.previousSecretExpiresAt ?? 0) > now ? row.previousSecretExpiresAt : null;
  return {
    id: row.id,
    company_id: row.companyId,
    url: row.url,
    description: row.description,
    events: row.eventTypes,
    status: row.status,
    disabled_reason: row.disabledReason,
    failing_since: toIsoOrNull(row.failingSince),
    previous_secret_expires_at: toIsoOrNull(overlap),
    created_at: toIso(row.createdAt),
    updated_at: toIso(row.updatedAt),
  };
}

export function presentDelivery(row: WebhookDeliveryRow) {
  return {
    id: row.id,
    endpoint_id: row.endpointId,
    event_id: row.eventId,
    event_type: row.eventType,
    status: row.status,
    attempts: row.attempts,
    next_attempt_at: row.status === "pending" ? toIsoOrNull(row.nextAttemptAt) : null,
    last_attempt_at: toIsoOrNull(row.lastAttemptAt),
    created_at: toIso(row.createdAt),
  };
}

export function presentAttempt(row: WebhookAttemptRow) {
  return {
    attempt: row.attempt,
    trigger: row.trigger,
    request_status: row.requestStatus,
    response_status: row.responseStatus,
    duration_ms: row.durationMs,
    error: row.error,
    created_at: toIso(row.createdAt),
  };
}
