/** The categories module's tables. */
import { index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";

/** The category tree (adjacency list). */
export const categories = sqliteTable(
  "categories",
  {
    id: text().primaryKey(),
    parentId: text(),
    name: text().notNull(),
    slug: text().notNull(),
    position: integer().notNull().default(0),
    createdAt: integer().notNull(),
    updatedAt: integer().notNull(),
  },
  (t) => [uniqueIndex("categories_slug_unique").on(t.slug), index("categories_parent_idx").on(t.parentId)],
);

export type CategoryRow = typeof categories.$inferSelect;
