/**
 * Company members. Owners manage the team; any member may leave; the last
 * owner can neither leave nor be removed (enforced inside the DELETE itself,
 * so two owners removing each other at once cannot leave the company ownerless).
 */
import { and, asc, eq, sql } from "drizzle-orm";
import { isUniqueViolation } from "../../http/db-errors";
import { ApiError, forbidden, notFound } from "../../http/problem";
import type { Db } from "../../platform/db/client";
import { companyMembers, users } from "../../platform/db/schema";
import type { AuthContext } from "../../platform/env";
import { getMembership, type MemberRole } from "./membership";
import { requireCompany } from "./service";

const memberColumns = {
  userId: users.id,
  email: users.email,
  username: users.username,
  firstName: users.firstName,
  lastName: users.lastName,
  role: companyMembers.role,
  createdAt: companyMembers.createdAt,
};

export type MemberView = {
  userId: string;
  email: string;
  username: string;
  firstName: string;
  lastName: string;
  role: MemberRole;
  createdAt: number;
};

export async function listMembers(db: Db, auth: AuthContext, companyId: string): Promise<MemberView[]> {
  await requireCompany(db, auth, companyId);
  return db
    .select(memberColumns)
    .from(companyMembers)
    .innerJoin(users, eq(users.id, companyMembers.userId))
    .where(eq(companyMembers.companyId, companyId))
    .orderBy(asc(companyMembers.role), asc(companyMembers.createdAt));
}

/** Owners (and admins) add an existing, active employer account by email. */
export async function addMember(
  db: Db,
  auth: AuthContext,
  companyId: string,
  input: { email: string; role: MemberRole },
): Promise<MemberView> {
  await requireCompany(db, auth, companyId, true);
  const user = await db
    .select({
      id: users.id,
      email: users.email,
      username: users.username,
      firstName: users.firstName,
      lastName: users.lastName,
    })
    .from(users)
    .where(and(eq(users.email, input.email), eq(users.role, "employer"), eq(users.status, "active")))
    .get();
  if (!user) throw new ApiError(404, "employer-not-found", "No active employer account uses this email address.");
  const now = Date.now();
  try {
    await db.insert(companyMembers).values({ companyId, userId: user.id, role: input.role, createdAt: now });
  } catch (err) {
    if (isUniqueViolation(err)) throw new ApiError(409, "already-member", "This person is already a member.");
    throw err;
  }
  return { ...user, userId: user.id, role: input.role, createdAt: now };
}

/** Owners remove anyone; every member may remove themself (leave). */
export async function removeMember(db: Db, auth: AuthContext, companyId: string, userId: string): Promise<void> {
  const { access } = await requireCompany(db, auth, companyId);
  if (access === "recruiter" && userId !== auth.userId) throw forbidden("Only a company owner can remove members.");
  const result = await db.run(sql`
    DELETE FROM company_members
    WHERE company_id = ${companyId} AND user_id = ${userId}
      AND (role <> 'owner'
           OR (SELECT count(*) FROM company_members WHERE company_id = ${companyId} AND role = 'owner') > 1)`);
  if (result.meta.changes > 0) return;
  const role = await getMembership(db, companyId, userId);
  if (!role) throw notFound("Member");
  throw new ApiError(409, "last-owner", "The last owner cannot leave or be removed; make someone else owner first.");
}

/** Owners change a member's role; the last owner cannot be demoted. */
export async function changeMemberRole(
  db: Db,
  auth: AuthContext,
  companyId: string,
  userId: string,
  role: MemberRole,
): Promise<MemberView> {
  await requireCompany(db, auth, companyId, true);
  const result = await db.run(sql`
    UPDATE company_members SET role = ${role}
    WHERE company_id = ${companyId} AND user_id = ${userId}
      AND (${role} = 'owner' OR role <> 'owner'
           OR (SELECT count(*) FROM company_members WHERE company_id = ${companyId} AND role = 'owner') > 1)`);
  if (result.meta.changes > 0) {
    const member = await db
      .select(memberColumns)
      .from(companyMembers)
      .innerJoin(users, eq(users.id, companyMembers.userId))
      .where(and(eq(companyMembers.companyId, companyId), eq(companyMembers.userId, userId)))
      .get();
    if (member) return member;
  }
  const current = await getMembership(db, companyId, userId);
  if (!current) throw notFound("Member");
  throw new ApiError(409, "last-owner", "The last owner cannot be demoted; make someone else owner first.");
}
