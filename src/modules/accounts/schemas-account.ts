/** Wire schemas of the account security routes (recovery, sessions, 2FA, API keys, OAuth, GDPR). */

import { z } from "@hono/zod-openapi";
import { Page, pageQuery } from "../../http/pagination";
import { API_KEY_SCOPES } from "../../platform/db/schema";
import { newPassword } from "./schemas";

const email = z
  .string()
  .trim()
  .max(254)
  .email()
  .transform((v) => v.toLowerCase())
  .openapi({ example: "ada@example.com", type: "string", format: "email" });
const token = z.string().trim().min(20).max(200).openapi({ example: "q0Zk3u9bX2n5cQ1Yw8mVfHj4tR7sL6aP0eD2gK9xN3o" });
const password = z.string().min(1).max(1024).openapi({ example: "correct-Horse-battery-9" });
const iso = z.string().openapi({ example: "2026-11-21T10:00:00.000Z" });

export const TokenBody = z.object({ token }).strict().openapi("TokenRequest");
export const EmailBody = z.object({ email }).strict().openapi("EmailRequest");
export const ResetPasswordBody = z
  .object({ token, new_password: newPassword })
  .strict()
  .openapi("ResetPasswordRequest");
export const AcceptedSchema = z
  .object({ message: z.string().openapi({ example: "If the address belongs to an account, an email is on its way." }) })
  .openapi("Accepted");

export const SessionSchema = z
  .object({
    id: z.string(),
    user_agent: z.string().nullable(),
    ip_hint: z.string().nullable().openapi({ example: "203.0.113.0/24" }),
    created_at: iso,
    last_used_at: iso,
    expires_at: iso,
    current: z.boolean(),
  })
  .openapi("Session");
export const SessionList = z.object({ data: z.array(SessionSchema) }).openapi("SessionList");
export const IdParam = z.object({
  id: z
    .string()
    .min(1)
    .max(64)
    .openapi({ param: { name: "id", in: "path" } }),
});

export const LoginHistoryQuery = z.object(pageQuery({ cursorMax: 200 }));
export const LoginAttemptSchema = z
  .object({
    at: iso,
    success: z.boolean(),
    reason: z.string().openapi({ example: "password" }),
    ip_hint: z.string().nullable(),
    user_agent: z.string().nullable(),
    new_device: z.boolean(),
  })
  .openapi("LoginAttempt");
export const LoginHistory = Page(LoginAttemptSchema).openapi("LoginHistory");

export const MfaSetup = z
  .object({
    secret: z.string().openapi({ example: "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP" }),
    otpauth_url: z.string().openapi({ example: "otpauth://totp/Job%20Board:ada%40example.com?secret=…" }),
  })
  .openapi("MfaSetup");
const code = z
  .string()
  .trim()
  .regex(/^[0-9A-Za-z-]{6,20}$/)
  .openapi({ example: "123456" });
export const MfaEnableBody = z.object({ code }).strict().openapi("MfaEnableRequest");
export const MfaDisableBody = z
  .object({ password, code: code.openapi({ description: "A current TOTP code or an unused recovery code" }) })
  .strict()
  .openapi("MfaDisableRequest");
export const RecoveryCodes = z
  .object({ recovery_codes: z.array(z.string()).openapi({ example: ["k3m9p-x2q7r"] }) })
  .openapi("RecoveryCodes");

export const ApiKeyScopeSchema = z.enum(API_KEY_SCOPES).openapi("ApiKeyScope");
export const CreateApiKeyBody = z
  .object({
    name: z.string().trim().min(1).max(100).openapi({ example: "ATS sync" }),
    scopes: z.array(ApiKeyScopeSchema).min(1).max(API_KEY_SCOPES.length),
    expires_in_days: z.number().int().min(1).max(3650).optional(),
  })
  .strict()
  .openapi("CreateApiKeyRequest");
export const ApiKeySchema = z
  .object({
    id: z.string(),
    name: z.string(),
    prefix: z.string().openapi({ example: "jb_Xy7aB3kQ" }),
    scopes: z.array(ApiKeyScopeSchema),
    created_at: iso,
    last_used_at: iso.nullable(),
    expires_at: iso.nullable(),
  })
  .openapi("ApiKey");
export const CreatedApiKey = ApiKeySchema.extend({
  key: z.string().openapi({ description: "The secret; shown only in this response.", example: "jb_…" }),
}).openapi("CreatedApiKey");
export const ApiKeyList = z.object({ data: z.array(ApiKeySchema) }).openapi("ApiKeyList");

export const DeleteMeBody = z
  .object({
    password: password.optional().openapi({ description: "Required when the account has a password" }),
    confirm_email: z
      .string()
      .max(254)
      .optional()
      .openapi({ description: "For accounts without a password (OAuth only): the account's email" }),
  })
  .strict()
  .openapi("DeleteMeRequest");
