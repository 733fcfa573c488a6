/**
 * `GET /companies/{id}/candidates`: everyone who applied to one of the company's
 * jobs, with what the company may read of them — the applicant fields of an
 * application (`presentApplicant`) and the profile as `GET /users/{username}`
 * shows it to an employer (`publicSeekerSummary`: null for a private profile or
 * an account that is not active). A withdrawn or rejected application still
 * shows its applicant to the company, so it keeps the candidate too; a candidate
 * stops being visible only when none of their applications to the company is
 * left linked to them (deleted, or anonymised by an account erasure).
 *
 * One table, `company_candidates` (migrations/0028_candidate_sync.sql), kept by
 * triggers, gives the list and its order: `(updated_at, user_id)` ascending. A
 * row whose `removed_at` is set is the candidate's tombstone: with
 * `updated_since` it comes in `deleted`, in the same order, from the same query.
 */
import { and, asc, eq, gt, gte, isNull, or, type SQL } from "drizzle-orm";
import { decodeCursor, page } from "../../http/pagination";
import type { Db } from "../../platform/db/client";
import { companyCandidates, seekerProfiles, users } from "../../platform/db/schema";
import type { AuthContext } from "../../platform/env";
import { requireCompanyAccess } from "../companies";
import { publicSeekerSummary } from "../profiles";
import { syncPage, syncWindow, type Tombstone } from "../sync";
import { presentApplicant } from "./presenters";

export interface CandidateQuery {
  limit: number;
  cursor?: string;
  /** Incremental sync (src/modules/sync): changes and removals since this instant, oldest first. */
  updated_since?: string;
}

function selectCandidates(db: Db) {
  return db
    .select({
      userId: companyCandidates.userId,
      updatedAt: companyCandidates.updatedAt,
      removedAt: companyCandidates.removedAt,
      user: {
        id: users.id,
        firstName: users.firstName,
        lastName: users.lastName,
        email: users.email,
        username: users.username,
        status: users.status,
        role: users.role,
      },
      // A NOT NULL column first: drizzle reads a left-joined object as missing when its first column is null.
      profile: {
        visibility: seekerProfiles.visibility,
        avatarKey: seekerProfiles.avatarKey,
        headline: seekerProfiles.headline,
        bio: seekerProfiles.bio,
        location: seekerProfiles.location,
        website: seekerProfiles.website,
        linkedinUrl: seekerProfiles.linkedinUrl,
        githubUrl: seekerProfiles.githubUrl,
        yearsExperience: seekerProfiles.yearsExperience,
        desiredJobTypes: seekerProfiles.desiredJobTypes,
        openToRemote: seekerProfiles.openToRemote,
        isAvailable: seekerProfiles.isAvailable,
        showEmail: seekerProfiles.showEmail,
        showPhone: seekerProfiles.showPhone,
        phone: seekerProfiles.phone,
      },
    })
    .from(companyCandidates)
    .leftJoin(users, eq(users.id, companyCandidates.userId))
    .leftJoin(seekerProfiles, eq(seekerProfiles.userId, companyCandidates.userId));
}

type CandidateRow = Awaited<ReturnType<ReturnType<typeof selectCandidates>["all"]>>[number];

/** `(updated_at, user_id)` strictly after a position. */
const after = (pos: readonly [number, string]) =>
  or(
    gt(companyCandidates.updatedAt, pos[0]),
    and(eq(companyCandidates.updatedAt, pos[0]), gt(companyCandidates.userId, pos[1])),
  ) as SQL;

/**
 * A page of the company's candidates for a member or an admin (anyone else:
 * `404 Company`), presented. One query for the page (users and profiles joined),
 * after the membership check.
 */
export async function listCompanyCandidates(
  db: Db,
  auth: AuthContext,
  companyId: string,
  query: CandidateQuery,
  origin: string,
) {
  await requireCompanyAccess(db, auth, companyId);
  const present = (r: CandidateRow & { user: NonNullable<CandidateRow["user"]> }) => ({
    ...presentApplicant(r.user),
    profile: publicSeekerSummary(auth, r.user, r.profile, origin),
    updated_at: new Date(r.updatedAt).toISOString(),
  });
  const mine = eq(companyCandidates.companyId, companyId);
  const order = [asc(companyCandidates.updatedAt), asc(companyCandidates.userId)];

  if (!query.updated_since) {
    const scope = { list: "company-candidates", company: companyId };
    const pos = decodeCursor(query.cursor, ["number", "string"], scope);
    const rows = await selectCandidates(db)
      .where(and(mine, isNull(companyCandidates.removedAt), pos ? after(pos) : undefined))
      .orderBy(...order)
      .limit(query.limit + 1);
    const found = page(rows, query.limit, (r) => [r.updatedAt, r.userId], scope);
    return { ...found, data: found.data.flatMap((r) => (r.user ? [present({ ...r, user: r.user })] : [])) };
  }

  const window = syncWindow(query.updated_since, query.cursor, { list: "company-candidates", company: companyId });
  const rows = await selectCandidates(db)
    .where(and(mine, window.after ? after(window.after) : gte(companyCandidates.updatedAt, window.since)))
    .orderBy(...order)
    .limit(query.limit + 1);
  // Live rows and tombstones come from one ordered query, so the page is that
  // query's first `limit` rows split in two; syncPage keeps the shared cursor rules.
  const live: (CandidateRow & { user: NonNullable<CandidateRow["user"]> })[] = [];
  const removed: Tombstone[] = [];
  for (const r of rows) {
    // A row without its account cannot be live (erasing the account anonymises its
    // applications first, which removes the row): sent as removed, never with nulls.
    if (r.removedAt === null && r.user) live.push({ ...r, user: r.user });
    else removed.push({ id: r.userId, deletedAt: r.updatedAt });
  }
  const found = syncPage(live, removed, query.limit, (r) => [r.updatedAt, r.userId], window);
  return { ...found, data: found.data.map(present) };
}
