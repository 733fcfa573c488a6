/** The JSON Resume v1.0.0 document as accepted by `PUT /profile/json-resume`. */
import { z } from "@hono/zod-openapi";
import { PartialDate } from "./dates";
import { HttpUrl } from "./schemas";
import { MAX_ITEMS } from "./sections";

const s = (max: number) => z.string().trim().max(max);
const opt = (max: number) => s(max).optional();
const list = <T extends z.ZodType>(item: T) => z.array(item).max(MAX_ITEMS).optional();

// Inner objects are lenient (unknown keys dropped): documents come from many JSON Resume tools.
const Basics = z.object({
  name: opt(200),
  label: opt(200),
  image: opt(500),
  email: opt(254),
  phone: opt(40),
  url: HttpUrl.optional().or(z.literal("")),
  summary: opt(5000),
  location: z
    .object({
      address: opt(200),
      postalCode: opt(20),
      city: opt(100),
      countryCode: opt(10),
      region: opt(100),
    })
    .optional(),
  profiles: z
    .array(z.object({ network: opt(50), username: opt(100), url: opt(500) }))
    .max(20)
    .optional(),
});

const Work = z.object({
  name: s(200).min(1),
  position: s(200).min(1),
  location: opt(200),
  startDate: PartialDate,
  endDate: PartialDate.optional(),
  summary: opt(5000),
  highlights: z.array(s(500)).max(30).optional(),
});

const Education = z.object({
  institution: s(200).min(1),
  area: opt(200),
  studyType: opt(200),
  startDate: PartialDate,
  endDate: PartialDate.optional(),
  score: opt(100),
});

const Certificate = z.object({
  name: s(200).min(1),
  date: PartialDate,
  issuer: s(200).min(1),
  url: HttpUrl.optional(),
});

const Skill = z.object({
  name: s(60).min(1),
  level: opt(40),
  keywords: z.array(s(60).min(1)).max(30).optional(),
});

const Project = z.object({
  name: s(200).min(1),
  description: opt(5000),
  url: HttpUrl.optional(),
  keywords: z.array(s(60).min(1)).max(30).optional(),
});

export const JsonResumeDocument = z
  .object({
    $schema: z.string().max(500).optional(),
    basics: Basics.optional(),
    work: list(Work),
    volunteer: z.array(z.unknown()).optional(),
    education: list(Education),
    awards: z.array(z.unknown()).optional(),
    certificates: list(Certificate),
    publications: z.array(z.unknown()).optional(),
    skills: list(Skill),
    languages: z.array(z.unknown()).optional(),
    interests: z.array(z.unknown()).optional(),
    references: z.array(z.unknown()).optional(),
    projects: list(Project),
    meta: z.record(z.string(), z.unknown()).optional(),
  })
  .strict()
  .openapi("JsonResume", {
    description:
      "A JSON Resume document (jsonresume.org, v1.0.0). Top-level keys are checked; sections without a profile " +
      "counterpart (volunteer, awards, publications, languages, interests, references) are accepted and ignored.",
  });
export type JsonResumeDocument = z.infer<typeof JsonResumeDocument>;
