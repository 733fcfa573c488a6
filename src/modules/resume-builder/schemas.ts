import { z } from "@hono/zod-openapi";
import { JsonResumeDocument } from "../profiles";
import { TEMPLATES } from "./templates";

const Check = z
  .object({
    id: z.enum(["contact", "sections", "length", "achievements", "skills"]),
    points: z.number().int().openapi({ example: 11 }),
    max: z.number().int().openapi({ example: 15 }),
    reason: z.string().openapi({ example: "Missing a phone number." }),
  })
  .openapi("ResumeCheck");

export const ResumeFeedbackSchema = z
  .object({
    resume_id: z.string(),
    score: z.number().int().min(0).max(100).openapi({ description: "Sum of the checks' points (0–100)", example: 72 }),
    checks: z.array(Check),
    suggestions: z.array(z.string()).openapi({
      example: ['Quantify your achievements (1 so far, aim for 4+): numbers, e.g. "cut page load time by 40%".'],
    }),
    sections: z.object({ summary: z.boolean(), experience: z.boolean(), education: z.boolean(), skills: z.boolean() }),
    contact: z.object({ email: z.boolean(), phone: z.boolean(), link: z.boolean() }),
    word_count: z.number().int(),
    quantified_lines: z.number().int().openapi({ description: "Lines with a measurable result (%, money, counts)" }),
    skills: z.object({
      found: z.array(z.string()).openapi({ example: ["Go", "PostgreSQL"] }),
      in_demand_found: z.array(z.string()).openapi({ example: ["Go"] }),
      in_demand_missing: z
        .array(z.object({ name: z.string(), jobs: z.number().int() }))
        .openapi({ example: [{ name: "Kubernetes", jobs: 3 }] }),
      jobs_considered: z
        .number()
        .int()
        .openapi({ description: "Jobs you applied to, saved or recently viewed whose skills were compared" }),
    }),
  })
  .openapi("ResumeFeedback");

const MatchSkill = z.object({ name: z.string(), required: z.boolean() });

export const JobMatchSchema = z
  .object({
    job_id: z.string(),
    resume_id: z.string(),
    score: z
      .number()
      .int()
      .min(0)
      .max(100)
      .nullable()
      .openapi({ description: "Weighted skill coverage (required skills count double); null when the job lists none" }),
    matched: z.array(MatchSkill),
    missing: z.array(MatchSkill).openapi({ example: [{ name: "Kubernetes", required: true }] }),
    summary: z
      .string()
      .openapi({ example: "Your resume names 3 of the job's 4 skills; missing required: Kubernetes." }),
  })
  .openapi("JobMatch");

export const JobMatchQuery = z
  .object({
    resume_id: z
      .string()
      .min(1)
      .max(64)
      .optional()
      .openapi({ description: "One of your resumes (default: your primary resume)" }),
  })
  .strict();

export const ResumeBuildBody = z
  .object({
    format: z.enum(["pdf", "docx"]).default("pdf"),
    template: z.enum(TEMPLATES).default("classic").openapi({ description: "classic (serif), modern or compact" }),
    paper: z.enum(["a4", "letter"]).default("a4"),
    title: z.string().trim().min(1).max(200).optional().openapi({ example: "Backend CV (generated)" }),
    json_resume: JsonResumeDocument.optional().openapi({
      description: "Build from this JSON Resume document instead of your profile",
    }),
  })
  .strict()
  .openapi("ResumeBuildRequest");

export const ResumeIdParam = z.object({
  id: z
    .string()
    .min(1)
    .max(64)
    .openapi({ param: { name: "id", in: "path" } }),
});
