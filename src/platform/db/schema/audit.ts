/** The audit module's tables. */
import { index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";

/** Admin actions and security events. Append-only. */
export const auditLog = sqliteTable(
  "audit_log",
  {
    id: text().primaryKey(),
    actorId: text(),
    actorRole: text(),
    action: text().notNull(),
    targetType: text(),
    targetId: text(),
    data: text({ mode: "json" }).$type<Record<string, unknown>>().notNull().default({}),
    ipHint: text(),
    createdAt: integer().notNull(),
  },
  (t) => [
    index("audit_log_created_idx").on(t.createdAt, t.id),
    index("audit_log_actor_idx").on(t.actorId, t.createdAt),
    index("audit_log_action_idx").on(t.action, t.createdAt),
    index("audit_log_target_idx").on(t.targetType, t.targetId),
  ],
);

export type AuditLogRow = typeof auditLog.$inferSelect;
