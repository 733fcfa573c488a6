import { z } from "@hono/zod-openapi";
import { Page, pageQuery } from "../../http/pagination";
import { EMAIL_STATUSES } from "../../platform/db/schema";
import { UserSchema } from "./schemas";

const iso = z.string().openapi({ example: "2026-11-21T10:00:00.000Z" });
const paging = pageQuery({ cursorMax: 200 });

export const AdminUserSchema = UserSchema.extend({
  status: z.enum(["active", "suspended", "deleted"]),
  is_suspended: z.boolean(),
}).openapi("AdminUser");
export const AdminUserEnvelope = z.object({ user: AdminUserSchema }).openapi("AdminUserEnvelope");
export const AdminUserList = Page(AdminUserSchema).openapi("AdminUserList");

export const AdminUsersQuery = z.object({
  role: z.enum(["seeker", "employer", "admin"]).optional(),
  status: z.enum(["active", "suspended", "deleted"]).optional(),
  q: z
    .string()
    .trim()
    .min(1)
    .max(100)
    .optional()
    .openapi({ description: "Prefix of the email, username, full name or last name (names ignore case and accents)" }),
  ...paging,
});

export const UserIdParam = z.object({
  id: z
    .string()
    .min(1)
    .max(64)
    .openapi({ param: { name: "id", in: "path" } }),
});

export const AdminPatchUserBody = z
  .object({
    role: z.enum(["seeker", "employer", "admin"]).optional(),
    is_suspended: z.boolean().optional().openapi({ example: true }),
  })
  .strict()
  .refine((b) => b.role !== undefined || b.is_suspended !== undefined, "Send role and/or is_suspended.")
  .openapi("AdminPatchUserRequest");

export const AuditQuery = z.object({
  actor_id: z.string().max(64).optional(),
  action: z.string().max(100).optional().openapi({ example: "admin.user_suspended" }),
  target_type: z.string().max(50).optional().openapi({ example: "user" }),
  target_id: z.string().max(64).optional(),
  ...paging,
});
export const AuditEntrySchema = z
  .object({
    id: z.string(),
    actor_id: z.string().nullable(),
    actor_role: z.string().nullable(),
    action: z.string(),
    target_type: z.string().nullable(),
    target_id: z.string().nullable(),
    data: z.record(z.string(), z.unknown()),
    ip_hint: z.string().nullable(),
    created_at: iso,
  })
  .openapi("AuditEntry");
export const AuditList = Page(AuditEntrySchema).openapi("AuditLogList");

export const EmailsQuery = z.object({
  status: z.enum(EMAIL_STATUSES).optional(),
  to: z.string().max(254).optional(),
  template: z.string().max(100).optional(),
  ...paging,
});
export const EmailLogSchema = z
  .object({
    id: z.string(),
    to: z.string(),
    template: z.string(),
    category: z.string().nullable(),
    status: z.enum(EMAIL_STATUSES),
    provider: z.string().nullable(),
    provider_id: z.string().nullable(),
    error: z.string().nullable(),
    attempts: z.number().int(),
    created_at: iso,
    sent_at: iso.nullable(),
  })
  .openapi("EmailLogEntry");
export const EmailLogList = Page(EmailLogSchema).openapi("EmailLogList");
