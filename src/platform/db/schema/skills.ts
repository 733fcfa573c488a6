import { index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";

/**
 * How a name or alias may be found in free text (resume parsing): `any` case
 * insensitively, `case` only written exactly as stored (Go, R, REST: they are
 * also ordinary words or letters), `never` (autocomplete/normalisation only).
 */
export const TEXT_MATCH_MODES = ["any", "case", "never"] as const;

export type TextMatchMode = (typeof TEXT_MATCH_MODES)[number];

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
    textMatch: text({ enum: TEXT_MATCH_MODES }).notNull().default("any"),
  },
  (t) => [uniqueIndex("skills_slug_unique").on(t.slug), index("skills_popularity_idx").on(t.popularity)],
);

export const skillAliases = sqliteTable(
  "skill_aliases",
  {
    /** Lower-cased alias, e.g. `js`, `k8s`, `postgres`. */
    alias: text().primaryKey(),
    /** The alias as written in the taxonomy (the casing `case` mode requires); null = same as `alias`. */
    label: text(),
    skillId: text()
      .notNull()
      .references(() => skills.id, { onDelete: "cascade" }),
    textMatch: text({ enum: TEXT_MATCH_MODES }).notNull().default("any"),
  },
  (t) => [index("skill_aliases_skill_idx").on(t.skillId)],
);

export type SkillRow = typeof skills.$inferSelect;

export type SkillAliasRow = typeof skillAliases.$inferSelect;
