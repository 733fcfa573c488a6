/**
 * Account erasure: sessions end, every module's eraser runs (the sections listed in src/app.ts), files are
 * deleted through the queue (`files.delete`, an outbox row committed with the
 * audit row that records the erasure).
 */
import type { Db } from "../../platform/db/client";
import type { UserRow } from "../../platform/db/schema";
import type { AuthContext } from "../../platform/env";
import { type GdprSection, runGdprErasers } from "../../platform/gdpr";
import { commitWithOutbox } from "../../platform/queue/outbox";
import { auditInsert } from "../audit";
import { revokeSessions } from "./sessions";

export async function eraseAccount(
  db: Db,
  env: Env,
  user: UserRow,
  by: { actor: Pick<AuthContext, "userId" | "role">; ipHint: string | null; reason: "self" | "admin" },
  sections: readonly GdprSection[],
  now = Date.now(),
): Promise<void> {
  await revokeSessions(db, env, user.id, { all: true }, "account_deleted", { closeAllSockets: true }, now);
  const keys = await runGdprErasers(sections, { db, env, userId: user.id, email: user.email, now });
  const unique = [...new Set(keys)];
  // The deletion requests commit with the audit row (one outbox row per 1000 keys).
  const messages = [];
  for (let i = 0; i < unique.length; i += 1000) {
    messages.push({
      type: "files.delete" as const,
      keys: unique.slice(i, i + 1000),
      reason: "account_deleted" as const,
    });
  }
  await commitWithOutbox(
    db,
    env,
    [
      auditInsert(
        db,
        {
          actor: by.actor,
          action: by.reason === "self" ? "user.deleted" : "admin.user_deleted",
          targetType: "user",
          targetId: user.id,
          data: { files: unique.length },
          ipHint: by.ipHint,
        },
        now,
      ),
    ],
    messages,
  );
}
