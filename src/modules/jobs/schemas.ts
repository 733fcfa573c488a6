/** Wire shapes of jobs: write bodies (strict), DTOs, search query and responses. */

import { z } from "@hono/zod-openapi";
import { Page } from "../../http/pagination";
import { EXPERIENCE_LEVELS, JOB_STATUSES, JOB_TYPES, SALARY_PERIODS } from "../../platform/db/schema";

const isoDate = z.iso
  .datetime({ offset: true })
  .openapi({ example: "2026-12-31T23:59:59.000Z", description: "ISO 8601 date-time" });
const markdown = (max: number) =>
  z.string().max(max).openapi({ description: "Markdown; served as sanitised HTML in the `*_html` field" });
const httpUrl = z
  .url({ protocol: /^https?$/ })
  .max(2000)
  .openapi({ example: "https://careers.example.com/jobs/123" });

export const LocationInput = z
  .object({
    city: z.string().trim().min(1).max(100).nullish(),
    region: z.string().trim().min(1).max(100).nullish(),
    country: z.string().trim().min(1).max(100).nullish(),
    lat: z.number().min(-90).max(90).nullish(),
    lng: z.number().min(-180).max(180).nullish(),
  })
  .strict()
  .refine((l) => (l.lat == null) === (l.lng == null), { message: "lat and lng go together", path: ["lat"] })
  .openapi("JobLocationInput");

export const SalaryInput = z
  .object({
    min: z.number().int().min(0).max(100_000_000).nullish(),
    max: z.number().int().min(0).max(100_000_000).nullish(),
    currency: z
      .string()
      .regex(/^[A-Za-z]{3}$/, "an ISO 4217 code such as EUR")
      .transform((v) => v.toUpperCase()),
    period: z.enum(SALARY_PERIODS).default("year"),
  })
  .strict()
  .refine((s) => s.min != null || s.max != null, { message: "give min, max or both", path: ["min"] })
  .refine((s) => s.min == null || s.max == null || s.min <= s.max, {
    message: "min must not exceed max",
    path: ["min"],
  })
  .openapi("SalaryInput");

const SkillInput = z.object({ name: z.string().trim().min(1).max(60), required: z.boolean().default(true) }).strict();

export const ScreeningQuestionInput = z
  .object({
    id: z
      .string()
      .regex(/^[A-Za-z0-9_-]{1,40}$/)
      .optional(),
    question: z.string().trim().min(1).max(500),
    type: z.enum(["text", "yes_no", "single_choice", "multi_choice", "number"]),
    options: z.array(z.string().trim().min(1).max(200)).min(2).max(20).optional(),
    required: z.boolean().default(false),
  })
  .strict()
  .refine((q) => !(q.type === "single_choice" || q.type === "multi_choice") || (q.options?.length ?? 0) >= 2, {
    message: "choice questions need at least two options",
    path: ["options"],
  })
  .refine((q) => q.type === "single_choice" || q.type === "multi_choice" || q.options === undefined, {
    message: "only choice questions have options",
    path: ["options"],
  });

const jobFields = {
  title: z.string().trim().min(3).max(200).openapi({ example: "Senior Backend Engineer (Go)" }),
  category_id: z
    .string()
    .min(1)
    .max(100)
    .nullish()
    .openapi({ description: "Category id or slug", example: "engineering" }),
  // The pipe's output check (non-blank after trimming) is invisible to the generator: say it.
  description: markdown(20_000).pipe(z.string().trim().min(1)).openapi({
    minLength: 1,
    description: "Markdown (not blank); served as sanitised HTML in `description_html`",
    example: "We are looking for a **backend engineer** to build our search platform in Go.",
  }),
  requirements: markdown(20_000).nullish(),
  responsibilities: markdown(20_000).nullish(),
  benefits: markdown(20_000).nullish(),
  location: LocationInput.nullish(),
  is_remote: z.boolean().default(false),
  job_type: z.enum(JOB_TYPES),
  experience_level: z.enum(EXPERIENCE_LEVELS),
  salary: SalaryInput.nullish(),
  skills: z.array(SkillInput).max(50).default([]),
  screening_questions: z.array(ScreeningQuestionInput).max(20).default([]),
  apply_url: httpUrl.nullish(),
  application_deadline: isoDate.nullish(),
  publish_at: isoDate.nullish(),
  expires_at: isoDate.nullish().openapi({ example: "2027-01-31T23:59:59.000Z" }),
};

function datesInOrder(v: { publish_at?: string | null; expires_at?: string | null }) {
  return !v.publish_at || !v.expires_at || Date.parse(v.publish_at) < Date.parse(v.expires_at);
}

export const CreateJobBody = z
  .object({
    company_id: z.string().min(1).max(100).openapi({ example: "0193a5b2-7c1e-7f00-8000-3c4d5e6f7a8b" }),
    ...jobFields,
  })
  .strict()
  .refine(datesInOrder, { message: "expires_at must be after publish_at", path: ["expires_at"] })
  .openapi("CreateJobRequest");
