import { z } from "@hono/zod-openapi";
import { Page, pageQuery } from "../../http/pagination";
import { COMPANY_SIZES } from "../../platform/db/schema";

const httpUrl = z
  .string()
  .trim()
  .max(500)
  .url()
  .refine((v) => /^https?:\/\//i.test(v), "Must be an http(s) URL.");

const nullableText = (max: number) => z.string().trim().min(1).max(max).nullable();

const companyFields = {
  name: z.string().trim().min(2).max(120).openapi({ example: "Acme Robotics" }),
  description: nullableText(10_000).optional().openapi({ example: "We build friendly warehouse robots." }),
  website: httpUrl.nullable().optional().openapi({ example: "https://acme.example" }),
  industry: nullableText(80).optional().openapi({ example: "Robotics" }),
  size: z.enum(COMPANY_SIZES).nullable().optional(),
  headquarters: nullableText(200).optional().openapi({ example: "Berlin, Germany" }),
  founded_year: z
    .number()
    .int()
    .min(1600)
    // The upper bound is read per request: at module scope the Workers clock reads the epoch.
    .refine((y) => y <= new Date().getUTCFullYear() + 1, "Must not be later than next year.")
    .nullable()
    .optional()
    .openapi({ example: 2015 }),
  benefits: z
    .array(z.string().trim().min(1).max(100))
    .max(30)
    .optional()
    .openapi({ example: ["Remote-friendly", "30 days of holiday"] }),
  social_links: z
    .record(z.string().regex(/^[a-z][a-z0-9_]{0,29}$/, "Lower-case network name"), httpUrl)
    .refine((v) => Object.keys(v).length <= 10, "At most 10 links.")
    .optional()
    .openapi({ example: { linkedin: "https://www.linkedin.com/company/acme" } }),
};

export const CreateCompanyBody = z.object(companyFields).strict().openapi("CreateCompanyRequest");

export const UpdateCompanyBody = z
  .object({ ...companyFields, name: companyFields.name.optional() })
  .strict()
  .openapi("UpdateCompanyRequest");

export type CreateCompanyInput = z.infer<typeof CreateCompanyBody>;
export type UpdateCompanyInput = z.infer<typeof UpdateCompanyBody>;

export const CompanySchema = z
  .object({
    id: z.string(),
    slug: z.string().openapi({ example: "acme-robotics" }),
    name: z.string(),
    description: z.string().nullable(),
    website: z.string().nullable(),
    industry: z.string().nullable(),
    size: z.enum(COMPANY_SIZES).nullable(),
    headquarters: z.string().nullable(),
    founded_year: z.number().int().nullable(),
    benefits: z.array(z.string()),
    social_links: z.record(z.string(), z.string()),
    logo_url: z.string().nullable().openapi({ example: "/files/images/logos/9f86d0….png" }),
    is_verified: z.boolean(),
    verified_at: z.string().nullable(),
    rating: z.object({
      average: z.number().openapi({ example: 4.25 }),
      count: z.number().int().openapi({ example: 12 }),
    }),
    open_jobs_count: z.number().int(),
    created_at: z.string(),
    updated_at: z.string(),
  })
  .openapi("Company");

export const CompanyDetailSchema = CompanySchema.extend({
  json_ld: z
    .record(z.string(), z.unknown())
    .openapi({ description: "schema.org `EmployerAggregateRating` (or `Organization` before any review)." }),
}).openapi("CompanyDetail");

export const CompanyListSchema = Page(CompanySchema).openapi("CompanyList");

const boolQuery = z.enum(["true", "false"]).transform((v) => v === "true");

export const CompanyListQuery = z.object({
  q: z.string().trim().max(200).optional().openapi({ description: "Matches the name" }),
  industry: z.string().trim().max(80).optional(),
  size: z.enum(COMPANY_SIZES).optional(),
  verified: boolQuery.optional(),
  ...pageQuery(),
});

export const IdParam = z.object({ id: z.string().min(1).max(100) });
export const IdOrSlugParam = z.object({
  id: z.string().min(1).max(100).openapi({ description: "The id or the slug.", example: "acme-robotics" }),
});
export const MemberParam = z.object({ id: z.string().min(1).max(100), user_id: z.string().min(1).max(100) });

export const MemberSchema = z
  .object({
    user_id: z.string(),
    email: z.string(),
    username: z.string(),
    first_name: z.string(),
    last_name: z.string(),
    role: z.enum(["owner", "recruiter"]),
    joined_at: z.string(),
  })
  .openapi("CompanyMember");

export const MemberListSchema = z.object({ data: z.array(MemberSchema) }).openapi("CompanyMemberList");

export const AddMemberBody = z
  .object({
    email: z
      .string()
      .trim()
      .max(254)
      .email()
      .transform((v) => v.toLowerCase())
      .openapi({ example: "recruiter@acme.example", type: "string", format: "email" }),
    role: z.enum(["owner", "recruiter"]),
  })
  .strict()
  .openapi("AddCompanyMemberRequest");

export const LogoSchema = z.object({ logo_url: z.string() }).openapi("CompanyLogo");

export const PageQuery = z.object(pageQuery());
