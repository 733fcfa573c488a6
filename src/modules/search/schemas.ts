/** The search query string of `GET /jobs` and the search/suggest responses. */

import { z } from "@hono/zod-openapi";
import { Page } from "../../http/pagination";
import { EXPERIENCE_LEVELS, INGESTION_KINDS, JOB_TYPES } from "../../platform/db/schema";
import { JobSummarySchema } from "../jobs";

export const SORTS = ["relevance", "newest", "salary_desc", "salary_asc"] as const;
export const FACETS = ["category", "job_type", "experience_level", "location", "remote", "company", "salary"] as const;
export type SortName = (typeof SORTS)[number];
/** At most this many featured jobs are pinned above a search's first page (`pinned`). */
export const PIN_LIMIT = 3;
export type FacetName = (typeof FACETS)[number];

/** A comma list whose every item must be one of `allowed`. */
function enumList<const T extends readonly string[]>(allowed: T, example: string) {
  return z
    .string()
    .max(500)
    .optional()
    .transform((v, ctx) => {
      if (v === undefined || v.trim() === "") return undefined;
      const items = [...new Set(v.split(",").map((s) => s.trim().toLowerCase()))].filter(Boolean);
      for (const item of items) {
        if (!allowed.includes(item)) {
          ctx.addIssue({
            code: "custom",
            message: `unknown value "${item.slice(0, 40)}"; allowed: ${allowed.join(", ")}`,
          });
          return z.NEVER;
        }
      }
      return items as T[number][];
    })
    .openapi({ type: "string", example, description: `Comma list of: ${allowed.join(", ")}` });
}

const bool = z
  .enum(["true", "false"])
  .optional()
  .transform((v) => (v === undefined ? undefined : v === "true"));
const int = (min: number, max: number) => z.coerce.number().int().min(min).max(max).optional();
const text = (max: number) =>
  z
    .string()
    .max(max)
    .optional()
    .transform((v) => (v === undefined || v.trim() === "" ? undefined : v.trim()));

export const SearchQuery = z
  .object({
    q: text(2000).openapi({ description: "Full text over title, skills, company, category and description" }),
    category: text(100).openapi({ description: "Category id or slug; includes sub-categories" }),
    company: text(100).openapi({ description: "Company id or slug" }),
    location: text(200).openapi({ description: "City, region or country (comma-separated parts all match)" }),
    lat: z.coerce.number().min(-90).max(90).optional(),
    lng: z.coerce.number().min(-180).max(180).optional(),
    radius_km: z.coerce.number().positive().max(1000).optional().openapi({ description: "Default 50" }),
    remote: bool.openapi({ type: "string", enum: ["true", "false"] }),
    job_type: enumList(JOB_TYPES, "full_time,contract"),
    experience_level: enumList(EXPERIENCE_LEVELS, "mid,senior"),
    salary_min: int(0, 100_000_000).openapi({ description: "Yearly amount; hour×2080, day×260, week×52, month×12" }),
    salary_max: int(0, 100_000_000),
    currency: z
      .string()
      .regex(/^[A-Za-z]{3}$/)
      .optional()
      .transform((v) => v?.toUpperCase()),
    skills: z
      .string()
      .max(500)
      .optional()
      .transform((v) =>
        v === undefined
          ? undefined
          : [...new Set(v.split(",").map((s) => s.trim().toLowerCase()))].filter(Boolean).slice(0, 10),
      )
      .openapi({ type: "string", example: "go,kubernetes", description: "All listed skills are required (max 10)" }),
    posted_within: int(1, 365).openapi({ description: "Days" }),
    featured: bool.openapi({ type: "string", enum: ["true", "false"] }),
    source: z
      .enum([...INGESTION_KINDS, "imported", "direct"])
      .optional()
      .openapi({
        description:
          "Imported jobs of one source kind (`greenhouse`, `adzuna`…), any imported job (`imported`), or only jobs posted here (`direct`)",
      }),
    sort: z.enum(SORTS).optional().openapi({ description: "`relevance` (default with q) or `newest` (default)" }),
    facets: enumList(FACETS, "job_type,salary"),
    limit: int(1, 100).openapi({ description: "1..100, default 20" }),
    cursor: z.string().max(500).optional(),
  })
  .refine((v) => (v.lat === undefined) === (v.lng === undefined), { message: "lat and lng go together", path: ["lat"] })
  .refine((v) => v.radius_km === undefined || v.lat !== undefined, {
    message: "radius_km needs lat and lng",
    path: ["radius_km"],
  })
  .refine((v) => v.salary_min === undefined || v.salary_max === undefined || v.salary_min <= v.salary_max, {
    message: "salary_min must not exceed salary_max",
    path: ["salary_min"],
  });
export type SearchQueryInput = z.infer<typeof SearchQuery>;

const FacetValue = z
  .object({
    value: z.string(),
    label: z.string().optional(),
    count: z.number().int(),
    min: z.number().int().optional(),
    max: z.number().int().nullable().optional(),
  })
  .openapi("FacetValue");

export const SearchResponse = Page(JobSummarySchema, {
  total: z
    .number()
    .int()
    .openapi({
      description:
        "Exact when `total_is_estimate` is false. Filtered searches count at most 1 000 matches; beyond that " +
        "`total` is 1 000 and `total_is_estimate` is true (show it as “1 000+”).",
    }),
  total_is_estimate: z.boolean(),
  facets: z.record(z.string(), z.array(FacetValue)).optional(),
  facets_are_estimates: z
    .boolean()
    .optional()
    .openapi({
      description:
        "With `facets`: false when every facet is an exact count. True when a filtered search had more than " +
        "600 candidate jobs: its facets were then counted over a sample of them (`facet_sample_size` jobs, spread " +
        "evenly over the whole index), so show them as proportions. Facets of the unfiltered list are always exact.",
    }),
  facet_sample_size: z
    .number()
    .int()
    .optional()
    .openapi({ description: "With `facets_are_estimates: true`: how many matching jobs the sample holds (≤ 600)." }),
  corrected_query: z.string().optional().openapi({ description: "Set when typos were corrected to find results" }),
  pinned: z
    .array(JobSummarySchema)
    .max(PIN_LIMIT)
    .optional()
    .openapi({
      description:
        `First page only (no \`cursor\`), and not with \`featured=…\`: up to ${PIN_LIMIT} currently featured jobs matching the ` +
        "query and filters (newest first), to show above `data`: featured upgrades are pinned in search. " +
        "Additive: `data`, `total` and the cursors are those of the plain search, so a pinned job may also " +
        "appear in `data` (skip it there when showing both). Only the 100 newest featured jobs are considered.",
    }),
}).openapi("JobSearchResult");

export const SuggestQuery = z.object({ q: z.string().max(200).default("") });
export const SuggestResponse = z
  .object({
    data: z.array(z.object({ type: z.enum(["title", "company", "skill", "location"]), value: z.string() })).max(10),
    corrected_query: z.string().optional(),
  })
  .openapi("JobSuggestions");
