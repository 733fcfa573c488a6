import { z } from "@hono/zod-openapi";
import { Page, pageQuery } from "../../http/pagination";

export const ThreadParam = z.object({
  id: z
    .string()
    .min(1)
    .max(100)
    .openapi({ param: { name: "id", in: "path" }, example: "0193a5b2-7c1e-7f00-8000-3c4d5e6f7a8b" }),
});

export const MessageParam = ThreadParam.extend({
  messageId: z
    .string()
    .min(1)
    .max(100)
    .openapi({ param: { name: "messageId", in: "path" }, example: "0193a5b3-0000-7f00-8000-3c4d5e6f7a8b" }),
});

export const MessagesQuery = z.object({ ...pageQuery() }).strict();

export const MessageBody = z
  .object({
    body: z.string().trim().min(1).max(5000).openapi({ example: "Thanks for applying! Are you free on Tuesday?" }),
  })
  .strict()
  .openapi("MessageRequest");

/** The binary part of a multipart upload (a `File` at run time). */
const FileField = z
  .custom<File>((v) => typeof File !== "undefined" && v instanceof File, { message: "Expected a file." })
  .openapi({ type: "string", format: "binary", description: "PDF, DOCX or TXT, at most 5 MB (checked by content)." });

export const AttachmentUpload = z
  .object({
    file: FileField,
    body: z.string().trim().max(5000).optional().openapi({ example: "The contract, signed." }),
  })
  .strict()
  .openapi("MessageAttachmentUpload");

export const ReadBody = z
  .object({
    up_to: z
      .string()
      .min(1)
      .max(100)
      .optional()
      .openapi({ description: "The last message read (default: the thread's latest)." }),
  })
  .strict()
  .openapi("MessageReadRequest");

export const ReportBody = z
  .object({ reason: z.string().trim().min(3).max(1000).openapi({ example: "Spam." }) })
  .strict()
  .openapi("MessageReportRequest");

export const MessageSchema = z
  .object({
    id: z.string(),
    application_id: z.string(),
    sender: z.object({
      side: z.enum(["applicant", "company"]),
      user_id: z.string().nullable(),
      name: z.string().nullable(),
    }),
    body: z.string().openapi({ description: "Empty when a moderator hid the message." }),
    attachment: z
      .object({ filename: z.string(), content_type: z.string(), size: z.number().int(), url: z.string() })
      .nullable(),
    status: z.enum(["visible", "hidden"]),
    created_at: z.string(),
  })
  .openapi("ApplicationMessage");

const Receipt = z.object({ up_to: z.string(), read_at: z.string() }).nullable();

export const ThreadInfo = z
  .object({
    application_id: z.string(),
    job_title: z.string(),
    company_name: z.string(),
    viewer: z.enum(["applicant", "company", "admin"]),
    unread: z.number().int(),
    blocked_by_applicant: z.boolean(),
    blocked_by_company: z.boolean(),
    read: z.object({ applicant: Receipt, company: Receipt }).openapi({
      description: "Read receipts: how far the applicant, and the furthest company member, have read.",
    }),
  })
  .openapi("MessageThreadInfo");

export const MessagePage = Page(MessageSchema, { thread: ThreadInfo }).openapi("MessagePage");

export const ThreadSummarySchema = z
  .object({
    application_id: z.string(),
    job_title: z.string(),
    company_name: z.string(),
    last_message_at: z.string(),
    unread: z.number().int(),
    blocked_by_applicant: z.boolean(),
    blocked_by_company: z.boolean(),
  })
  .openapi("MessageThread");

export const ThreadPage = Page(ThreadSummarySchema, { unread_total: z.number().int() }).openapi("MessageThreadPage");

export const UnreadSchema = z
  .object({ total: z.number().int(), threads: z.number().int() })
  .openapi("MessageUnreadCount");

export const ReadResult = z
  .object({
    up_to: z.string().nullable(),
    read_at: z.string(),
    unread: z.number().int(),
    unread_total: z.number().int(),
  })
  .openapi("MessageReadResult");

export const BlockState = z
  .object({ blocked_by_applicant: z.boolean(), blocked_by_company: z.boolean() })
  .openapi("MessageBlockState");

export const ReportReceipt = z
  .object({
    id: z.string(),
    target_type: z.literal("message"),
    target_id: z.string(),
    status: z.enum(["open", "resolved"]),
    created_at: z.string(),
  })
  .openapi("MessageReportReceipt");
