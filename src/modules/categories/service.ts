/**
 * The category tree (adjacency list, small: fetched whole). Public reads come
 * from one cache entry (`categories.tree`) holding the tree with job counts;
 * every admin change invalidates it, and a short TTL bounds how stale job
 * counts can get as jobs are published (the jobs module may also call
 * `invalidateCategoryCache`).
 */

import { and, eq, inArray, or, type SQL, sql } from "drizzle-orm";
import type { BatchItem } from "drizzle-orm/batch";
import { isUniqueViolation } from "../../http/db-errors";
import { ApiError, badRequest, notFound } from "../../http/problem";
import { newId } from "../../lib/ids";
import { invalidate, kvCache } from "../../platform/cache";
import type { Db } from "../../platform/db/client";
import { type CategoryRow, categories, jobs } from "../../platform/db/schema";
import { firstFreeSlug, slugFamily, slugify } from "../../platform/db/slug";
import type { AuthContext } from "../../platform/env";
import { auditInsert } from "../audit";
import { recategorizeStatement } from "../jobs";
import type { CategoryNode, CreateCategoryInput, UpdateCategoryInput } from "./schemas";

const treeCache = kvCache<CategoryNode[]>()("categories.tree");

/** Builds the tree with job counts that include every sub-category. */
export async function buildTree(db: Db): Promise<CategoryNode[]> {
  const [rows, counts] = await Promise.all([
    db.select().from(categories),
    db
      .select({ categoryId: jobs.categoryId, n: sql<number>`count(*)` })
      .from(jobs)
      .where(and(eq(jobs.status, "published"), sql`${jobs.categoryId} IS NOT NULL`))
      .groupBy(jobs.categoryId),
  ]);
  const direct = new Map(counts.map((c) => [c.categoryId, c.n]));
  const nodes = new Map<string, CategoryNode>(
    rows.map((r) => [
      r.id,
      { id: r.id, name: r.name, slug: r.slug, parent_id: r.parentId, position: r.position, job_count: 0, children: [] },
    ]),
  );
  const roots: CategoryNode[] = [];
  for (const node of nodes.values()) {
    const parent = node.parent_id ? nodes.get(node.parent_id) : undefined;
    (parent ? parent.children : roots).push(node);
  }
  const finish = (list: CategoryNode[]): number => {
    list.sort((a, b) => a.position - b.position || a.name.localeCompare(b.name));
    let total = 0;
    for (const n of list) {
      n.job_count = (direct.get(n.id) ?? 0) + finish(n.children);
      total += n.job_count;
    }
    return total;
  };
  finish(roots);
  return roots;
}

/** The tree from the cache, or built and stored. */
export async function cachedTree(db: Db, kv: KVNamespace): Promise<CategoryNode[]> {
  return (await treeCache.readThrough({ CACHE: kv }, undefined, () => buildTree(db))).value;
}

export async function invalidateCategoryCache(kv: KVNamespace): Promise<void> {
  await invalidate({ CACHE: kv }, "categories.tree", undefined);
}

/** A node by id or slug from the cached tree, with its ancestors (root first). */
export async function getCategoryNode(db: Db, kv: KVNamespace, idOrSlug: string) {
  const tree = await cachedTree(db, kv);
  const walk = (list: CategoryNode[], path: CategoryNode[]): { node: CategoryNode; path: CategoryNode[] } | null => {
    for (const n of list) {
      if (n.id === idOrSlug || n.slug === idOrSlug) return { node: n, path };
      const found = walk(n.children, [...path, n]);
      if (found) return found;
    }
    return null;
  };
  const found = walk(tree, []);
  if (!found) throw notFound("Category");
  return { ...found.node, ancestors: found.path.map((p) => ({ id: p.id, name: p.name, slug: p.slug })) };
}

async function findCategory(db: Db, idOrSlug: string): Promise<CategoryRow | undefined> {
  return db
    .select()
    .from(categories)
    .where(or(eq(categories.id, idOrSlug), eq(categories.slug, idOrSlug)))
    .get();
}

/**
 * A SELECT of the ids of a category (given by id or slug, bound twice as the
 * two `?`) and of every category below it: a recursive walk down
 * `categories_parent_idx`, starting from the primary key or the slug index.
 * The one definition of "a category includes its sub-categories": the jobs
 * search inlines it as a subquery (`category_id IN (…)`), so a filter costs no
 * extra round trip.
 */
export const CATEGORY_SUBTREE_SQL =
  "WITH RECURSIVE tree(id) AS (SELECT id FROM categories WHERE id = ? OR slug = ? UNION SELECT k.id FROM categories k JOIN tree ON k.parent_id = tree.id) SELECT id FROM tree";

/** Ids of the category and every category below it. Unknown id or slug → `[]`. */
export async function categoryWithDescendants(db: Db, idOrSlug: string): Promise<string[]> {
  const { results } = await db.$client.prepare(CATEGORY_SUBTREE_SQL).bind(idOrSlug, idOrSlug).all<{ id: string }>();
  return results.map((r) => r.id);
}

/** SQL condition: `candidate` is not `id` nor any category below it. */
const notInSubtree = (id: string, candidate: string): SQL => sql`${candidate} NOT IN (
  WITH RECURSIVE sub(id) AS (
    SELECT ${id}
    UNION
    SELECT c.id FROM categories c JOIN sub ON c.parent_id = sub.id
  )
  SELECT id FROM sub)`;

