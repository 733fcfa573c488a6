/**
 * Company membership checks, used by every company-scoped module (jobs,
 * applications, reviews' responses). A non-member gets `404`, never `403`, so
 * a company's private resources do not reveal that they exist.
 */
import { and, eq } from "drizzle-orm";
import { ApiError } from "../../http/problem";
import type { Db } from "../../platform/db/client";
import { type CompanyMemberRow, companies, companyMembers } from "../../platform/db/schema";
import type { AuthContext } from "../../platform/env";

export type MemberRole = CompanyMemberRow["role"];

export async function getMembership(db: Db, companyId: string, userId: string): Promise<MemberRole | null> {
  const row = await db
    .select({ role: companyMembers.role })
    .from(companyMembers)
    .where(and(eq(companyMembers.companyId, companyId), eq(companyMembers.userId, userId)))
    .get();
  return row?.role ?? null;
}

/** Ids of every company the user belongs to. */
export async function companyIdsOf(db: Db, userId: string): Promise<string[]> {
  const rows = await db
    .select({ companyId: companyMembers.companyId })
    .from(companyMembers)
    .where(eq(companyMembers.userId, userId));
  return rows.map((r) => r.companyId);
}

/**
 * Passes for admins and members (optionally only owners); otherwise throws
 * `404` with the given resource name so the caller learns nothing. For an
 * admin the company must still exist: callers go on to write rows that
 * reference it, and a dangling id would fail the foreign key (a 500).
 */
export async function requireCompanyAccess(
  db: Db,
  auth: AuthContext,
  companyId: string,
  options: { ownerOnly?: boolean; notFoundAs?: string } = {},
): Promise<MemberRole | "admin"> {
  if (auth.role === "admin") {
    const found = await db.select({ id: companies.id }).from(companies).where(eq(companies.id, companyId)).get();
    if (!found) throw new ApiError(404, "not-found", `${options.notFoundAs ?? "Company"} not found.`);
    return "admin";
  }
  const role = await getMembership(db, companyId, auth.userId);
  if (!role) throw new ApiError(404, "not-found", `${options.notFoundAs ?? "Company"} not found.`);
  if (options.ownerOnly && role !== "owner") {
    throw new ApiError(403, "forbidden", "Only a company owner can do this.");
  }
  return role;
}