export type CreateJobInput = z.infer<typeof CreateJobBody>;

// Defaults are for creation only: `.default(x).optional()` still fills in x, so a PATCH of the title
// alone would reset is_remote, skills and screening_questions. Unwrapped, an absent field stays absent.
const patchFields = Object.fromEntries(
  Object.entries(jobFields).map(([k, v]) => [
    k,
    (v instanceof z.ZodDefault ? v.unwrap() : (v as z.ZodType)).optional(),
  ]),
) as {
  [K in keyof typeof jobFields]: z.ZodOptional<(typeof jobFields)[K]>;
};

export const PatchJobBody = z
  .object({
    ...patchFields,
    is_featured: z.boolean().optional().openapi({ description: "Admins only" }),
  })
  .strict()
  .refine(datesInOrder, { message: "expires_at must be after publish_at", path: ["expires_at"] })
  .openapi("UpdateJobRequest");
export type PatchJobInput = z.infer<typeof PatchJobBody>;

export const ReasonBody = z
  .object({ reason: z.string().trim().min(3).max(2000).openapi({ example: "Misleading salary information" }) })
  .strict()
  .openapi("ReasonRequest");

// ---------------------------------------------------------------- responses

const CompanyRef = z
  .object({
    id: z.string(),
    name: z.string(),
    slug: z.string(),
    logo_url: z.string().nullable(),
    is_verified: z.boolean(),
  })
  .openapi("JobCompany");
const CategoryRef = z.object({ id: z.string(), name: z.string(), slug: z.string() }).openapi("JobCategory");
const Location = z
  .object({
    city: z.string().nullable(),
    region: z.string().nullable(),
    country: z.string().nullable(),
    lat: z.number().nullable(),
    lng: z.number().nullable(),
  })
  .openapi("JobLocation");
const Salary = z
  .object({
    min: z.number().int().nullable(),
    max: z.number().int().nullable(),
    currency: z.string(),
    period: z.enum(SALARY_PERIODS),
    yearly_min: z.number().int().nullable(),
    yearly_max: z.number().int().nullable(),
  })
  .openapi("Salary");

export const JobSummarySchema = z
  .object({
    id: z.string().openapi({ example: "0193a5b2-7c1e-7f00-8000-3c4d5e6f7a8b" }),
    title: z.string(),
    slug: z.string(),
    company: CompanyRef,
    category: CategoryRef.nullable(),
    location: Location,
    is_remote: z.boolean(),
    job_type: z.enum(JOB_TYPES),
    experience_level: z.enum(EXPERIENCE_LEVELS),
    salary: Salary.nullable(),
    skills: z.array(z.object({ name: z.string(), required: z.boolean() })),
    status: z.enum(JOB_STATUSES),
    is_featured: z.boolean(),
    import_source: z.string().nullable().openapi({
      description: "The kind of ingestion source an imported job came from (`greenhouse`…); null for jobs posted here",
      example: null,
    }),
    application_deadline: z.string().nullable(),
    published_at: z.string().nullable(),
    expires_at: z.string().nullable(),
    created_at: z.string(),
    highlight: z
      .object({ title: z.string(), snippet: z.string() })
      .optional()
      .openapi({ description: "With `q`: HTML-escaped text with matches wrapped in `<mark>`" }),
    distance_km: z.number().optional(),
  })
  .openapi("JobSummary");

export const JobSchema = JobSummarySchema.omit({ highlight: true, distance_km: true })
  .extend({
    description: z.string(),
    description_html: z.string(),
    requirements: z.string().nullable(),
    requirements_html: z.string().nullable(),
    responsibilities: z.string().nullable(),
    responsibilities_html: z.string().nullable(),
    benefits: z.string().nullable(),
    benefits_html: z.string().nullable(),
    screening_questions: z.array(
      z.object({
        id: z.string(),
        question: z.string(),
        type: z.enum(["text", "yes_no", "single_choice", "multi_choice", "number"]),
        options: z.array(z.string()).optional(),
        required: z.boolean(),
      }),
    ),
    apply_url: z.string().nullable(),
    publish_at: z.string().nullable(),
    is_scheduled: z.boolean().openapi({ description: "Approved, waiting for `publish_at`" }),
    closed_at: z.string().nullable(),
    moderation_note: z.string().nullable().optional().openapi({ description: "Company members and admins only" }),
    view_count: z.number().int(),
    application_count: z.number().int(),
    updated_at: z.string(),
    json_ld: z.record(z.string(), z.unknown()).optional(),
    has_applied: z.boolean().optional(),
    is_saved: z.boolean().optional(),
  })
  .openapi("Job");

export const JobEnvelope = z.object({ job: JobSchema }).openapi("JobEnvelope");
export const JobList = Page(JobSummarySchema).openapi("JobList");

export const IdParam = z.object({
  id: z
    .string()
    .min(1)
    .max(100)
    .openapi({ param: { name: "id", in: "path" } }),
});
