/**
 * The audit log: admin actions and security events, append-only. `auditInsert`
 * returns a drizzle statement so the entry can join the batch of the change it
 * records (both land or neither does).
 */
import { type SQL, sql } from "drizzle-orm";
import { newId } from "../../lib/ids";
import type { Db } from "../../platform/db/client";
import { auditLog } from "../../platform/db/schema";
import type { AuthContext } from "../../platform/env";

export interface AuditEntry {
  actor: Pick<AuthContext, "userId" | "role"> | null;
  action: string;
  targetType?: string;
  targetId?: string;
  data?: Record<string, unknown>;
  ipHint?: string | null;
}

export function auditInsert(db: Db, entry: AuditEntry, now = Date.now()) {
  return db.insert(auditLog).values({
    id: newId(now),
    actorId: entry.actor?.userId ?? null,
    actorRole: entry.actor?.role ?? null,
    action: entry.action,
    targetType: entry.targetType ?? null,
    targetId: entry.targetId ?? null,
    data: entry.data ?? {},
    ipHint: entry.ipHint ?? null,
    createdAt: now,
  });
}

/**
 * An audit entry written only if `condition` holds when the statement runs: put
 * it before the conditional UPDATE it records, in the same batch, with that
 * UPDATE's condition, so a lost race (409/412) leaves no entry.
 */
export function auditInsertIf(db: Db, entry: AuditEntry, condition: SQL, now = Date.now()) {
  return db
    .insert(auditLog)
    .select(
      sql`SELECT ${newId(now)}, ${entry.actor?.userId ?? null}, ${entry.actor?.role ?? null}, ${entry.action}, ${
        entry.targetType ?? null
      }, ${entry.targetId ?? null}, ${JSON.stringify(entry.data ?? {})}, ${entry.ipHint ?? null}, ${now} WHERE ${condition}`,
    );
}

export async function recordAudit(db: Db, entry: AuditEntry): Promise<void> {
  await auditInsert(db, entry);
}
