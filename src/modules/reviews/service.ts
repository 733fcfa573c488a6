/**
 * Reviews. Every write that can change which reviews count (create, edit,
 * hide, delete) recomputes the company's rating in the same `db.batch`, so
 * the rating is always exactly the published reviews' average.
 */
import { and, asc, desc, eq, gt, lt, or, type SQL, sql } from "drizzle-orm";
import type { BatchItem } from "drizzle-orm/batch";
import { isUniqueViolation } from "../../http/db-errors";
import { nextVersion, preconditionFailed, requireVersion, versionIn } from "../../http/etag";
import { decodeCursor, mapPage, page } from "../../http/pagination";
import { ApiError, forbidden, notFound } from "../../http/problem";
import { newId } from "../../lib/ids";
import type { Db } from "../../platform/db/client";
import { type ReviewRow, reviewHelpfulVotes, reviewResponses, reviews, users } from "../../platform/db/schema";
import type { AuthContext } from "../../platform/env";
import { flushOutbox, outboxWrite } from "../../platform/queue/outbox";
import { auditInsert } from "../audit";
import { getCompany, recomputeRating } from "../companies";
import type { CreateReviewInput, ReviewSort, UpdateReviewInput } from "./schemas";

export type Viewer = Pick<AuthContext, "userId" | "role"> | undefined;

/** A review with what its presenter needs; the author's names are only used when allowed. */
export interface ReviewView {
  review: ReviewRow;
  authorUsername: string | null;
  authorFirstName: string | null;
  authorLastName: string | null;
  response: { body: string; createdAt: number; updatedAt: number } | null;
  votedHelpful: boolean;
}

type Batch = [BatchItem<"sqlite">, ...BatchItem<"sqlite">[]];

/** Selects reviews with author names, the company response and the viewer's vote in one query. */
function selectViews(db: Db, viewer: Viewer) {
  const voted = viewer
    ? sql<number>`EXISTS (SELECT 1 FROM review_helpful_votes v WHERE v.review_id = ${reviews.id} AND v.user_id = ${viewer.userId})`
    : sql<number>`0`;
  return db
    .select({
      review: reviews,
      authorUsername: users.username,
      authorFirstName: users.firstName,
      authorLastName: users.lastName,
      responseBody: reviewResponses.body,
      responseCreatedAt: reviewResponses.createdAt,
      responseUpdatedAt: reviewResponses.updatedAt,
      voted,
    })
    .from(reviews)
    .leftJoin(users, eq(users.id, reviews.authorId))
    .leftJoin(reviewResponses, eq(reviewResponses.reviewId, reviews.id));
}

type SelectedRow = Awaited<ReturnType<ReturnType<typeof selectViews>["all"]>>[number];

function toView(r: SelectedRow): ReviewView {
  return {
    review: r.review,
    authorUsername: r.authorUsername,
    authorFirstName: r.authorFirstName,
    authorLastName: r.authorLastName,
    response:
      r.responseBody !== null && r.responseCreatedAt !== null && r.responseUpdatedAt !== null
        ? { body: r.responseBody, createdAt: r.responseCreatedAt, updatedAt: r.responseUpdatedAt }
        : null,
    votedHelpful: Boolean(r.voted),
  };
}

const canSeeHidden = (review: ReviewRow, viewer: Viewer) =>
  viewer !== undefined && (viewer.role === "admin" || viewer.userId === review.authorId);

/** One review: published ones for everyone, hidden ones for their author and admins. */
export async function getReview(db: Db, viewer: Viewer, id: string): Promise<ReviewView> {
  const row = await selectViews(db, viewer).where(eq(reviews.id, id)).get();
  if (!row || (row.review.status !== "published" && !canSeeHidden(row.review, viewer))) throw notFound("Review");
  return toView(row);
}

/** A published review as anyone may read it, or null (hidden, deleted): for webhook payloads. */
export async function publishedReviewView(db: Db, id: string): Promise<ReviewView | null> {
  const row = await selectViews(db, undefined).where(eq(reviews.id, id)).get();
  return row?.review.status === "published" ? toView(row) : null;
}

