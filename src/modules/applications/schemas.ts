import { z } from "@hono/zod-openapi";
import { pageQuery } from "../../http/pagination";
import { APPLICATION_STATUSES } from "../../platform/db/schema";
import { PublicSeekerSummary } from "../profiles";
import { SyncPage, updatedSinceQuery } from "../sync";
import { InterviewSchema } from "./interviews-schemas";
import { REJECTION_REASONS } from "./pipeline";

const Status = z.enum(APPLICATION_STATUSES).openapi({ example: "reviewing" });
const Id = z.string().min(1).max(64);

export const IdParam = z.object({
  id: Id.openapi({ param: { name: "id", in: "path" }, example: "0193a5b2-7c1e-7f00-8000-3c4d5e6f7a8b" }),
});

export const AnswerSchema = z
  .object({
    question_id: z.string().min(1).max(100).openapi({ example: "q1" }),
    answer: z
      .union([z.string().max(5000), z.number(), z.boolean(), z.array(z.string().max(500)).max(50)])
      .openapi({ example: true }),
  })
  .strict()
  .openapi("ScreeningAnswer");

export const Answers = z.array(AnswerSchema).max(100);

export const ApplyBody = z
  .object({
    resume_id: Id.optional().openapi({ description: "One of your resumes; defaults to your primary resume" }),
    cover_letter: z.string().max(10_000).optional(),
    answers: Answers.default([]),
  })
  .strict()
  .openapi("ApplyBody");

export const ApplyForm = z
  .object({
    resume: z
      .custom<File>((v) => v instanceof File, { message: "Expected a file." })
      .optional()
      .openapi({ type: "string", format: "binary", description: "PDF, DOCX or TXT, ≤ 5 MB" }),
    resume_id: Id.optional(),
    cover_letter: z.string().max(10_000).optional(),
    answers: z.string().max(200_000).optional().openapi({ description: "The answers array as JSON text" }),
  })
  .strict()
  .openapi("ApplyForm");

export const ExternalApplySchema = z
  .object({
    external: z.literal(true),
    apply_url: z.string().openapi({ example: "https://careers.example.com/jobs/123" }),
  })
  .openapi("ExternalApply");

export const HistorySchema = z
  .object({
    from_status: Status.nullable(),
    to_status: Status,
    actor_role: z.enum(["applicant", "company", "admin", "system"]),
    at: z.string().openapi({ example: "2026-11-21T10:00:00.000Z" }),
    reason: z.string().nullable(),
    actor_id: z.string().nullable().optional().openapi({ description: "Company members and admins only" }),
  })
  .openapi("ApplicationHistoryEntry");

export const NoteSchema = z
  .object({
    id: z.string(),
    body: z.string(),
    author: z.object({ id: z.string(), first_name: z.string(), last_name: z.string() }).nullable(),
    created_at: z.string(),
  })
  .openapi("ApplicationNote");

/** Who applied, as company members read it (the same fields on an application and in the candidate list). */
const applicantFields = {
  id: z.string(),
  first_name: z.string(),
  last_name: z.string(),
  email: z.string(),
  username: z.string(),
};

export const ApplicationSchema = z
  .object({
    id: z.string(),
    status: Status,
    job: z.object({ id: z.string(), title: z.string(), slug: z.string(), status: z.string() }),
    company: z.object({ id: z.string(), name: z.string(), slug: z.string(), is_verified: z.boolean() }),
    cover_letter: z.string().nullable(),
    answers: z.array(z.object({ question_id: z.string(), answer: AnswerSchema.shape.answer })),
    resume: z.object({ id: z.string(), title: z.string(), filename: z.string(), download_url: z.string() }).nullable(),
    rejection_reason: z.string().nullable(),
    applied_at: z.string(),
    status_changed_at: z.string(),
    contract_ended_at: z
      .string()
      .nullable()
      .openapi({ description: "When a hire on a contract, freelance or temporary job ended; null otherwise" }),
    updated_at: z.string(),
    applicant: z
      .object(applicantFields)
      .nullable()
      .optional()
      .openapi({ description: "Company members and admins only; null once the applicant erased their account" }),
    rating: z.number().int().nullable().optional().openapi({ description: "Company members and admins only" }),
    rejection_note: z.string().nullable().optional().openapi({ description: "Company members and admins only" }),
    notes: z.array(NoteSchema).optional().openapi({ description: "Internal notes; company members and admins only" }),
    history: z.array(HistorySchema).optional(),
    interviews: z.array(InterviewSchema).optional(),
  })
  .openapi("Application");

export const ApplicationList = SyncPage(ApplicationSchema).openapi("ApplicationList");

const listQueryFields = {
  status: Status.optional(),
  q: z
    .string()
    .max(200)
    .optional()
    .openapi({ description: "Applicant name (company view) or job title (seeker view)" }),
  sort: z.enum(["applied_at", "rating"]).default("applied_at"),
  ...pageQuery({ cursorMax: 500 }),
  ...updatedSinceQuery,
};

export const ListQuery = z.object({ job_id: Id.optional(), ...listQueryFields });
export const JobListQuery = z.object(listQueryFields);

export const PatchBody = z
  .object({
    status: Status.optional(),
    rating: z.number().int().min(1).max(5).nullable().optional(),
    rejection_reason: z.enum(REJECTION_REASONS).optional(),
    rejection_note: z.string().max(2000).optional(),
  })
  .strict()
  .openapi("ApplicationPatch");

export const BulkBody = z
  .object({
    ids: z
      .array(Id)
      .min(1)
      .max(100)
      .refine((ids) => new Set(ids).size === ids.length, "Ids must be unique.")
      .openapi({ example: ["0193a5b2-7c1e-7f00-8000-3c4d5e6f7a8b"] }),
    status: Status,
    rejection_reason: z.enum(REJECTION_REASONS).optional(),
    rejection_note: z.string().max(2000).optional(),
  })
  .strict()
  .openapi("BulkStatusChange");

export const BulkResultSchema = z
  .object({
    data: z.array(
      z.object({
        id: z.string(),
        ok: z.boolean(),
        status: Status.optional(),
        error: z.enum(["not-found", "invalid-transition", "status-conflict"]).optional(),
      }),
    ),
  })
  .openapi("BulkStatusResult");

export const HistoryList = z.object({ data: z.array(HistorySchema) }).openapi("ApplicationHistory");

export const NoteBody = z
  .object({ body: z.string().trim().min(1).max(5000).openapi({ example: "Strong Go background; invite to a call." }) })
  .strict()
  .openapi("NewApplicationNote");
export const NoteList = z.object({ data: z.array(NoteSchema) }).openapi("ApplicationNotes");

export const ExportQuery = z.object({ job_id: Id, format: z.enum(["csv"]).default("csv") });

export const ContractEndBody = z
  .object({
    ended_at: z.iso
      .datetime({ offset: true })
      .optional()
      .openapi({ description: "When the contract ended (default: now); not in the future, not before the hire" }),
  })
  .strict()
  .openapi("ContractEnd");

export const CandidateSchema = z
  .object({
    ...applicantFields,
    profile: PublicSeekerSummary.nullable().openapi({
      description:
        "The candidate's profile as `GET /users/{username}` shows it to you (its sections are there), or null when " +
        "that page is not yours to see (the profile is private, or the account is not active)",
    }),
    updated_at: z.string().openapi({ description: "The last change to anything above (this list's sync position)" }),
  })
  .openapi("Candidate");

export const CandidateList = SyncPage(CandidateSchema).openapi("CandidateList");

export const CandidateListQuery = z.object({ ...pageQuery({ cursorMax: 500 }), ...updatedSinceQuery }).strict();
