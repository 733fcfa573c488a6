import { toIso, toIsoOrNull } from "../../lib/time";
import type { ReportRow, ReviewRow } from "../../platform/db/schema";
import type { ReportTarget, ReportView } from "./moderation";
import type { ReviewView, Viewer } from "./service";

/** The optional per-topic ratings of a review. */
export function presentSubRatings(
  r: Pick<
    ReviewRow,
    "ratingCulture" | "ratingWorkLifeBalance" | "ratingCompensation" | "ratingManagement" | "ratingCareerGrowth"
  >,
) {
  return {
    culture: r.ratingCulture,
    work_life_balance: r.ratingWorkLifeBalance,
    compensation: r.ratingCompensation,
    management: r.ratingManagement,
    career_growth: r.ratingCareerGrowth,
  };
}

/**
 * The wire shape of a review for `viewer`. The author of an anonymous review
 * is shown to admins only: not to the company, not to other users, and not
 * even to the author (who gets `is_mine` instead).
 */
export function presentReview(v: ReviewView, viewer: Viewer) {
  const r = v.review;
  const showAuthor = (!r.isAnonymous || viewer?.role === "admin") && r.authorId !== null && v.authorUsername !== null;
  return {
    id: r.id,
    company_id: r.companyId,
    rating: r.rating,
    title: r.title,
    body: r.body,
    pros: r.pros,
    cons: r.cons,
    ratings: presentSubRatings(r),
    employment_status: r.employmentStatus,
    is_anonymous: r.isAnonymous,
    author:
      showAuthor && r.authorId
        ? {
            id: r.authorId,
            username: v.authorUsername ?? "",
            display_name: displayName(v.authorFirstName, v.authorLastName),
          }
        : null,
    is_mine: viewer !== undefined && r.authorId === viewer.userId,
    helpful_count: r.helpfulCount,
    voted_helpful: v.votedHelpful,
    response: v.response
      ? { body: v.response.body, created_at: toIso(v.response.createdAt), updated_at: toIso(v.response.updatedAt) }
      : null,
    status: r.status,
    created_at: toIso(r.createdAt),
    updated_at: toIso(r.updatedAt),
  };
}

/** "Ada L." — enough to recognise a colleague without publishing a full name. */
function displayName(first: string | null, last: string | null): string {
  const initial = last?.trim().charAt(0);
  return [first?.trim(), initial ? `${initial}.` : ""].filter(Boolean).join(" ") || "Former user";
}

export function presentReportReceipt(r: ReportRow) {
  return {
    id: r.id,
    target_type: r.targetType,
    target_id: r.targetId,
    status: r.status,
    created_at: toIso(r.createdAt),
  };
}

export function presentAdminReport(v: ReportView) {
  const r = v.report;
  const t = v.target;
  return {
    id: r.id,
    target_type: r.targetType,
    target_id: r.targetId,
    reason: r.reason,
    status: r.status,
    resolution: r.resolution,
    resolution_note: r.resolutionNote,
    reporter: v.reporter,
    resolved_by: r.resolvedBy,
    resolved_at: toIsoOrNull(r.resolvedAt),
    created_at: toIso(r.createdAt),
    target: t === null ? null : presentReportTarget(t),
  };
}

function presentReportTarget(t: ReportTarget) {
  switch (t.type) {
    case "review":
      return {
        type: t.type,
        id: t.id,
        company: t.company,
        rating: t.rating,
        title: t.title,
        body: t.body,
        status: t.status,
        is_anonymous: t.isAnonymous,
        author: t.author,
      };
    case "job":
      return t;
    case "message":
      return {
        type: t.type,
        id: t.id,
        application_id: t.applicationId,
        body: t.body,
        sender_side: t.senderSide,
        sender: t.sender,
        company: t.company,
        status: t.status,
        created_at: toIso(t.createdAt),
      };
    case "candidate_rating":
      return {
        type: t.type,
        id: t.id,
        application_id: t.applicationId,
        rating: t.rating,
        body: t.body,
        response_body: t.responseBody,
        author: t.author,
        company: t.company,
        status: t.status,
        created_at: toIso(t.createdAt),
      };
  }
}
