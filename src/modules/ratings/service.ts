/**
 * Employers' ratings of the candidates they hired. A company member rates an
 * application once it is `accepted` (the hire) — for contract, freelance and
 * temporary jobs once the contract has ended; one rating per application
 * (the unique index is the rule). The candidate may answer once. Moderators
 * hide a reported rating (through the shared reports queue). The candidate
 * decides whether published ratings appear on the public profile.
 */
import { and, desc, eq, inArray, isNull, lt, or, type SQL, sql } from "drizzle-orm";
import { isUniqueViolation } from "../../http/db-errors";
import { decodeCursor, type PageOf, page } from "../../http/pagination";
import { ApiError, forbidden, notFound } from "../../http/problem";
import { newId } from "../../lib/ids";
import type { Db } from "../../platform/db/client";
import {
  applications,
  type CandidateRatingRow,
  CONTRACT_JOB_TYPES,
  candidateRatingSettings,
  candidateRatings,
  companies,
  jobs,
  seekerProfiles,
  users,
} from "../../platform/db/schema";
import type { AuthContext } from "../../platform/env";
import { applicationViewerOf } from "../applications";
import { getMembership } from "../companies";

/** The application statuses after which a company may rate the candidate (a hire). */
export const RATEABLE_STATUSES = ["accepted"] as const;

export interface RatingView {
  rating: CandidateRatingRow;
  companyName: string;
  companySlug: string;
  jobTitle: string;
}

async function loadApplication(db: Db, auth: AuthContext, id: string) {
  const app = await db
    .select({
      id: applications.id,
      companyId: applications.companyId,
      applicantId: applications.applicantId,
      status: applications.status,
      contractEndedAt: applications.contractEndedAt,
      jobType: jobs.jobType,
    })
    .from(applications)
    .innerJoin(jobs, eq(jobs.id, applications.jobId))
    .where(eq(applications.id, id))
    .get();
  if (!app) throw notFound("Application");
  const viewer = await applicationViewerOf(db, auth, app);
  if (!viewer) throw notFound("Application");
  return { app, viewer };
}

function selectViews(db: Db) {
  return db
    .select({
      rating: candidateRatings,
      companyName: companies.name,
      companySlug: companies.slug,
      jobTitle: jobs.title,
    })
    .from(candidateRatings)
    .innerJoin(companies, eq(companies.id, candidateRatings.companyId))
    .innerJoin(applications, eq(applications.id, candidateRatings.applicationId))
    .innerJoin(jobs, eq(jobs.id, applications.jobId));
}

async function viewOf(db: Db, applicationId: string): Promise<RatingView | undefined> {
  return selectViews(db).where(eq(candidateRatings.applicationId, applicationId)).get();
}

