import { z } from "@hono/zod-openapi";
import { SLUG_RE } from "../../platform/db/slug";

export interface CategoryNode {
  id: string;
  name: string;
  slug: string;
  parent_id: string | null;
  position: number;
  job_count: number;
  children: CategoryNode[];
}

export const CategoryNodeSchema: z.ZodType<CategoryNode> = z
  .object({
    id: z.string().openapi({ example: "cat_backend" }),
    name: z.string().openapi({ example: "Backend" }),
    slug: z.string().openapi({ example: "backend" }),
    parent_id: z.string().nullable().openapi({ example: "cat_engineering" }),
    position: z.number().int(),
    job_count: z.number().int().openapi({ description: "Published jobs in this category and all below it." }),
    get children() {
      return z.array(CategoryNodeSchema);
    },
  })
  .openapi("Category");

export const CategoryTreeSchema = z.array(CategoryNodeSchema).openapi("CategoryTree");

export const CategoryDetailSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    slug: z.string(),
    parent_id: z.string().nullable(),
    position: z.number().int(),
    job_count: z.number().int(),
    children: z.array(CategoryNodeSchema),
    ancestors: z
      .array(z.object({ id: z.string(), name: z.string(), slug: z.string() }))
      .openapi({ description: "From the root down to the parent (breadcrumbs)." }),
  })
  .openapi("CategoryDetail");

const slug = z
  .string()
  .trim()
  .toLowerCase()
  .max(60)
  .regex(SLUG_RE, "Lower-case letters and digits separated by single dashes")
  .openapi({ example: "site-reliability" });

export const CreateCategoryBody = z
  .object({
    name: z.string().trim().min(2).max(80).openapi({ example: "Site Reliability" }),
    slug: slug.optional().openapi({ description: "Derived from the name when omitted." }),
    parent_id: z.string().min(1).max(100).nullable().optional(),
    position: z.number().int().min(0).max(10_000).optional(),
  })
  .strict()
  .openapi("CreateCategoryRequest");

export const UpdateCategoryBody = z
  .object({
    name: z.string().trim().min(2).max(80).optional(),
    slug: slug.optional(),
    parent_id: z.string().min(1).max(100).nullable().optional().openapi({ description: "`null` moves it to the top." }),
    position: z.number().int().min(0).max(10_000).optional(),
  })
  .strict()
  .openapi("UpdateCategoryRequest");

export type CreateCategoryInput = z.infer<typeof CreateCategoryBody>;
export type UpdateCategoryInput = z.infer<typeof UpdateCategoryBody>;

export const IdOrSlugParam = z.object({
  id: z.string().min(1).max(100).openapi({ description: "The id or the slug.", example: "engineering" }),
});
export const IdParam = z.object({ id: z.string().min(1).max(100) });
export const DeleteCategoryQuery = z.object({
  reassign_to: z
    .string()
    .min(1)
    .max(100)
    .optional()
    .openapi({ description: "Id or slug of the category that receives this category's jobs." }),
});
