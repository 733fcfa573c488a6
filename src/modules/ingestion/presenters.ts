/** Ingestion rows → wire DTOs. Credentials never leave the database: only whether they are set. */
import { toIsoOrNull } from "../../lib/time";
import type { IngestionRunRow, IngestionSourceRow } from "../../platform/db/schema";
import { healthOf } from "./service";

export function presentSource(s: IngestionSourceRow) {
  return {
    id: s.id,
    name: s.name,
    kind: s.kind,
    config: s.config,
    has_credentials: s.credentialsEnc !== null,
    enabled: s.enabled,
    health: {
      status: healthOf(s),
      last_run_at: toIsoOrNull(s.lastRunAt),
      last_success_at: toIsoOrNull(s.lastSuccessAt),
      last_error: s.lastError,
      consecutive_failures: s.consecutiveFailures,
    },
    created_at: new Date(s.createdAt).toISOString(),
    updated_at: new Date(s.updatedAt).toISOString(),
  };
}

export function presentRun(r: IngestionRunRow) {
  return {
    id: r.id,
    source_id: r.sourceId,
    trigger: r.trigger,
    status: r.status,
    fetched: r.fetched,
    new: r.created,
    updated: r.updated,
    duplicates: r.duplicates,
    expired: r.expired,
    errors: r.errors,
    error: r.error,
    created_at: new Date(r.createdAt).toISOString(),
    started_at: toIsoOrNull(r.startedAt),
    finished_at: toIsoOrNull(r.finishedAt),
  };
}
