import { z } from "@hono/zod-openapi";
import { Page, pageQuery } from "../../http/pagination";

export const ResumeSchema = z
  .object({
    id: z.string().openapi({ example: "0193a5b2-7c1e-7f00-8000-3c4d5e6f7a8b" }),
    title: z.string().openapi({ example: "Backend CV 2026" }),
    filename: z.string().openapi({ example: "ada-lovelace.pdf" }),
    content_type: z.string().openapi({ example: "application/pdf" }),
    size: z.number().int().openapi({ example: 48213 }),
    is_primary: z.boolean(),
    parse_status: z.enum(["pending", "done", "failed"]),
    parse_error: z
      .string()
      .nullable()
      .openapi({ description: "Why parsing failed (only when `parse_status` is `failed`).", example: null }),
    extracted_skills: z.array(z.string()).openapi({ example: ["Go", "PostgreSQL", "Kubernetes"] }),
    created_at: z.string(),
    updated_at: z.string(),
  })
  .openapi("Resume");

export const ResumeList = Page(ResumeSchema).openapi("ResumeList");

export const ListQuery = z.object(pageQuery({ cursorMax: 200 })).strict();

const FileField = z
  .custom<File>((v) => typeof File !== "undefined" && v instanceof File, { message: "Expected a file upload." })
  .openapi({ type: "string", format: "binary", description: "PDF, DOCX or TXT, at most 5 MB (checked by content)" });

export const ResumeUpload = z
  .object({
    file: FileField,
    title: z.string().trim().min(1).max(200).optional().openapi({ example: "Backend CV 2026" }),
  })
  .strict()
  .openapi("ResumeUpload");

export const ResumePatch = z
  .object({
    title: z.string().trim().min(1).max(200).optional(),
    is_primary: z
      .literal(true)
      .optional()
      .openapi({ description: "Make this the primary resume (the previous primary stops being primary)." }),
  })
  .strict()
  .openapi("ResumePatch");

export const ShareLinkBody = z
  .object({
    expires_in: z
      .number()
      .int()
      .min(60)
      .max(30 * 24 * 3600)
      .default(7 * 24 * 3600)
      .openapi({
        description: "Seconds until the link stops working (60 s … 30 days, default 7 days)",
        example: 86400,
      }),
  })
  .strict()
  .openapi("ShareLinkRequest");

export const ShareLink = z
  .object({
    url: z.string().openapi({
      example: "https://api.jobboard.dev/api/v1/resumes/0193…/download?token=eyJleHAiOjE3OTUzMDAwMDAs…",
    }),
    page_url: z.string().openapi({
      description:
        "The same link as a page for people: shows the resume's file name, type and size with a download button " +
        "(`410` page once expired, `404` when invalid or the resume was deleted).",
      example: "https://api.jobboard.dev/resumes/0193…/shared?token=eyJleHAiOjE3OTUzMDAwMDAs…",
    }),
    expires_at: z.string().openapi({ example: "2026-11-28T10:00:00.000Z" }),
  })
  .openapi("ShareLink");

export const DownloadQuery = z
  .object({
    token: z.string().max(500).optional().openapi({ description: "From a share link" }),
  })
  .strict();

export const ResumeIdParam = z.object({
  id: z
    .string()
    .min(1)
    .max(64)
    .openapi({ param: { name: "id", in: "path" } }),
});