const SORTS: Record<
  ReviewSort,
  { order: SQL[]; key: (r: ReviewRow) => [number, string]; after: (v: number, id: string) => SQL }
> = {
  recent: {
    order: [desc(reviews.createdAt), desc(reviews.id)],
    key: (r) => [r.createdAt, r.id],
    after: (v, id) => or(lt(reviews.createdAt, v), and(eq(reviews.createdAt, v), lt(reviews.id, id))) as SQL,
  },
  helpful: {
    order: [desc(reviews.helpfulCount), desc(reviews.id)],
    key: (r) => [r.helpfulCount, r.id],
    after: (v, id) => or(lt(reviews.helpfulCount, v), and(eq(reviews.helpfulCount, v), lt(reviews.id, id))) as SQL,
  },
  rating_high: {
    order: [desc(reviews.rating), desc(reviews.id)],
    key: (r) => [r.rating, r.id],
    after: (v, id) => or(lt(reviews.rating, v), and(eq(reviews.rating, v), lt(reviews.id, id))) as SQL,
  },
  rating_low: {
    order: [asc(reviews.rating), asc(reviews.id)],
    key: (r) => [r.rating, r.id],
    after: (v, id) => or(gt(reviews.rating, v), and(eq(reviews.rating, v), gt(reviews.id, id))) as SQL,
  },
};

/** Published reviews of a company; each sort has its own index and keyset cursor. */
export async function listReviews(
  db: Db,
  viewer: Viewer,
  companyIdOrSlug: string,
  q: { sort: ReviewSort; cursor?: string; limit: number },
) {
  const company = await getCompany(db, companyIdOrSlug);
  const sort = SORTS[q.sort];
  const where: SQL[] = [eq(reviews.companyId, company.id), eq(reviews.status, "published")];
  const after = decodeCursor(q.cursor, ["number", "string"]);
  if (after) where.push(sort.after(...after));
  const rows = await selectViews(db, viewer)
    .where(and(...where))
    .orderBy(...sort.order)
    .limit(q.limit + 1);
  return {
    ...mapPage(
      page(rows, q.limit, (r) => sort.key(r.review)),
      toView,
    ),
    total: company.ratingCount,
  };
}

function subRatingColumns(r: NonNullable<CreateReviewInput["ratings"]>) {
  const out: Partial<ReviewRow> = {};
  if (r.culture !== undefined) out.ratingCulture = r.culture;
  if (r.work_life_balance !== undefined) out.ratingWorkLifeBalance = r.work_life_balance;
  if (r.compensation !== undefined) out.ratingCompensation = r.compensation;
  if (r.management !== undefined) out.ratingManagement = r.management;
  if (r.career_growth !== undefined) out.ratingCareerGrowth = r.career_growth;
  return out;
}

/** A seeker's review; the `review.posted` announcement (webhooks) commits with it. */
export async function createReview(
  db: Db,
  env: Pick<Env, "EVENTS">,
  auth: AuthContext,
  companyIdOrSlug: string,
  input: CreateReviewInput,
): Promise<ReviewView> {
  const company = await getCompany(db, companyIdOrSlug);
  const now = Date.now();
  const row: ReviewRow = {
    id: newId(now),
    companyId: company.id,
    authorId: auth.userId,
    rating: input.rating,
    title: input.title,
    body: input.body,
    pros: input.pros ?? null,
    cons: input.cons ?? null,
    ratingCulture: null,
    ratingWorkLifeBalance: null,
    ratingCompensation: null,
    ratingManagement: null,
    ratingCareerGrowth: null,
    ...subRatingColumns(input.ratings ?? {}),
    isAnonymous: input.is_anonymous,
    employmentStatus: input.employment_status,
    status: "published",
    helpfulCount: 0,
    hiddenAt: null,
    createdAt: now,
    updatedAt: now,
  };
  try {
    const out = outboxWrite(db, [{ type: "review.posted", review_id: row.id }], now);
    await db.batch([db.insert(reviews).values(row), recomputeRating(db, company.id), ...out.statements]);
    await flushOutbox(env, db, out);
  } catch (err) {
    if (isUniqueViolation(err)) {
      throw new ApiError(409, "already-reviewed", "You have already reviewed this company; edit your review instead.");
    }
    throw err;
  }
  return getReview(db, auth, row.id);
}

