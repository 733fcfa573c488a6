/** Wire shapes of job alerts (saved searches). */
import { z } from "@hono/zod-openapi";
import { Page } from "../../http/pagination";
import { ALERT_CHANNELS, ALERT_FREQUENCIES, EXPERIENCE_LEVELS, JOB_TYPES } from "../../platform/db/schema";
import { JobSummarySchema } from "../jobs";

const iso = z.string().openapi({ example: "2026-11-21T10:00:00.000Z" });
const text = (max: number) => z.string().trim().min(1).max(max);

/**
 * The saved search: the subset of `GET /jobs` filters an alert can hold, as
 * JSON types. It is turned into `GET /jobs` query parameters and parsed by the
 * very same schema, so an alert matches exactly what that search returns.
 */
export const AlertQuerySchema = z
  .object({
    q: text(200).optional().openapi({ example: "backend engineer" }),
    category: text(100).optional().openapi({ description: "Category id or slug (includes sub-categories)" }),
    location: text(200)
      .optional()
      .openapi({ description: "City, region or country; comma-separated parts must all match", example: "Berlin" }),
    remote: z.boolean().optional(),
    job_type: z
      .array(z.enum(JOB_TYPES))
      .min(1)
      .max(JOB_TYPES.length)
      .optional()
      .openapi({ example: ["full_time", "contract"] }),
    experience_level: z
      .array(z.enum(EXPERIENCE_LEVELS))
      .min(1)
      .max(EXPERIENCE_LEVELS.length)
      .optional()
      .openapi({ example: ["mid", "senior"] }),
    salary_min: z
      .number()
      .int()
      .min(0)
      .max(100_000_000)
      .optional()
      .openapi({ description: "Yearly amount; jobs whose range reaches it match", example: 60000 }),
    skills: z
      .array(text(45).refine((s) => !s.includes(","), { message: "a skill cannot contain a comma" }))
      .min(1)
      .max(10)
      .optional()
      .openapi({ description: "All listed skills are required", example: ["go", "kubernetes"] }),
  })
  .strict()
  .openapi("AlertQuery");
export type AlertQueryInput = z.infer<typeof AlertQuerySchema>;

const channels = z
  .array(z.enum(ALERT_CHANNELS))
  .min(1)
  .max(ALERT_CHANNELS.length)
  .refine((v) => new Set(v).size === v.length, { message: "channels must not repeat" })
  .openapi({ example: ["email", "in_app"] });

export const CreateAlertBody = z
  .object({
    name: text(100).openapi({ example: "Go jobs in Berlin" }),
    query: AlertQuerySchema,
    frequency: z.enum(ALERT_FREQUENCIES).openapi({ example: "daily" }),
    channels,
  })
  .strict()
  .openapi("CreateAlert");
export type CreateAlertInput = z.infer<typeof CreateAlertBody>;

export const UpdateAlertBody = z
  .object({
    name: text(100).optional(),
    query: AlertQuerySchema.optional().openapi({ description: "Replaces the whole query" }),
    frequency: z.enum(ALERT_FREQUENCIES).optional(),
    channels: channels.optional(),
    active: z.boolean().optional().openapi({ description: "Pause (`false`) or resume (`true`) the alert" }),
  })
  .strict()
  .refine((v) => Object.keys(v).length > 0, { message: "nothing to update" })
  .openapi("UpdateAlert");
export type UpdateAlertInput = z.infer<typeof UpdateAlertBody>;

export const AlertSchema = z
  .object({
    id: z.string().openapi({ example: "0193a5b2-7c1e-7f00-8000-3c4d5e6f7a8b" }),
    name: z.string(),
    query: AlertQuerySchema,
    frequency: z.enum(ALERT_FREQUENCIES),
    channels: z.array(z.enum(ALERT_CHANNELS)),
    active: z.boolean(),
    paused_reason: z
      .enum(["unsubscribed", "account_inactive", "user"])
      .nullable()
      .openapi({ description: "Why an inactive alert stopped" }),
    search_url: z.string().openapi({
      description: "The same search as `GET /api/v1/jobs` parameters",
      example: "/api/v1/jobs?q=go&location=Berlin",
    }),
    last_sent_at: iso.nullable(),
    created_at: iso,
    updated_at: iso,
  })
  .openapi("JobAlert");

export const AlertList = z
  .object({
    data: z.array(AlertSchema),
    next_cursor: z.string().nullable().openapi({ description: "Always null: a user has at most 20 alerts" }),
    total: z.number().int(),
  })
  .openapi("JobAlertList");

export const AlertIdParam = z.object({
  id: z
    .string()
    .min(1)
    .max(64)
    .openapi({ param: { name: "id", in: "path" }, example: "0193a5b2-7c1e-7f00-8000-3c4d5e6f7a8b" }),
});

export const PreviewQuery = z.object({
  limit: z.coerce.number().int().min(1).max(100).optional().openapi({ description: "1..100, default 20" }),
  cursor: z.string().max(500).optional(),
});

export const PreviewResponse = Page(JobSummarySchema, {
  total: z.number().int(),
  corrected_query: z.string().optional(),
}).openapi("JobAlertPreview");
