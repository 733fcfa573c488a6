/**
 * Admin user management: list/get, role change, suspension (sessions revoked,
 * API keys and tokens stop at once because auth checks the user's status on
 * every request), deletion (the GDPR erasure). Every change is audited in the
 * same batch as the change.
 */

import { and, desc, eq, gte, lt, or, type SQL, type SQLWrapper, sql } from "drizzle-orm";
import { nextVersion, preconditionFailed, requireVersion, versionIn } from "../../http/etag";
import type { CreatedPosition } from "../../http/pagination";
import { conflict, notFound } from "../../http/problem";
import { foldText } from "../../lib/fold";
import type { Db } from "../../platform/db/client";
import { type UserRow, users } from "../../platform/db/schema";
import type { AuthContext, Role } from "../../platform/env";
import type { GdprSection } from "../../platform/gdpr";
import { auditInsertIf } from "../audit";
import { eraseAccount } from "./erase";
import { forgetUser } from "./principal-cache";
import { revokeSessions } from "./sessions";

type Actor = Pick<AuthContext, "userId" | "role">;

/** Rows `[prefix, prefix + U+FFFF)`: an index range, unlike `LIKE 'x%'` on a case-sensitive column. */
const prefixRange = (col: SQLWrapper, q: string) => and(gte(col, q), lt(col, `${q}\uffff`));

/** The indexed expression of users_full_name_key_idx (migration 0017), written the same way. */
const fullNameKey = sql`(${users.firstNameKey} || ' ' || ${users.lastNameKey})`;

type UserFilter = {
  role?: Role | undefined;
  status?: UserRow["status"] | undefined;
  q?: string | undefined;
  limit: number;
};

export async function listUsers(db: Db, f: UserFilter, before: CreatedPosition | null) {
  return usersQuery(db, f, before);
}

/** The list query itself, unexecuted (tests read its plan). */
export function usersQuery(db: Db, f: UserFilter, before: CreatedPosition | null) {
  const conds: (SQL | undefined)[] = [];
  if (f.role) conds.push(eq(users.role, f.role));
  if (f.status) conds.push(eq(users.status, f.status));
  if (f.q) {
    // Email and username are stored lower-cased; names are compared as folded
    // keys (src/lib/fold.ts), so `zoe ang` and `ZOË` both find Zoë Ångström.
    // Each alternative is a range over its own index.
    const q = f.q.toLowerCase();
    const key = foldText(f.q);
    conds.push(
      or(
        prefixRange(users.email, q),
        prefixRange(users.username, q),
        prefixRange(fullNameKey, key),
        prefixRange(users.lastNameKey, key),
      ),
    );
  }
  if (before) {
    const [at, id] = before;
    conds.push(or(lt(users.createdAt, at), and(eq(users.createdAt, at), lt(users.id, id))));
  }
  return db
    .select()
    .from(users)
    .where(and(...conds))
    .orderBy(desc(users.createdAt), desc(users.id))
    .limit(f.limit + 1);
}

export async function getUserForAdmin(db: Db, id: string): Promise<UserRow> {
  const user = await db.select().from(users).where(eq(users.id, id)).get();
  if (!user) throw notFound("User");
  return user;
}

export async function patchUser(
  db: Db,
  env: Pick<Env, "USER_CHANNEL">,
  actor: Actor,
  id: string,
  patch: { role?: Role | undefined; is_suspended?: boolean | undefined },
  meta: { ipHint: string | null; ifMatch?: number[] | undefined },
  now = Date.now(),
): Promise<UserRow> {
  if (id === actor.userId)
    throw conflict("cannot-modify-self", "Admins cannot change their own role or suspend themselves.");
  const user = await getUserForAdmin(db, id);
  const { ifMatch } = meta;
  requireVersion(ifMatch, user.updatedAt);
  if (user.status === "deleted") throw conflict("user-deleted", "The account was deleted.");

  const set: Partial<UserRow> = {};
  // The update's own condition, also evaluated (before it) by the audit inserts: a lost race
  // (someone changed the status, or If-Match is stale) records nothing.
  const guard = and(eq(users.id, id), eq(users.status, user.status), versionIn(users.updatedAt, ifMatch)) as SQL;
  const audits = [];
  if (patch.role !== undefined && patch.role !== user.role) {
    set.role = patch.role;
    audits.push(
      auditInsertIf(
        db,
        {
          actor,
          action: "admin.user_role_changed",
          targetType: "user",
          targetId: id,
          data: { from: user.role, to: patch.role },
          ipHint: meta.ipHint,
        },
        sql`EXISTS (SELECT 1 FROM users WHERE ${guard})`,
        now,
      ),
    );
  }
  const suspend = patch.is_suspended;
  if (suspend !== undefined && suspend !== (user.status === "suspended")) {
    set.status = suspend ? "suspended" : "active";
    audits.push(
      auditInsertIf(
        db,
        {
          actor,
          action: suspend ? "admin.user_suspended" : "admin.user_unsuspended",
          targetType: "user",
          targetId: id,
          ipHint: meta.ipHint,
        },
        sql`EXISTS (SELECT 1 FROM users WHERE ${guard})`,
        now,
      ),
    );
  }
  if (audits.length === 0) return user;
  const results = await db.batch([
    ...(audits as [(typeof audits)[number]]),
    db
      .update(users)
      .set({ ...set, updatedAt: nextVersion(users.updatedAt, now) })
      .where(guard)
      .returning(),
  ]);
  const row = (results[results.length - 1] as UserRow[])[0];
  if (!row && ifMatch) throw preconditionFailed();
  if (!row) throw conflict("concurrent-change", "The account changed meanwhile; try again.");
  // Role and status are part of the cached principal (principal-cache.ts).
  forgetUser(id);
  if (set.status === "suspended") {
    await revokeSessions(db, env, id, { all: true }, "suspended", { closeAllSockets: true }, now);
  }
  return row;
}

export async function deleteUserAsAdmin(
  db: Db,
  env: Env,
  actor: Actor,
  id: string,
  meta: { ipHint: string | null },
  sections: readonly GdprSection[],
) {
  if (id === actor.userId) throw conflict("cannot-modify-self", "Admins cannot delete their own account here.");
  const user = await getUserForAdmin(db, id);
  if (user.status === "deleted") throw notFound("User");
  await eraseAccount(db, env, user, { actor, ipHint: meta.ipHint, reason: "admin" }, sections);
}
