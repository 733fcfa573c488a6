import { z } from "@hono/zod-openapi";
import { Page, pageQuery } from "../../http/pagination";

const stars = z.number().int().min(1).max(5);
const optText = (max: number) => z.string().trim().min(1).max(max).nullable().optional();

export const SUB_RATINGS = ["culture", "work_life_balance", "compensation", "management", "career_growth"] as const;
export type SubRating = (typeof SUB_RATINGS)[number];

const SubRatingsInput = z
  .object(
    Object.fromEntries(SUB_RATINGS.map((k) => [k, stars.nullable().optional()])) as Record<
      SubRating,
      z.ZodOptional<z.ZodNullable<typeof stars>>
    >,
  )
  .strict()
  .openapi({ example: { culture: 5, work_life_balance: 4, compensation: 3, management: 4, career_growth: 5 } });

export const CreateReviewBody = z
  .object({
    rating: stars.openapi({ example: 4 }),
    title: z.string().trim().min(3).max(150).openapi({ example: "Great team, slow promotions" }),
    body: z.string().trim().min(20).max(10_000).openapi({ example: "I learned a lot in two years here…" }),
    pros: optText(2000),
    cons: optText(2000),
    ratings: SubRatingsInput.optional(),
    is_anonymous: z.boolean().openapi({ description: "Hide the author from everyone but admins." }),
    employment_status: z.enum(["current", "former"]),
  })
  .strict()
  .openapi("CreateReviewRequest");

export const UpdateReviewBody = z
  .object({
    rating: stars.optional(),
    title: z.string().trim().min(3).max(150).optional(),
    body: z.string().trim().min(20).max(10_000).optional(),
    pros: optText(2000),
    cons: optText(2000),
    ratings: SubRatingsInput.optional(),
    is_anonymous: z.boolean().optional(),
    employment_status: z.enum(["current", "former"]).optional(),
  })
  .strict()
  .openapi("UpdateReviewRequest");

export type CreateReviewInput = z.infer<typeof CreateReviewBody>;
export type UpdateReviewInput = z.infer<typeof UpdateReviewBody>;

export const ReviewSchema = z
  .object({
    id: z.string(),
    company_id: z.string(),
    rating: z.number().int(),
    title: z.string(),
    body: z.string(),
    pros: z.string().nullable(),
    cons: z.string().nullable(),
    ratings: z.object(Object.fromEntries(SUB_RATINGS.map((k) => [k, z.number().int().nullable()]))),
    employment_status: z.enum(["current", "former"]),
    is_anonymous: z.boolean(),
    author: z
      .object({ id: z.string(), username: z.string(), display_name: z.string() })
      .nullable()
      .openapi({ description: "Null for anonymous reviews (admins still see the author)." }),
    is_mine: z.boolean().openapi({ description: "Whether the caller wrote this review." }),
    helpful_count: z.number().int(),
    voted_helpful: z.boolean().openapi({ description: "Whether the caller marked it helpful." }),
    response: z
      .object({ body: z.string(), created_at: z.string(), updated_at: z.string() })
      .nullable()
      .openapi({ description: "The company's public reply." }),
    status: z.enum(["published", "hidden"]),
    created_at: z.string(),
    updated_at: z.string(),
  })
  .openapi("Review");

export const ReviewListSchema = Page(ReviewSchema, { total: z.number().int() }).openapi("ReviewList");

export const REVIEW_SORTS = ["recent", "helpful", "rating_high", "rating_low"] as const;
export type ReviewSort = (typeof REVIEW_SORTS)[number];

export const ReviewListQuery = z.object({ sort: z.enum(REVIEW_SORTS).default("recent"), ...pageQuery() });

export const ReviewIdParam = z.object({ id: z.string().min(1).max(100) });
export const CompanyIdParam = z.object({ id: z.string().min(1).max(100) });

export const HelpfulSchema = z
  .object({ helpful_count: z.number().int(), voted: z.boolean() })
  .openapi("ReviewHelpfulVote");

export const ResponseBody = z
  .object({ body: z.string().trim().min(1).max(5000).openapi({ example: "Thank you for the feedback!" }) })
  .strict()
  .openapi("ReviewResponseRequest");

export const ResponseSchema = z
  .object({ body: z.string(), created_at: z.string(), updated_at: z.string() })
  .openapi("ReviewResponse");

export const ReportBody = z
  .object({ reason: z.string().trim().min(3).max(1000).openapi({ example: "Contains personal information." }) })
  .strict()
  .openapi("ReportRequest");

export const ReportReceiptSchema = z
  .object({
    id: z.string(),
    target_type: z.enum(["job", "review", "message", "candidate_rating"]),
    target_id: z.string(),
    status: z.enum(["open", "resolved"]),
    created_at: z.string(),
  })
  .openapi("ReportReceipt");

const CompanyRef = z.object({ id: z.string(), name: z.string(), slug: z.string() });
const UserRef = z.object({ id: z.string(), username: z.string(), email: z.string() });

export const AdminReportSchema = z
  .object({
    id: z.string(),
    target_type: z.enum(["job", "review", "message", "candidate_rating"]),
    target_id: z.string(),
    reason: z.string(),
    status: z.enum(["open", "resolved"]),
    resolution: z.enum(["hide", "dismiss"]).nullable(),
    resolution_note: z.string().nullable(),
    reporter: UserRef.nullable(),
    resolved_by: z.string().nullable(),
    resolved_at: z.string().nullable(),
    created_at: z.string(),
    target: z
      .discriminatedUnion("type", [
        z.object({
          type: z.literal("review"),
          id: z.string(),
          company: CompanyRef,
          rating: z.number().int(),
          title: z.string(),
          body: z.string(),
          status: z.string(),
          is_anonymous: z.boolean(),
          author: UserRef.nullable().openapi({ description: "Shown to admins even for anonymous reviews." }),
        }),
        z.object({
          type: z.literal("job"),
          id: z.string(),
          title: z.string(),
          status: z.string(),
          company: CompanyRef,
        }),
        z.object({
          type: z.literal("message"),
          id: z.string(),
          application_id: z.string(),
          body: z.string(),
          sender_side: z.enum(["applicant", "company"]),
          sender: UserRef.nullable().openapi({ description: "Null once the sender's account is erased." }),
          company: CompanyRef,
          status: z.string(),
          created_at: z.string(),
        }),
        z.object({
          type: z.literal("candidate_rating"),
          id: z.string(),
          application_id: z.string(),
          rating: z.number().int(),
          body: z.string(),
          response_body: z.string().nullable(),
          author: UserRef.nullable(),
          company: CompanyRef,
          status: z.string(),
          created_at: z.string(),
        }),
      ])
      .nullable()
      .openapi({ description: "Null when the target has been deleted." }),
  })
  .openapi("AdminReport");

export const AdminReportListSchema = Page(AdminReportSchema).openapi("AdminReportList");

export const AdminReportQuery = z.object({
  status: z.enum(["open", "resolved"]).default("open"),
  target_type: z.enum(["job", "review", "message", "candidate_rating"]).optional(),
  ...pageQuery(),
});

export const ResolveReportBody = z
  .object({
    action: z.enum(["hide", "dismiss"]).openapi({ description: "`hide` hides the review or archives the job." }),
    note: z.string().trim().min(1).max(1000).optional(),
  })
  .strict()
  .openapi("ResolveReportRequest");
