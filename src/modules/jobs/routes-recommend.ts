/** Personal job recommendations for seekers. */
import { z } from "@hono/zod-openapi";
import { requireRole } from "../../http/access";
import { createRouter, defineRoute, errorResponses, jsonResponse } from "../../http/openapi";
import { recommendJobs } from "./recommend";
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
      "Scores published, unexpired jobs the seeker has not applied to by skill overlap (profile skills and the " +
      "primary resume's extracted skills; required skills weigh more), desired job types and locations, remote " +
      "preference, salary expectation, experience level, recency and the categories of saved or applied jobs. " +
      "Without a profile the newest jobs are returned. Personal: never stored by shared caches.",
    request: { query: RecommendQuery },
    responses: { 200: jsonResponse(RecommendationList, "Recommended jobs"), ...errorResponses(400, 401, 403) },
  }),
  async (c) => {
    const auth = requireRole(c, "seeker");
    const { limit } = c.req.valid("query");
    const { data, hit } = await recommendJobs(c.env, c.get("db").$client, auth.userId, limit);
    return c.json({ data }, 200, { "Cache-Control": "private, no-cache", "X-Cache": hit ? "HIT" : "MISS" });
  },
);
