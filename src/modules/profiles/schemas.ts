import { z } from "@hono/zod-openapi";
import { JOB_TYPES, PROFILE_VISIBILITIES, SALARY_PERIODS } from "../../platform/db/schema";

const text = (max: number) => z.string().trim().min(1).max(max);
const optionalText = (max: number) => z.string().trim().max(max).nullable().optional();

/** http(s) only: a `javascript:` URL in a profile would become XSS in someone's frontend. */
export const HttpUrl = z
  .string()
  .trim()
  .max(500)
  .url()
  .refine((u) => /^https?:\/\//i.test(u), "Must be an http(s) URL.")
  .openapi({ format: "uri", example: "https://ada.dev" });

const hostUrl = (hosts: string[], example: string) =>
  HttpUrl.refine(
    (u) => {
      try {
        const host = new URL(u).hostname.toLowerCase();
        return hosts.some((h) => host === h || host.endsWith(`.${h}`));
      } catch {
        return false;
      }
    },
    `Must be a link on ${hosts.join(" or ")}.`,
  ).openapi({ example });

/** Digits with the usual separators; a leading `+` or `(` as in "(912) 555-4321". */
export const PHONE_RE = /^[+(]?[0-9][0-9 ()./-]{3,28}[0-9]$/;
const phone = z
  .string()
  .trim()
  .regex(PHONE_RE, "Expected a phone number such as +44 20 7946 0958 or (912) 555-4321.")
  .openapi({ example: "+44 20 7946 0958" });

export const SalaryExpectation = z
  .object({
    min: z.number().int().min(0).max(100_000_000).openapi({ example: 70000 }),
    max: z.number().int().min(0).max(100_000_000).openapi({ example: 90000 }),
    currency: z
      .string()
      .regex(/^[A-Z]{3}$/, "ISO 4217 code such as EUR")
      .openapi({ example: "EUR" }),
    period: z.enum(SALARY_PERIODS).openapi({ example: "year" }),
  })
  .strict()
  .refine((s) => s.max >= s.min, { message: "max must be at least min.", path: ["max"] })
  .openapi("SalaryExpectation");

/** One body for both roles; the service rejects fields that do not belong to the caller's role. */
export const ProfilePatch = z
  .object({
    headline: optionalText(200).openapi({ example: "Backend engineer · Go, PostgreSQL" }),
    bio: optionalText(5000),
    location: optionalText(200).openapi({ example: "Berlin, Germany" }),
    phone: phone.nullable().optional(),
    website: HttpUrl.nullable().optional(),
    linkedin_url: hostUrl(["linkedin.com"], "https://www.linkedin.com/in/ada").nullable().optional(),
    github_url: hostUrl(["github.com"], "https://github.com/ada").nullable().optional(),
    years_experience: z.number().int().min(0).max(70).nullable().optional(),
    desired_job_types: z.array(z.enum(JOB_TYPES)).max(JOB_TYPES.length).optional(),
    desired_locations: z.array(text(100)).max(20).optional(),
    open_to_remote: z.boolean().optional(),
    remote_only: z
      .boolean()
      .optional()
      .openapi({ description: "Will not work on site: recommendations leave on-site jobs out" }),
    salary_expectation: SalaryExpectation.nullable().optional(),
    is_available: z.boolean().optional(),
    visibility: z.enum(PROFILE_VISIBILITIES).optional().openapi({
      description: "`public`: anyone; `employers`: signed-in employers; `private`: only you.",
    }),
    show_email: z.boolean().optional().openapi({ description: "Show your account email on your public profile" }),
    show_phone: z.boolean().optional().openapi({ description: "Show your phone number on your public profile" }),
    position_title: optionalText(200).openapi({ description: "Employers only", example: "Head of Talent" }),
  })
  .strict()
  .openapi("ProfilePatch");
export type ProfilePatch = z.infer<typeof ProfilePatch>;

export const SEEKER_ONLY_FIELDS = [
  "headline",
  "bio",
  "location",
  "website",
  "github_url",
  "years_experience",
  "desired_job_types",
  "desired_locations",
  "open_to_remote",
  "remote_only",
  "salary_expectation",
  "is_available",
  "visibility",
] as const;
export const EMPLOYER_ONLY_FIELDS = ["position_title"] as const;

export const Completeness = z
  .object({
    percent: z.number().int().min(0).max(100).openapi({ example: 65 }),
    missing: z.array(z.string()).openapi({ example: ["avatar", "education"] }),
  })
  .openapi("ProfileCompleteness");

const base = {
  user_id: z.string(),
  username: z.string().openapi({ example: "ada_l" }),
  first_name: z.string(),
  last_name: z.string(),
  email: z.string(),
  phone: z.string().nullable(),
  linkedin_url: z.string().nullable(),
  show_email: z.boolean(),
  show_phone: z.boolean(),
  avatar_url: z.string().nullable().openapi({ example: "https://api.jobboard.dev/files/images/avatars/9f…e1.png" }),
  completeness: Completeness,
  updated_at: z.string().nullable(),
};

export const SeekerProfileSchema = z
  .object({
    ...base,
    role: z.literal("seeker"),
    headline: z.string().nullable(),
    bio: z.string().nullable(),
    location: z.string().nullable(),
    website: z.string().nullable(),
    github_url: z.string().nullable(),
    years_experience: z.number().int().nullable(),
    desired_job_types: z.array(z.string()),
    desired_locations: z.array(z.string()),
    open_to_remote: z.boolean(),
    remote_only: z.boolean(),
    salary_expectation: SalaryExpectation.nullable(),
    is_available: z.boolean(),
    visibility: z.enum(PROFILE_VISIBILITIES),
  })
  .openapi("SeekerProfile");

export const EmployerProfileSchema = z
  .object({ ...base, role: z.enum(["employer", "admin"]), position_title: z.string().nullable() })
  .openapi("EmployerProfile");

export const OwnProfile = z.union([SeekerProfileSchema, EmployerProfileSchema]).openapi("OwnProfile");

export const AvatarResponse = z
  .object({ avatar_url: z.string().openapi({ example: "https://api.jobboard.dev/files/images/avatars/9f…e1.png" }) })
  .openapi("AvatarResponse");