export async function createRating(
  db: Db,
  auth: AuthContext,
  applicationId: string,
  input: { rating: number; body: string },
  now = Date.now(),
): Promise<RatingView> {
  const { app, viewer } = await loadApplication(db, auth, applicationId);
  if (viewer !== "company") throw forbidden("Only the company's members rate its hires.");
  if (!(RATEABLE_STATUSES as readonly string[]).includes(app.status)) {
    throw new ApiError(409, "not-hired", "A candidate can be rated once the application is accepted (hired).");
  }
  // A contract hire is rated on the work, so once the company has recorded the contract's end.
  if ((CONTRACT_JOB_TYPES as readonly string[]).includes(app.jobType) && app.contractEndedAt === null) {
    throw new ApiError(
      409,
      "contract-not-ended",
      "A contract hire can be rated once its end is recorded (POST /applications/{id}/contract-end).",
    );
  }
  try {
    await db.insert(candidateRatings).values({
      id: newId(now),
      applicationId,
      companyId: app.companyId,
      candidateId: app.applicantId,
      authorId: auth.userId,
      rating: input.rating,
      body: input.body,
      responseBody: null,
      responseAt: null,
      status: "published",
      hiddenAt: null,
      createdAt: now,
      updatedAt: now,
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw new ApiError(409, "already-rated", "This hire has already been rated.");
    throw err;
  }
  const view = await viewOf(db, applicationId);
  if (!view) throw notFound("Rating");
  return view;
}

/** The application's rating, for its participants and admins. */
export async function getRating(db: Db, auth: AuthContext, applicationId: string): Promise<RatingView> {
  await loadApplication(db, auth, applicationId);
  const view = await viewOf(db, applicationId);
  if (!view) throw notFound("Rating");
  return view;
}

/** The candidate's one answer: a second attempt is `409` (the update only matches an unanswered rating). */
export async function respond(db: Db, auth: AuthContext, applicationId: string, body: string, now = Date.now()) {
  const { viewer } = await loadApplication(db, auth, applicationId);
  if (viewer !== "applicant") throw forbidden("Only the rated candidate can respond.");
  const existing = await viewOf(db, applicationId);
  if (!existing) throw notFound("Rating");
  const updated = await db
    .update(candidateRatings)
    .set({ responseBody: body, responseAt: now, updatedAt: now })
    .where(and(eq(candidateRatings.applicationId, applicationId), isNull(candidateRatings.responseBody)))
    .returning({ id: candidateRatings.id });
  if (updated.length !== 1) throw new ApiError(409, "already-responded", "You have already responded to this rating.");
  return (await viewOf(db, applicationId)) as RatingView;
}

/** Whether `auth` may see (and so report) rating `id`: participants, admins, or anyone when it is on a public profile. */
export async function reportableRating(db: Db, auth: AuthContext, id: string): Promise<CandidateRatingRow> {
  const row = await db.select().from(candidateRatings).where(eq(candidateRatings.id, id)).get();
  if (!row) throw notFound("Rating");
  if (auth.role === "admin" || row.candidateId === auth.userId) return row;
  if (auth.role === "employer" && (await getMembership(db, row.companyId, auth.userId))) return row;
  if (row.status === "published" && row.candidateId && (await shownOnProfile(db, row.candidateId))) return row;
  throw notFound("Rating");
}

async function shownOnProfile(db: Db, userId: string): Promise<boolean> {
  const s = await db
    .select({ show: candidateRatingSettings.showOnProfile })
    .from(candidateRatingSettings)
    .where(eq(candidateRatingSettings.userId, userId))
    .get();
  return s?.show === true;
}

export async function getSettings(db: Db, userId: string) {
  return { showOnProfile: await shownOnProfile(db, userId) };
}

export async function putSettings(db: Db, userId: string, showOnProfile: boolean, now = Date.now()) {
  await db
    .insert(candidateRatingSettings)
    .values({ userId, showOnProfile, updatedAt: now })
    .onConflictDoUpdate({ target: candidateRatingSettings.userId, set: { showOnProfile, updatedAt: now } });
  return { showOnProfile };
}

function listWhere(candidateId: string, publishedOnly: boolean, cursor: string | undefined): SQL {
  const where: (SQL | undefined)[] = [eq(candidateRatings.candidateId, candidateId)];
  if (publishedOnly) where.push(eq(candidateRatings.status, "published"));
  const after = decodeCursor(cursor, ["number", "string"], publishedOnly);
  if (after) {
    where.push(
      or(
        lt(candidateRatings.createdAt, after[0]),
        and(eq(candidateRatings.createdAt, after[0]), lt(candidateRatings.id, after[1])),
      ),
    );
  }
  return and(...where) as SQL;
}

async function listFor(
  db: Db,
  candidateId: string,
  publishedOnly: boolean,
  q: { limit: number; cursor?: string | undefined },
): Promise<PageOf<RatingView>> {
  const rows = await selectViews(db)
    .where(listWhere(candidateId, publishedOnly, q.cursor))
    .orderBy(desc(candidateRatings.createdAt), desc(candidateRatings.id))
    .limit(q.limit + 1);
  return page(rows, q.limit, (r) => [r.rating.createdAt, r.rating.id], publishedOnly);
}

/** Ratings about the caller (hidden ones included, marked). */
export const listMine = (db: Db, auth: AuthContext, q: { limit: number; cursor?: string | undefined }) =>
  listFor(db, auth.userId, false, q);

/**
 * A candidate's published ratings as their public profile shows them: only when
 * the candidate turned them on and the profile itself is visible to the viewer;
 * otherwise `404`, exactly as for an unknown user.
 */
export async function listPublic(
  db: Db,
  viewer: AuthContext | undefined,
  username: string,
  q: { limit: number; cursor?: string | undefined },
) {
  const user = await db
    .select({ id: users.id, role: users.role, status: users.status, visibility: seekerProfiles.visibility })
    .from(users)
    .leftJoin(seekerProfiles, eq(seekerProfiles.userId, users.id))
    .where(eq(users.username, username.toLowerCase()))
    .get();
  if (user?.status !== "active" || user.role !== "seeker") throw notFound("User");
  const visibility = user.visibility ?? "employers";
  const isOwner = viewer?.userId === user.id;
  const profileVisible =
    isOwner ||
    visibility === "public" ||
    (visibility === "employers" && (viewer?.role === "employer" || viewer?.role === "admin"));
  if (!profileVisible || !(await shownOnProfile(db, user.id))) throw notFound("User");
  const found = await listFor(db, user.id, true, q);
  const stats = await db
    .select({ n: sql<number>`count(*)`, avg: sql<number | null>`avg(${candidateRatings.rating})` })
    .from(candidateRatings)
    .where(and(eq(candidateRatings.candidateId, user.id), eq(candidateRatings.status, "published")))
    .get();
  return { ...found, count: stats?.n ?? 0, average: stats?.avg == null ? null : Math.round(stats.avg * 10) / 10 };
}

/** The statement that hides a rating (moderation): it leaves the public profile. */
export function hideRatingStatement(db: Db, id: string, now: number) {
  return db.update(candidateRatings).set({ status: "hidden", hiddenAt: now }).where(eq(candidateRatings.id, id));
}

/** A reported rating as the admin queue shows it, with the company that wrote it and the candidate's answer. */
export interface RatingReportTarget {
  type: "candidate_rating";
  id: string;
  applicationId: string;
  rating: number;
  body: string;
  responseBody: string | null;
  company: { id: string; name: string; slug: string };
  author: { id: string; username: string; email: string } | null;
  status: string;
  createdAt: number;
}

/** The reported ratings among `ids`, in one query (the admin queue's page holds ≤ 100). */
export async function ratingReportTargets(db: Db, ids: string[]): Promise<RatingReportTarget[]> {
  if (ids.length === 0) return [];
  const rows = await db
    .select({
      rating: candidateRatings,
      companyName: companies.name,
      companySlug: companies.slug,
      authorUsername: users.username,
      authorEmail: users.email,
    })
    .from(candidateRatings)
    .innerJoin(companies, eq(companies.id, candidateRatings.companyId))
    .leftJoin(users, eq(users.id, candidateRatings.authorId))
    .where(inArray(candidateRatings.id, ids));
  return rows.map((r) => ({
    type: "candidate_rating",
    id: r.rating.id,
    applicationId: r.rating.applicationId,
    rating: r.rating.rating,
    body: r.rating.body,
    responseBody: r.rating.responseBody,
    company: { id: r.rating.companyId, name: r.companyName, slug: r.companySlug },
    author:
      r.rating.authorId && r.authorUsername && r.authorEmail
        ? { id: r.rating.authorId, username: r.authorUsername, email: r.authorEmail }
        : null,
    status: r.rating.status,
    createdAt: r.rating.createdAt,
  }));
}
