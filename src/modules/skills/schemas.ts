import { z } from "@hono/zod-openapi";

export const SkillsQuery = z
  .object({
    q: z
      .string()
      .max(60)
      .optional()
      .openapi({ description: "Prefix of a skill name or alias (`kub`, `k8s`, `postg`)", example: "k8s" }),
    limit: z.coerce.number().int().min(1).max(25).default(10).openapi({ example: 10 }),
  })
  .strict();

export const SkillSuggestionSchema = z
  .object({
    id: z.string().openapi({ example: "skill_kubernetes" }),
    name: z.string().openapi({ example: "Kubernetes" }),
    slug: z.string().openapi({ example: "kubernetes" }),
    category: z.string().openapi({ example: "Cloud and DevOps" }),
    popularity: z.number().int().openapi({ description: "Jobs and profiles using the skill", example: 42 }),
    matched_alias: z
      .string()
      .nullable()
      .openapi({ description: "The alias the query matched, if any", example: "k8s" }),
  })
  .openapi("SkillSuggestion");

export const SkillSuggestionList = z.object({ data: z.array(SkillSuggestionSchema) }).openapi("SkillSuggestionList");