/** The review if the caller wrote it or is an admin; otherwise `404`. */
async function ownReview(db: Db, auth: AuthContext, id: string): Promise<ReviewRow> {
  const row = await db.select().from(reviews).where(eq(reviews.id, id)).get();
  if (!row || (auth.role !== "admin" && row.authorId !== auth.userId)) throw notFound("Review");
  return row;
}

export async function updateReview(
  db: Db,
  auth: AuthContext,
  id: string,
  input: UpdateReviewInput,
  options: { ifMatch?: number[] | undefined } = {},
) {
  const existing = await ownReview(db, auth, id);
  const { ifMatch } = options;
  requireVersion(ifMatch, existing.updatedAt);
  const set: Partial<ReviewRow> = { ...subRatingColumns(input.ratings ?? {}) };
  if (input.rating !== undefined) set.rating = input.rating;
  if (input.title !== undefined) set.title = input.title;
  if (input.body !== undefined) set.body = input.body;
  if (input.pros !== undefined) set.pros = input.pros;
  if (input.cons !== undefined) set.cons = input.cons;
  if (input.is_anonymous !== undefined) set.isAnonymous = input.is_anonymous;
  if (input.employment_status !== undefined) set.employmentStatus = input.employment_status;
  // The recount is harmless when a stale If-Match made the update match nothing.
  const [updated] = await db.batch([
    db
      .update(reviews)
      .set({ ...set, updatedAt: nextVersion(reviews.updatedAt, Date.now()) })
      .where(and(eq(reviews.id, id), versionIn(reviews.updatedAt, ifMatch)))
      .returning({ id: reviews.id }),
    recomputeRating(db, existing.companyId),
  ]);
  if (updated.length !== 1) throw ifMatch ? preconditionFailed() : notFound("Review");
  return getReview(db, auth, id);
}

export async function deleteReview(db: Db, auth: AuthContext, id: string): Promise<void> {
  const existing = await ownReview(db, auth, id);
  const statements: Batch = [db.delete(reviews).where(eq(reviews.id, id)), recomputeRating(db, existing.companyId)];
  if (auth.role === "admin" && existing.authorId !== auth.userId) {
    statements.push(
      auditInsert(db, {
        actor: auth,
        action: "review.delete",
        targetType: "review",
        targetId: id,
        data: { company_id: existing.companyId },
      }),
    );
  }
  await db.batch(statements);
}

/** A published review (everyone's target for votes, responses and reports). */
export async function publishedReview(db: Db, id: string): Promise<ReviewRow> {
  const row = await db.select().from(reviews).where(eq(reviews.id, id)).get();
  if (row?.status !== "published") throw notFound("Review");
  return row;
}

const recountHelpful = (db: Db, id: string) =>
  db
    .update(reviews)
    .set({ helpfulCount: sql`(SELECT count(*) FROM review_helpful_votes v WHERE v.review_id = ${id})` })
    .where(eq(reviews.id, id));

/** Idempotent: voting twice (or un-voting twice) changes nothing. */
export async function setHelpful(db: Db, auth: AuthContext, id: string, voted: boolean) {
  const review = await publishedReview(db, id);
  if (review.authorId === auth.userId) throw forbidden("You cannot vote on your own review.");
  const change = voted
    ? db
        .insert(reviewHelpfulVotes)
        .values({ reviewId: id, userId: auth.userId, createdAt: Date.now() })
        .onConflictDoNothing()
    : db
        .delete(reviewHelpfulVotes)
        .where(and(eq(reviewHelpfulVotes.reviewId, id), eq(reviewHelpfulVotes.userId, auth.userId)));
  const [, updated] = await db.batch([
    change,
    recountHelpful(db, id).returning({ helpfulCount: reviews.helpfulCount }),
  ]);
  return { helpfulCount: updated[0]?.helpfulCount ?? 0, voted };
}
