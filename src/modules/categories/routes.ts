import { z } from "@hono/zod-openapi";
import { requireRole } from "../../http/access";
import { createRouter, defineRoute, errorResponses, jsonBody, jsonResponse } from "../../http/openapi";
import { toIso } from "../../lib/time";
import {
  CategoryDetailSchema,
  CategoryTreeSchema,
  CreateCategoryBody,
  DeleteCategoryQuery,
  IdOrSlugParam,
  IdParam,
  UpdateCategoryBody,
} from "./schemas";
import * as categories from "./service";

const tags = ["Categories"];

/** Mounted at `/api/v1/categories`. */
export const categoriesRouter = createRouter();

const PUBLIC_CACHE = "public, max-age=60";

categoriesRouter.openapi(
  defineRoute({
    method: "get",
    path: "/",
    access: { public: true },
    operationId: "listCategories",
    tags,
    summary: "The category tree",
    description: "Each node's `job_count` includes the published jobs of all its sub-categories.",
    // No parameters; declared (empty, hence strict) so `?anything` is a 400 like on every other list.
    request: { query: z.object({}) },
    responses: { 200: jsonResponse(CategoryTreeSchema, "Top-level categories with their children") },
  }),
  async (c) => {
    const tree = await categories.cachedTree(c.get("db"), c.env.CACHE);
    return c.json(tree, 200, { "Cache-Control": PUBLIC_CACHE });
  },
);

categoriesRouter.openapi(
  defineRoute({
    method: "get",
    path: "/{id}",
    access: { public: true },
    etag: true,
    operationId: "getCategory",
    tags,
    summary: "One category with its sub-tree and ancestors",
    request: { params: IdOrSlugParam },
    responses: {
      200: jsonResponse(CategoryDetailSchema, "The category"),
      ...errorResponses(404),
    },
  }),
  async (c) => {
    const node = await categories.getCategoryNode(c.get("db"), c.env.CACHE, c.req.valid("param").id);
    return c.json(node, 200, { "Cache-Control": PUBLIC_CACHE });
  },
);

const CategoryRowSchema = CategoryDetailSchema.pick({
  id: true,
  name: true,
  slug: true,
  parent_id: true,
  position: true,
})
  .extend({ created_at: z.string() })
  .openapi("CategoryRecord");

function presentRow(r: {
  id: string;
  name: string;
  slug: string;
  parentId: string | null;
  position: number;
  createdAt: number;
}) {
  return {
    id: r.id,
    name: r.name,
    slug: r.slug,
    parent_id: r.parentId,
    position: r.position,
    created_at: toIso(r.createdAt),
  };
}

categoriesRouter.openapi(
  defineRoute({
    method: "post",
    path: "/",
    access: { roles: ["admin"], scope: "admin:write" },
    operationId: "createCategory",
    tags,
    summary: "Create a category (admins)",
    request: { body: jsonBody(CreateCategoryBody) },
    responses: { 201: jsonResponse(CategoryRowSchema, "The category"), ...errorResponses(400, 401, 403, 409) },
  }),
  async (c) => {
    requireRole(c, "admin");
    const row = await categories.createCategory(c.get("db"), c.req.valid("json"));
    await categories.invalidateCategoryCache(c.env.CACHE);
    return c.json(presentRow(row), 201);
  },
);

categoriesRouter.openapi(
  defineRoute({
    method: "patch",
    path: "/{id}",
    access: { roles: ["admin"], scope: "admin:write" },
    operationId: "updateCategory",
    tags,
    summary: "Rename or move a category (admins)",
    description: "Moving a category under itself or one of its sub-categories is a `409`.",
    request: { params: IdParam, body: jsonBody(UpdateCategoryBody) },
    responses: { 200: jsonResponse(CategoryRowSchema, "The category"), ...errorResponses(400, 401, 403, 404, 409) },
  }),
  async (c) => {
    requireRole(c, "admin");
    const row = await categories.updateCategory(c.get("db"), c.req.valid("param").id, c.req.valid("json"));
    await categories.invalidateCategoryCache(c.env.CACHE);
    return c.json(presentRow(row), 200);
  },
);

categoriesRouter.openapi(
  defineRoute({
    method: "delete",
    path: "/{id}",
    access: { roles: ["admin"], scope: "admin:write" },
    operationId: "deleteCategory",
    tags,
    summary: "Delete a category (admins)",
    description:
      "Sub-categories move up to the deleted category's parent. A category with jobs needs `?reassign_to=` (`409` otherwise).",
    request: { params: IdParam, query: DeleteCategoryQuery },
    responses: { 204: { description: "Deleted" }, ...errorResponses(400, 401, 403, 404, 409) },
  }),
  async (c) => {
    const caller = requireRole(c, "admin");
    await categories.deleteCategory(c.get("db"), caller, c.req.valid("param").id, c.req.valid("query").reassign_to);
    await categories.invalidateCategoryCache(c.env.CACHE);
    return c.body(null, 204);
  },
);
