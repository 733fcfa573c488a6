/** Alert rows → wire DTOs. */

import { toIso, toIsoOrNull } from "../../lib/time";
import type { JobAlertRow } from "../../platform/db/schema";
import { searchPath } from "./query";

export function presentAlert(row: JobAlertRow) {
  return {
    id: row.id,
    name: row.name,
    query: row.query,
    frequency: row.frequency,
    channels: row.channels,
    active: row.active,
    paused_reason: (row.pausedReason ?? null) as "unsubscribed" | "account_inactive" | "user" | null,
    search_url: searchPath(row.query),
    last_sent_at: toIsoOrNull(row.lastSentAt),
    created_at: toIso(row.createdAt),
    updated_at: toIso(row.updatedAt),
  };
}