async function requireParent(db: Db, parentId: string): Promise<CategoryRow> {
  const parent = await db.select().from(categories).where(eq(categories.id, parentId)).get();
  if (!parent) throw badRequest("The parent category does not exist.", [{ path: "parent_id", message: "Not found." }]);
  return parent;
}

const slugTaken = () => new ApiError(409, "slug-taken", "Another category already uses this slug.");

export async function createCategory(db: Db, input: CreateCategoryInput): Promise<CategoryRow> {
  if (input.parent_id) await requireParent(db, input.parent_id);
  let slug = input.slug;
  if (!slug) {
    const base = slugify(input.name, "category");
    const taken = await db.select({ slug: categories.slug }).from(categories).where(slugFamily(categories.slug, base));
    slug = firstFreeSlug(
      base,
      taken.map((t) => t.slug),
    );
  }
  const now = Date.now();
  const row: CategoryRow = {
    id: newId(now),
    parentId: input.parent_id ?? null,
    name: input.name,
    slug,
    position: input.position ?? 0,
    createdAt: now,
    updatedAt: now,
  };
  try {
    await db.insert(categories).values(row);
  } catch (err) {
    if (isUniqueViolation(err, "slug")) throw slugTaken();
    throw err;
  }
  return row;
}

/**
 * Renames or moves a category. A move under itself or a descendant would
 * make a cycle: refused (`409`) by a check inside the UPDATE itself, so two
 * concurrent moves cannot build a loop between them.
 */
export async function updateCategory(db: Db, id: string, input: UpdateCategoryInput): Promise<CategoryRow> {
  const existing = await db.select().from(categories).where(eq(categories.id, id)).get();
  if (!existing) throw notFound("Category");
  const set: Partial<CategoryRow> = { updatedAt: Date.now() };
  if (input.name !== undefined) set.name = input.name;
  if (input.slug !== undefined) set.slug = input.slug;
  if (input.position !== undefined) set.position = input.position;
  const where: SQL[] = [eq(categories.id, id)];
  if (input.parent_id !== undefined) {
    set.parentId = input.parent_id;
    if (input.parent_id !== null) {
      await requireParent(db, input.parent_id);
      where.push(notInSubtree(id, input.parent_id));
    }
  }
  let row: CategoryRow | undefined;
  try {
    row = await db
      .update(categories)
      .set(set)
      .where(and(...where))
      .returning()
      .get();
  } catch (err) {
    if (isUniqueViolation(err, "slug")) throw slugTaken();
    throw err;
  }
  if (!row) {
    throw new ApiError(409, "category-cycle", "A category cannot be moved under itself or one of its sub-categories.");
  }
  return row;
}

/**
 * Deletes a category. Its sub-categories move up to its parent. Jobs filed
 * directly under it must go somewhere: without `reassign_to` that is a `409`.
 */
export async function deleteCategory(db: Db, auth: AuthContext, id: string, reassignTo?: string): Promise<void> {
  const existing = await db.select().from(categories).where(eq(categories.id, id)).get();
  if (!existing) throw notFound("Category");
  let target: CategoryRow | undefined;
  if (reassignTo !== undefined) {
    target = await findCategory(db, reassignTo);
    if (!target || target.id === id) {
      throw badRequest("`reassign_to` must name another existing category.", [
        { path: "reassign_to", message: "Not a different, existing category." },
      ]);
    }
  } else {
    const used = await db.select({ id: jobs.id }).from(jobs).where(eq(jobs.categoryId, id)).limit(1).get();
    if (used) {
      throw new ApiError(
        409,
        "category-has-jobs",
        "Jobs are filed under this category; pass `?reassign_to=` with the category that should receive them.",
      );
    }
  }
  const now = Date.now();
  const statements: BatchItem<"sqlite">[] = [];
  if (target) {
    statements.push(recategorizeStatement(db, id, target.id, now));
  }
  statements.push(
    db.update(categories).set({ parentId: existing.parentId, updatedAt: now }).where(eq(categories.parentId, id)),
    db.delete(categories).where(eq(categories.id, id)),
    auditInsert(
      db,
      {
        actor: auth,
        action: "category.delete",
        targetType: "category",
        targetId: id,
        data: { slug: existing.slug, reassigned_to: target?.id ?? null },
      },
      now,
    ),
  );
  await db.batch(statements as [BatchItem<"sqlite">, ...BatchItem<"sqlite">[]]);
}

/** Rows by id, for modules that show a job's category (`IN` queries of ≤ 100 bound ids). */
export async function categoriesByIds(db: Db, ids: string[]): Promise<CategoryRow[]> {
  const unique = [...new Set(ids)];
  const out: CategoryRow[] = [];
  for (let i = 0; i < unique.length; i += 100) {
    out.push(
      ...(await db
        .select()
        .from(categories)
        .where(inArray(categories.id, unique.slice(i, i + 100)))),
    );
  }
  return out;
}

/** Category ids by slug, for the slugs that exist (one query; the tree is small, ≤ 100 slugs a call). */
export async function categoryIdsBySlug(db: Db, slugs: string[]): Promise<Map<string, string>> {
  const unique = [...new Set(slugs)].slice(0, 100);
  if (!unique.length) return new Map();
  const rows = await db
    .select({ id: categories.id, slug: categories.slug })
    .from(categories)
    .where(inArray(categories.slug, unique));
  return new Map(rows.map((r) => [r.slug, r.id]));
}
