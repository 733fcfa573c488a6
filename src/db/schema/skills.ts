import { index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";

/** The skills taxonomy: canonical names with a category; aliases map variants onto them. */
export const skills = sqliteTable(
  "skills",
  {
    id: text().primaryKey(),
    name: text().notNull(),
    /** Lower-cased canonical name, the key everything normalises to. */
    slug: text().notNull(),
    category: text().notNull(),
    /** How many jobs and profiles use it; ranks autocomplete. */
    popularity: integer().notNull().default(0),
  },
  (t) => [uniqueIndex("skills_slug_unique").on(t.slug), index("skills_popularity_idx").on(t.popularity)],
);

export const skillAliases = sqliteTable("skill_aliases", {
  /** Lower-cased alias, e.g. `js`, `k8s`, `postgres`. */
  alias: text().primaryKey(),
  skillId: text()
    .notNull()
    .references(() => skills.id, { onDelete: "cascade" }),
});

export type SkillRow = typeof skills.$inferSelect;
