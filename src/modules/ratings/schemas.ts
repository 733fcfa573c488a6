import { z } from "@hono/zod-openapi";
import { Page, pageQuery } from "../../http/pagination";

export const ApplicationParam = z.object({
  id: z
    .string()
    .min(1)
    .max(100)
    .openapi({ param: { name: "id", in: "path" }, example: "0193a5b2-7c1e-7f00-8000-3c4d5e6f7a8b" }),
});

export const RatingParam = ApplicationParam;

export const UsernameParam = z.object({
  username: z
    .string()
    .min(1)
    .max(100)
    .openapi({ param: { name: "username", in: "path" }, example: "ada" }),
});

export const ListQuery = z.object({ ...pageQuery() }).strict();

export const CreateRatingBody = z
  .object({
    rating: z.number().int().min(1).max(5).openapi({ example: 5 }),
    body: z.string().trim().min(10).max(5000).openapi({ example: "Delivered the migration early and documented it." }),
  })
  .strict()
  .openapi("CandidateRatingRequest");

export const ResponseBody = z
  .object({ body: z.string().trim().min(1).max(2000).openapi({ example: "Thank you, it was a great project." }) })
  .strict()
  .openapi("CandidateRatingResponseRequest");

export const ReportBody = z
  .object({ reason: z.string().trim().min(3).max(1000).openapi({ example: "Not true." }) })
  .strict()
  .openapi("CandidateRatingReportRequest");

export const SettingsBody = z
  .object({
    show_on_profile: z
      .boolean()
      .openapi({ description: "Show published ratings from employers on your public profile." }),
  })
  .strict()
  .openapi("CandidateRatingSettings");

const Response = z.object({ body: z.string(), created_at: z.string() }).nullable();
const Company = z.object({ id: z.string(), name: z.string(), slug: z.string() });

export const RatingSchema = z
  .object({
    id: z.string(),
    application_id: z.string(),
    company: Company,
    job_title: z.string(),
    rating: z.number().int(),
    body: z.string(),
    response: Response,
    status: z.enum(["published", "hidden"]),
    hidden_at: z.string().nullable(),
    created_at: z.string(),
  })
  .openapi("CandidateRating");

export const PublicRatingSchema = z
  .object({
    id: z.string(),
    company: Company,
    job_title: z.string(),
    rating: z.number().int(),
    body: z.string(),
    response: Response,
    created_at: z.string(),
  })
  .openapi("PublicCandidateRating");

export const RatingList = Page(RatingSchema).openapi("CandidateRatingList");

export const PublicRatingList = Page(PublicRatingSchema, {
  count: z.number().int(),
  average: z.number().nullable(),
}).openapi("PublicCandidateRatingList");

export const ReportReceipt = z
  .object({
    id: z.string(),
    target_type: z.literal("candidate_rating"),
    target_id: z.string(),
    status: z.enum(["open", "resolved"]),
    created_at: z.string(),
  })
  .openapi("CandidateRatingReportReceipt");
