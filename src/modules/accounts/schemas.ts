import { z } from "@hono/zod-openapi";
import { canonicalTag, isAcceptableLocaleTag, SUPPORTED_LOCALES } from "../../i18n";
import { PASSWORD_MAX, PASSWORD_MIN } from "../../lib/password-policy";

const email = z
  .string()
  .trim()
  .max(254)
  .email()
  .transform((v) => v.toLowerCase())
  .openapi({ example: "ada@example.com", type: "string", format: "email" });

export const USERNAME_RE = /^[a-z0-9](?:[a-z0-9_-]{1,28}[a-z0-9])$/;
const username = z
  .string()
  .trim()
  .toLowerCase()
  .regex(
    USERNAME_RE,
    "3–30 characters: lower-case letters, digits, '_' or '-', starting and ending with a letter or digit",
  )
  .openapi({ example: "ada_l", type: "string" });

const name = z.string().trim().min(1).max(100);
const password = z.string().min(1).max(1024).openapi({ example: "correct-Horse-battery-9" });
/**
 * A password being chosen. The length bounds are enforced by the password policy
 * (with its own messages), so they are documented here rather than checked twice.
 */
export const newPassword = password.openapi({
  minLength: PASSWORD_MIN,
  maxLength: PASSWORD_MAX,
  description: `${PASSWORD_MIN}–${PASSWORD_MAX} characters, not a common or easily guessed password`,
});

export const UserSchema = z
  .object({
    id: z.string().openapi({ example: "0193a5b2-7c1e-7f00-8000-3c4d5e6f7a8b" }),
    email: z.string().openapi({ example: "ada@example.com" }),
    username: z.string().openapi({ example: "ada_l" }),
    role: z.enum(["seeker", "employer", "admin"]),
    first_name: z.string().openapi({ example: "Ada" }),
    last_name: z.string().openapi({ example: "Lovelace" }),
    email_verified: z.boolean(),
    mfa_enabled: z.boolean(),
    timezone: z.string().openapi({ example: "Europe/London" }),
    locale: z.string().openapi({ example: "en" }),
    created_at: z.string().openapi({ example: "2026-11-21T10:00:00.000Z" }),
    updated_at: z.string().openapi({ example: "2026-11-21T10:00:00.000Z" }),
  })
  .openapi("User");

export const UserEnvelope = z.object({ user: UserSchema }).openapi("UserEnvelope");

export const RegisterBody = z
  .object({
    email,
    password: newPassword,
    role: z.enum(["seeker", "employer"]).openapi({ description: "Nobody can register as admin." }),
    first_name: name.openapi({ example: "Ada" }),
    last_name: name.openapi({ example: "Lovelace" }),
    username: username.optional(),
  })
  .strict()
  .openapi("RegisterRequest");

export const LoginBody = z
  .object({
    email,
    password,
    totp_code: z
      .string()
      .regex(/^[0-9A-Za-z-]{6,20}$/)
      .optional()
      .openapi({ description: "TOTP code (or a recovery code) when 2FA is on", example: "123456" }),
  })
  .strict()
  .openapi("LoginRequest");

export const TokenPair = z
  .object({
    access_token: z.string(),
    refresh_token: z.string(),
    token_type: z.literal("Bearer"),
    expires_in: z.number().int().openapi({ example: 900 }),
    user: UserSchema,
  })
  .openapi("TokenPair");

export const RefreshBody = z
  .object({
    refresh_token: z.string().min(1).max(512).openapi({ example: "rt_3q9ZkX2n5cQ1Yw8mVfHj4tR7sL6aP0eD2gK9xN3oB" }),
  })
  .strict()
  .openapi("RefreshRequest");

export const LogoutBody = z
  .object({ refresh_token: z.string().min(1).max(512).optional() })
  .strict()
  .openapi("LogoutRequest");

export const PatchMeBody = z
  .object({
    first_name: name.optional(),
    last_name: name.optional(),
    username: username.optional(),
    timezone: z
      .string()
      .max(64)
      .refine(isTimeZone, "Unknown IANA time zone")
      .optional()
      .openapi({ example: "Europe/Berlin" }),
    // Only languages we have a catalogue for (docs/i18n.md): a setting we could not honour would mislead.
    locale: z
      .string()
      .max(35)
      .refine(
        isAcceptableLocaleTag,
        `A BCP 47 language tag of a supported language (${SUPPORTED_LOCALES.join(", ")}), such as en-GB or de`,
      )
      .transform((v) => canonicalTag(v) ?? v)
      .optional()
      .openapi({ example: "en-GB" }),
  })
  .strict()
  .openapi("UpdateMeRequest");

export const ChangePasswordBody = z
  .object({ current_password: password, new_password: newPassword })
  .strict()
  .openapi("ChangePasswordRequest");

export const MessageSchema = z.object({ message: z.string() }).openapi("Message");

function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat("en", { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}
