import { z } from "@hono/zod-openapi";

export const FunnelSchema = z
  .object({
    job_id: z.string().nullable(),
    total_applications: z.number().int(),
    stages: z.array(
      z.object({
        stage: z.string().openapi({ example: "reviewing" }),
        status: z.string(),
        count: z.number().int(),
        conversion_from_previous: z.number().nullable().openapi({ example: 0.5 }),
        conversion_from_applied: z.number().nullable(),
        median_hours_in_stage: z.number().nullable().openapi({ example: 36.5 }),
      }),
    ),
    rejected: z.number().int(),
    withdrawn: z.number().int(),
  })
  .openapi("ApplicationFunnel");

export const AdminAnalyticsSchema = z
  .object({
    generated_at: z.string(),
    days: z.number().int(),
    totals: z.object({
      users: z.number().int(),
      seekers: z.number().int(),
      employers: z.number().int(),
      admins: z.number().int(),
      companies: z.number().int(),
      jobs: z.number().int(),
      published_jobs: z.number().int(),
      applications: z.number().int(),
      interviews: z.number().int(),
    }),
    signups_per_day: z.array(
      z.object({ date: z.string().openapi({ example: "2026-11-21" }), count: z.number().int() }),
    ),
    jobs_by_status: z.record(z.string(), z.number().int()),
    application_funnel: FunnelSchema,
    top_skills: z.object({
      demand: z.array(z.object({ skill: z.string(), jobs: z.number().int(), seekers: z.number().int() })),
      supply: z.array(z.object({ skill: z.string(), seekers: z.number().int(), jobs: z.number().int().nullable() })),
    }),
    top_searches: z.array(z.object({ term: z.string(), count: z.number().int() })),
    /** Terms whose searches found nothing (count), with all their searches, most frequent first. */
    zero_result_searches: z.array(z.object({ term: z.string(), count: z.number().int(), searches: z.number().int() })),
  })
  .openapi("AdminAnalytics");

export const AnalyticsQuery = z.object({
  days: z.coerce.number().int().min(1).max(365).default(30).openapi({ description: "Window for trends, in days" }),
});
