import { z } from "@hono/zod-openapi";
import { JOB_TYPES, PROFILE_VISIBILITIES, SALARY_PERIODS, SKILL_LEVELS } from "../../db/schema";
import { PartialDate } from "./dates";

const text = (max: number) => z.string().trim().min(1).max(max);
const optionalText = (max: number) => z.string().trim().max(max).nullable().optional();

/** http(s) only: a `javascript:` URL in a profile would become XSS in someone's frontend. */
export const HttpUrl = z
  .string()
  .trim()
  .max(500)
  .url()
  .refine((u) => /^https?:\/\//i.test(u), "Must be an http(s) URL.")
  .openapi({ type: "string", format: "uri", example: "https://ada.dev" });

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

const phone = z
  .string()
  .trim()
  .regex(/^\+?[0-9][0-9 ().-]{4,28}[0-9]$/, "Expected a phone number such as +44 20 7946 0958.")
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

// ---- sections --------------------------------------------------------------

export const IdParam = z.object({
  id: z
    .string()
    .min(1)
    .max(64)
    .openapi({ param: { name: "id", in: "path" } }),
});

export const ExperienceInput = z
  .object({
    company_name: text(200).openapi({ example: "Analytical Engines Ltd" }),
    title: text(200).openapi({ example: "Senior Backend Engineer" }),
    location: optionalText(200),
    start_date: PartialDate,
    end_date: PartialDate.nullable().optional(),
    is_current: z.boolean().default(false),
    description: optionalText(5000),
  })
  .strict()
  .openapi("ExperienceInput");
export const ExperiencePatch = z
  .object({
    company_name: text(200).optional(),
    title: text(200).optional(),
    location: optionalText(200),
    start_date: PartialDate.optional(),
    end_date: PartialDate.nullable().optional(),
    is_current: z.boolean().optional(),
    description: optionalText(5000),
  })
  .strict()
  .openapi("ExperiencePatch");
export const ExperienceSchema = z
  .object({
    id: z.string(),
    company_name: z.string(),
    title: z.string(),
    location: z.string().nullable(),
    start_date: z.string().openapi({ example: "2021-04" }),
    end_date: z.string().nullable(),
    is_current: z.boolean(),
    description: z.string().nullable(),
    created_at: z.string(),
    updated_at: z.string(),
  })
  .openapi("Experience");

export const EducationInput = z
  .object({
    institution: text(200).openapi({ example: "University of London" }),
    degree: text(200).openapi({ example: "BSc" }),
    field_of_study: optionalText(200).openapi({ example: "Mathematics" }),
    start_date: PartialDate,
    end_date: PartialDate.nullable().optional(),
    grade: optionalText(100),
  })
  .strict()
  .openapi("EducationInput");
export const EducationPatch = EducationInput.partial().strict().openapi("EducationPatch");
export const EducationSchema = z
  .object({
    id: z.string(),
    institution: z.string(),
    degree: z.string(),
    field_of_study: z.string().nullable(),
    start_date: z.string(),
    end_date: z.string().nullable(),
    grade: z.string().nullable(),
    created_at: z.string(),
    updated_at: z.string(),
  })
  .openapi("Education");

export const CertificationInput = z
  .object({
    name: text(200).openapi({ example: "AWS Certified Solutions Architect" }),
    issuer: text(200).openapi({ example: "Amazon Web Services" }),
    issued_on: PartialDate,
    expires_on: PartialDate.nullable().optional(),
    credential_url: HttpUrl.nullable().optional(),
  })
  .strict()
  .openapi("CertificationInput");
export const CertificationPatch = CertificationInput.partial().strict().openapi("CertificationPatch");
export const CertificationSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    issuer: z.string(),
    issued_on: z.string(),
    expires_on: z.string().nullable(),
    credential_url: z.string().nullable(),
    created_at: z.string(),
    updated_at: z.string(),
  })
  .openapi("Certification");

export const PortfolioInput = z
  .object({
    title: text(200).openapi({ example: "Difference Engine emulator" }),
    description: optionalText(5000),
    url: HttpUrl.nullable().optional(),
    technologies: z
      .array(text(60))
      .max(30)
      .default([])
      .openapi({ example: ["Rust", "WebAssembly"] }),
  })
  .strict()
  .openapi("PortfolioItemInput");
export const PortfolioPatch = z
  .object({
    title: text(200).optional(),
    description: optionalText(5000),
    url: HttpUrl.nullable().optional(),
    technologies: z.array(text(60)).max(30).optional(),
  })
  .strict()
  .openapi("PortfolioItemPatch");
export const PortfolioSchema = z
  .object({
    id: z.string(),
    title: z.string(),
    description: z.string().nullable(),
    url: z.string().nullable(),
    technologies: z.array(z.string()),
    created_at: z.string(),
    updated_at: z.string(),
  })
  .openapi("PortfolioItem");

export const ProfileSkillInput = z
  .object({
    name: text(60).openapi({ example: "k8s" }),
    level: z.enum(SKILL_LEVELS).nullable().optional(),
    years: z.number().int().min(0).max(60).nullable().optional(),
  })
  .strict()
  .openapi("ProfileSkillInput");
export const ProfileSkillsPut = z.array(ProfileSkillInput).max(100).openapi("ProfileSkillsPut");
export const ProfileSkillSchema = z
  .object({
    name: z.string().openapi({ example: "Kubernetes" }),
    skill_id: z.string().nullable().openapi({ description: "Null when the name is not in the taxonomy" }),
    level: z.enum(SKILL_LEVELS).nullable(),
    years: z.number().int().nullable(),
  })
  .openapi("ProfileSkill");

export const listOf = <T extends z.ZodType>(item: T, name: string) =>
  z.object({ data: z.array(item), next_cursor: z.null() }).openapi(name);

const publicBase = {
  username: z.string().openapi({ example: "ada_l" }),
  first_name: z.string(),
  last_name: z.string(),
  avatar_url: z.string().nullable(),
  linkedin_url: z.string().nullable(),
  email: z.string().nullable().openapi({ description: "Only when the user turned on show_email" }),
  phone: z.string().nullable().openapi({ description: "Only when the user turned on show_phone" }),
};

export const PublicSeekerProfile = z
  .object({
    ...publicBase,
    role: z.literal("seeker"),
    headline: z.string().nullable(),
    bio: z.string().nullable(),
    location: z.string().nullable(),
    website: z.string().nullable(),
    github_url: z.string().nullable(),
    years_experience: z.number().int().nullable(),
    desired_job_types: z.array(z.string()),
    open_to_remote: z.boolean(),
    is_available: z.boolean(),
    skills: z.array(ProfileSkillSchema),
    experience: z.array(ExperienceSchema),
    education: z.array(EducationSchema),
    certifications: z.array(CertificationSchema),
    portfolio: z.array(PortfolioSchema),
  })
  .openapi("PublicSeekerProfile");

export const PublicEmployerProfile = z
  .object({ ...publicBase, role: z.literal("employer"), position_title: z.string().nullable() })
  .openapi("PublicEmployerProfile");

export const PublicProfile = z.union([PublicSeekerProfile, PublicEmployerProfile]).openapi("PublicProfile");
