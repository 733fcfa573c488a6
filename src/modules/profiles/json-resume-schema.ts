/** The JSON Resume v1.0.0 document as accepted by `PUT /profile/json-resume`. */
import { z } from "@hono/zod-openapi";
import { PartialDate } from "./dates";
import { MAX_ITEMS } from "./sections";

const s = (max: number) => z.string().trim().max(max);
const opt = (max: number) => s(max).optional();
const list = <T extends z.ZodType>(item: T) => z.array(item).max(MAX_ITEMS).optional();
// URLs are plain strings here: the importer adds a missing `https://` (the official sample has
// `"url": "missdirection.example.com"`) and then checks the mapped ones (json-resume.ts).
const url = opt(500);

// Inner objects are loose: fields the profile has no column for (work `url`, education `courses`,
// project `roles`, …) are kept verbatim and given back on export (json-resume-merge.ts).
const Basics = z.looseObject({
  name: opt(200),
  label: opt(200),
  image: opt(500),
  email: opt(254),
  phone: opt(40),
  url,
  summary: opt(5000),
  location: z
    .looseObject({
      address: opt(200),
      postalCode: opt(20),
      city: opt(100),
      countryCode: opt(10),
      region: opt(100),
    })
    .optional(),
  profiles: z
    .array(z.looseObject({ network: opt(50), username: opt(100), url }))
    .max(20)
    .optional(),
});

const Work = z.looseObject({
  name: s(200).min(1),
  position: s(200).min(1),
  location: opt(200),
  url,
  startDate: PartialDate,
  endDate: PartialDate.optional(),
  summary: opt(5000),
  highlights: z.array(s(500)).max(30).optional(),
});

const Education = z.looseObject({
  institution: s(200).min(1),
  url,
  area: opt(200),
  studyType: opt(200),
  startDate: PartialDate,
  endDate: PartialDate.optional(),
  score: opt(100),
  courses: z.array(s(200)).max(50).optional(),
});

const Certificate = z.looseObject({
  name: s(200).min(1),
  date: PartialDate,
  issuer: s(200).min(1),
  url,
});

const Skill = z.looseObject({
  name: s(60).min(1),
  level: opt(40),
  keywords: z.array(s(60).min(1)).max(30).optional(),
});

const Project = z.looseObject({
  name: s(200).min(1),
  description: opt(5000),
  url,
  keywords: z.array(s(60).min(1)).max(30).optional(),
});

export const JsonResumeDocument = z
  .object({
    $schema: z.string().max(500).optional(),
    basics: Basics.optional(),
    work: list(Work),
    volunteer: z.array(z.unknown()).max(MAX_ITEMS).optional(),
    education: list(Education),
    awards: z.array(z.unknown()).max(MAX_ITEMS).optional(),
    certificates: list(Certificate),
    publications: z.array(z.unknown()).max(MAX_ITEMS).optional(),
    skills: list(Skill),
    languages: z.array(z.unknown()).max(MAX_ITEMS).optional(),
    interests: z.array(z.unknown()).max(MAX_ITEMS).optional(),
    references: z.array(z.unknown()).max(MAX_ITEMS).optional(),
    projects: list(Project),
    meta: z.record(z.string(), z.unknown()).optional(),
  })
  .strict()
  .openapi("JsonResume", {
    description:
      "A JSON Resume document (jsonresume.org, v1.0.0). Top-level keys are checked (the official schema allows no " +
      "others); what the profile has no field for (volunteer, awards, publications, languages, interests, " +
      "references, work urls, courses, project roles, address parts, other social profiles, …) is kept verbatim " +
      "and returned by the export.",
  });
export type JsonResumeDocument = z.infer<typeof JsonResumeDocument>;
