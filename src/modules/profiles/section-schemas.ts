import { z } from "@hono/zod-openapi";
import { SKILL_LEVELS } from "../../platform/db/schema";
import { PartialDate } from "./dates";
import { HttpUrl } from "./schemas";

const text = (max: number) => z.string().trim().min(1).max(max);
const optionalText = (max: number) => z.string().trim().max(max).nullable().optional();

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

const publicSeekerFields = {
  headline: z.string().nullable(),
  bio: z.string().nullable(),
  location: z.string().nullable(),
  website: z.string().nullable(),
  github_url: z.string().nullable(),
  years_experience: z.number().int().nullable(),
  desired_job_types: z.array(z.string()),
  open_to_remote: z.boolean(),
  is_available: z.boolean(),
};

/**
 * A seeker's public profile without its name (the list item carries it) and
 * sections: what lists of many profiles show (company candidate sync). The same
 * fields and rules as `GET /users/{username}`, where the sections are.
 */
export const PublicSeekerSummary = z
  .object({
    avatar_url: publicBase.avatar_url,
    linkedin_url: publicBase.linkedin_url,
    email: publicBase.email,
    phone: publicBase.phone,
    ...publicSeekerFields,
  })
  .openapi("PublicSeekerSummary");

export const PublicSeekerProfile = z
  .object({
    ...publicBase,
    role: z.literal("seeker"),
    ...publicSeekerFields,
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
