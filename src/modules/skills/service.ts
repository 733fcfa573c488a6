/**
 * The skills taxonomy: autocomplete, name normalisation (used by profiles and
 * jobs) and the popularity counters that rank autocomplete.
 */
import { desc, eq, inArray, sql } from "drizzle-orm";
import type { Db } from "../../platform/db/client";
import { skillAliases, skills } from "../../platform/db/schema";
import { cleanSkillName, prefixEnd, skillSlug } from "./normalize";

export interface SkillSuggestion {
  id: string;
  name: string;
  slug: string;
  category: string;
  popularity: number;
  /** The alias the query matched, when it matched an alias rather than the name. */
  matchedAlias: string | null;
}

/**
 * Prefix search over canonical names and aliases. Both branches are range
 * scans on unique indexes (`skills.slug`, `skill_aliases.alias`); an exact
 * match comes first, then popularity, then shorter names.
 */
export async function autocomplete(db: Db, q: string | undefined, limit: number): Promise<SkillSuggestion[]> {
  const prefix = q === undefined ? "" : skillSlug(q);
  if (!prefix) {
    const rows = await db.select().from(skills).orderBy(desc(skills.popularity), skills.name).limit(limit);
    return rows.map((r) => ({ ...pick(r), matchedAlias: null }));
  }
  const end = prefixEnd(prefix);
  const rows = await db.all<{
    id: string;
    name: string;
    slug: string;
    category: string;
    popularity: number;
    matched_alias: string | null;
    exact: number;
  }>(sql`
    SELECT id, name, slug, category, popularity, MIN(matched_alias) AS matched_alias, MAX(exact) AS exact FROM (
      SELECT s.id, s.name, s.slug, s.category, s.popularity, NULL AS matched_alias, s.slug = ${prefix} AS exact
        FROM skills s WHERE s.slug >= ${prefix} AND s.slug < ${end}
      UNION ALL
      SELECT s.id, s.name, s.slug, s.category, s.popularity, a.alias AS matched_alias, a.alias = ${prefix} AS exact
        FROM skill_aliases a JOIN skills s ON s.id = a.skill_id
        WHERE a.alias >= ${prefix} AND a.alias < ${end}
    )
    GROUP BY id
    ORDER BY exact DESC, popularity DESC, length(name), name
    LIMIT ${limit}
  `);
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    slug: r.slug,
    category: r.category,
    popularity: r.popularity,
    // A name match beats an alias match: only report the alias when the name itself did not match.
    matchedAlias: r.slug.startsWith(prefix) ? null : r.matched_alias,
  }));
}

function pick(r: typeof skills.$inferSelect) {
  return { id: r.id, name: r.name, slug: r.slug, category: r.category, popularity: r.popularity };
}

export interface NormalizedSkill {
  /** Taxonomy id, or null for a name outside the taxonomy. */
  skillId: string | null;
  /** Canonical name (taxonomy) or the cleaned name as typed. */
  name: string;
  /** Taxonomy slug, or the lower-cased name as typed: the key stored with jobs and profiles. */
  slug: string;
}

/**
 * Maps names as typed onto the taxonomy by canonical name or alias
 * (`js` → JavaScript, `k8s` → Kubernetes); unknown names are kept as typed.
 * The result has one entry per input, in input order. Two queries per 90 names.
 */
export async function normalizeSkillNames(db: Db, names: string[]): Promise<NormalizedSkill[]> {
  const keys = [...new Set(names.map(skillSlug).filter(Boolean))];
  const found = new Map<string, { id: string; name: string; slug: string }>();
  for (let i = 0; i < keys.length; i += 90) {
    const chunk = keys.slice(i, i + 90);
    const [direct, viaAlias] = await db.batch([
      db
        .select({ id: skills.id, name: skills.name, slug: skills.slug })
        .from(skills)
        .where(inArray(skills.slug, chunk)),
      db
        .select({ alias: skillAliases.alias, id: skills.id, name: skills.name, slug: skills.slug })
        .from(skillAliases)
        .innerJoin(skills, eq(skills.id, skillAliases.skillId))
        .where(inArray(skillAliases.alias, chunk)),
    ]);
    for (const a of viaAlias) found.set(a.alias, { id: a.id, name: a.name, slug: a.slug });
    for (const s of direct) found.set(s.slug, s);
  }
  return names.map((raw) => {
    const key = skillSlug(raw);
    const hit = found.get(key);
    return hit
      ? { skillId: hit.id, name: hit.name, slug: hit.slug }
      : { skillId: null, name: cleanSkillName(raw), slug: key };
  });
}

/**
 * Statements that move popularity counters when a profile's (or job's) skill
 * set changes, for the caller's `db.batch`; the hourly recount corrects drift.
 */
export function popularityDeltaStatements(db: Db, added: string[], removed: string[]) {
  const out = [];
  for (let i = 0; i < added.length; i += 90) {
    out.push(
      db
        .update(skills)
        .set({ popularity: sql`${skills.popularity} + 1` })
        .where(inArray(skills.slug, added.slice(i, i + 90))),
    );
  }
  for (let i = 0; i < removed.length; i += 90) {
    out.push(
      db
        .update(skills)
        .set({ popularity: sql`max(${skills.popularity} - 1, 0)` })
        .where(inArray(skills.slug, removed.slice(i, i + 90))),
    );
  }
  return out;
}

/**
 * Recomputes every counter from `profile_skills` and `job_skills` (both indexed
 * by slug) and writes only the rows that changed. Run by the hourly cron.
 */
export async function recountPopularity(db: Db): Promise<{ updated: number }> {
  const result = await db.run(sql`
    WITH counts AS (
      SELECT s.id,
        (SELECT COUNT(*) FROM profile_skills p WHERE p.slug = s.slug)
        + (SELECT COUNT(*) FROM job_skills j WHERE j.skill = s.slug) AS n
      FROM skills s
    )
    UPDATE skills SET popularity = counts.n FROM counts
    WHERE counts.id = skills.id AND skills.popularity != counts.n
  `);
  return { updated: result.meta.changes ?? 0 };
}
