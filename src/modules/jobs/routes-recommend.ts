/** Personal job recommendations for seekers, their feedback, and the admins' per-variant figures. */
import { z } from "@hono/zod-openapi";
import { requireRole } from "../../http/access";
import { createRouter, defineRoute, errorResponses, jsonBody, jsonResponse } from "../../http/openapi";
import { notFound } from "../../http/problem";
import {
  RECOMMENDER_VARIANTS,
  recommendationFeedback,
  recommendJobs,
  recordImpressions,
  variantStats,
} from "./recommend";
import { JobSummarySchema } from "./schemas";

export const jobsRecommendRouter = createRouter();

const RecommendQuery = z
  .object({ limit: z.coerce.number().int().min(1).max(50).default(20).openapi({ description: "1..50, default 20" }) })
  .strict();

const RecommendationList = z
  .object({
    data: z.array(
      z
        .object({
          job: JobSummarySchema,
          score: z.number().openapi({ example: 63.5, description: "Higher is better; comparable within one response" }),
          reasons: z.array(z.string()).openapi({
            example: ["Matches 4 of your skills: TypeScript, React, Go, …", "Remote", "In your salary range"],
          }),
        })
        .openapi("JobRecommendation"),
    ),
    variant: z.enum(RECOMMENDER_VARIANTS).openapi({
      description:
        "The recommender variant this seeker is assigned to (deterministic A/B split: `content` is a 1-in-10 holdout " +
        "that reads the profile only)",
    }),
  })
  .openapi("JobRecommendationList");

jobsRecommendRouter.openapi(
  defineRoute({
    method: "get",
    path: "/jobs/recommendations",
    access: { roles: ["seeker"], scope: "jobs:read" },
    operationId: "listJobRecommendations",
    tags: ["Jobs"],
    summary: "Published jobs picked for the signed-in seeker, best first, with the reasons",
    description:
      "Scores published jobs that are open for applications and that the seeker has not applied to, saved, viewed or " +
      "dismissed, by skill overlap (profile skills and the primary resume's extracted skills; required skills weigh " +
      "more), desired job types and locations, remote preference (`remote_only` leaves on-site jobs out), salary " +
      "expectation, experience level, recency, the categories of engaged jobs and what seekers who engaged with the " +
      "same jobs went on to (collaborative signals). At most 3 jobs per company and half a page per category. " +
      "Without a profile the newest jobs are returned. Each returned job is recorded as an impression for the " +
      "per-variant figures. Personal: never stored by shared caches.",
    request: { query: RecommendQuery },
    responses: { 200: jsonResponse(RecommendationList, "Recommended jobs"), ...errorResponses(400, 401, 403) },
  }),
  async (c) => {
    const auth = requireRole(c, "seeker");
    const { limit } = c.req.valid("query");
    const d1 = c.get("db").$client;
    const { data, hit, variant } = await recommendJobs(c.env, d1, auth.userId, limit);
    // Off the response path: a failed impression write costs a figure, never the list.
    c.executionCtx.waitUntil(
      recordImpressions(
        d1,
        auth.userId,
        variant,
        data.map((r) => r.job.id),
      ).catch((err) =>
        console.error(JSON.stringify({ level: "error", msg: "impressions not recorded", error: String(err) })),
      ),
    );
    return c.json({ data, variant }, 200, { "Cache-Control": "private, no-cache", "X-Cache": hit ? "HIT" : "MISS" });
  },
);

const FeedbackBody = z
  .object({
    job_id: z.string().min(1).max(64).openapi({ example: "01890f5e-8c4b-7cc1-9b1e-3f6a2d4c5b7a" }),
    kind: z.enum(["click", "dismiss"]).openapi({
      description: "`click`: the seeker opened the recommended job; `dismiss`: not interested (left out from now on)",
    }),
  })
  .strict()
  .openapi("RecommendationFeedback", { example: { job_id: "01890f5e-8c4b-7cc1-9b1e-3f6a2d4c5b7a", kind: "dismiss" } });

jobsRecommendRouter.openapi(
  defineRoute({
    method: "post",
    path: "/jobs/recommendations/feedback",
    access: { roles: ["seeker"], scope: "jobs:read" },
    operationId: "sendRecommendationFeedback",
    tags: ["Jobs"],
    summary: "Tell the recommender that a recommended job was opened, or is not of interest",
    description:
      "Idempotent per seeker, job, kind and day. A dismissed job is never recommended again, and jobs that seekers " +
      "engage with together with it are ranked lower. Saves and applications need no feedback call: they are " +
      "attributed from the saved jobs and applications themselves.",
    request: { body: jsonBody(FeedbackBody) },
    responses: { 204: { description: "Recorded" }, ...errorResponses(400, 401, 403, 404) },
  }),
  async (c) => {
    const auth = requireRole(c, "seeker");
    const { job_id, kind } = c.req.valid("json");
    const recorded = await recommendationFeedback(c.get("db").$client, auth.userId, job_id, kind);
    if (!recorded) throw notFound("Job");
    return c.body(null, 204);
  },
);

const VariantStats = z
  .object({
    since: z.string().openapi({ format: "date-time" }),
    data: z.array(
      z
        .object({
          variant: z.enum(RECOMMENDER_VARIANTS),
          seekers: z.number().int(),
          impressions: z.number().int().openapi({ description: "Distinct (seeker, job, day) recommendations shown" }),
          clicks: z.number().int(),
          dismissals: z.number().int(),
          saves: z.number().int().openapi({ description: "Impressions whose job the seeker saved afterwards" }),
          applications: z
            .number()
            .int()
            .openapi({ description: "Impressions whose job the seeker applied to afterwards" }),
          click_through_rate: z.number().openapi({ description: "clicks / impressions (0 without impressions)" }),
          save_rate: z.number(),
          apply_rate: z.number().openapi({ description: "applications / impressions" }),
        })
        .openapi("RecommendationVariantStats"),
    ),
  })
  .openapi("RecommendationVariantStatsList");

jobsRecommendRouter.openapi(
  defineRoute({
    method: "get",
    path: "/admin/recommendations/variants",
    access: { roles: ["admin"], scope: "admin:read" },
    operationId: "adminRecommendationVariants",
    tags: ["Admin"],
    summary: "Per-variant impressions, click-through, save and apply rates of recommendations",
    request: {
      query: z
        .object({
          days: z.coerce.number().int().min(1).max(90).default(30).openapi({ description: "Window, 1..90 days" }),
        })
        .strict(),
    },
    responses: { 200: jsonResponse(VariantStats, "Figures per variant"), ...errorResponses(400, 401, 403) },
  }),
  async (c) => {
    requireRole(c, "admin");
    const since = Date.now() - c.req.valid("query").days * 86_400_000;
    const data = await variantStats(c.get("db").$client, since);
    return c.json({ since: new Date(since).toISOString(), data }, 200, { "Cache-Control": "private, no-store" });
  },
);
