/** Reading the audit log and the outgoing email log (admin). Keyset pagination on (created_at, id). */
import { and, desc, eq, lt, or, type SQL } from "drizzle-orm";
import type { CreatedPosition } from "../../http/pagination";
import type { Db } from "../../platform/db/client";
import { auditLog, type EmailStatus, emailLog } from "../../platform/db/schema";

function before(
  col: {
    createdAt: typeof auditLog.createdAt | typeof emailLog.createdAt;
    id: typeof auditLog.id | typeof emailLog.id;
  },
  p: CreatedPosition | null,
) {
  if (!p) return undefined;
  const [at, id] = p;
  return or(lt(col.createdAt, at), and(eq(col.createdAt, at), lt(col.id, id)));
}

export async function listAuditLog(
  db: Db,
  f: {
    actor_id?: string | undefined;
    action?: string | undefined;
    target_type?: string | undefined;
    target_id?: string | undefined;
    limit: number;
  },
  cursor: CreatedPosition | null,
) {
  const conds: (SQL | undefined)[] = [before(auditLog, cursor)];
  if (f.actor_id) conds.push(eq(auditLog.actorId, f.actor_id));
  if (f.action) conds.push(eq(auditLog.action, f.action));
  if (f.target_type) conds.push(eq(auditLog.targetType, f.target_type));
  if (f.target_id) conds.push(eq(auditLog.targetId, f.target_id));
  return db
    .select()
    .from(auditLog)
    .where(and(...conds))
    .orderBy(desc(auditLog.createdAt), desc(auditLog.id))
    .limit(f.limit + 1);
}

export async function listEmailLog(
  db: Db,
  f: { status?: EmailStatus | undefined; to?: string | undefined; template?: string | undefined; limit: number },
  cursor: CreatedPosition | null,
) {
  const conds: (SQL | undefined)[] = [before(emailLog, cursor)];
  // `sending` is an in-flight claim; to readers it is still queued.
  if (f.status)
    conds.push(
      f.status === "queued"
        ? or(eq(emailLog.status, "queued"), eq(emailLog.status, "sending"))
        : eq(emailLog.status, f.status),
    );
  if (f.to) conds.push(eq(emailLog.to, f.to.toLowerCase()));
  if (f.template) conds.push(eq(emailLog.template, f.template));
  return db
    .select()
    .from(emailLog)
    .where(and(...conds))
    .orderBy(desc(emailLog.createdAt), desc(emailLog.id))
    .limit(f.limit + 1);
}
