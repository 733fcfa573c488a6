/**
 * A seeker's skills: names normalised against the taxonomy (`k8s` is stored as
 * Kubernetes), unknown names kept as typed. Replacing the set and moving the
 * taxonomy popularity counters happen in one batch.
 */
import { asc, eq } from "drizzle-orm";
import type { Db } from "../../platform/db/client";
import { type ProfileSkillRow, profileSkills, type SkillLevel } from "../../platform/db/schema";
import { normalizeSkillNames, popularityDeltaStatements } from "../skills";

export interface SkillInput {
  name: string;
  level?: SkillLevel | null | undefined;
  years?: number | null | undefined;
}

export const listProfileSkills = (db: Db, userId: string) =>
  db.select().from(profileSkills).where(eq(profileSkills.userId, userId)).orderBy(asc(profileSkills.position));

export async function replaceProfileSkills(db: Db, userId: string, items: SkillInput[]): Promise<ProfileSkillRow[]> {
  const { rows, statements } = await prepareSkillReplacement(db, userId, items);
  await db.batch(statements);
  return rows;
}

/** The statements that replace a seeker's skills, for a caller that batches them with other writes. */
export async function prepareSkillReplacement(db: Db, userId: string, items: SkillInput[]) {
  const normalized = await normalizeSkillNames(
    db,
    items.map((i) => i.name),
  );
  // Two inputs naming the same skill (`js`, `JavaScript`) collapse into the first.
  const rows = new Map<string, ProfileSkillRow>();
  normalized.forEach((n, i) => {
    const item = items[i];
    if (!item || !n.slug || rows.has(n.slug)) return;
    rows.set(n.slug, {
      userId,
      slug: n.slug,
      skillId: n.skillId,
      name: n.name,
      level: item.level ?? null,
      years: item.years ?? null,
      position: rows.size,
    });
  });
  const before = await db
    .select({ slug: profileSkills.slug, skillId: profileSkills.skillId })
    .from(profileSkills)
    .where(eq(profileSkills.userId, userId));
  const oldTaxonomy = new Set(before.filter((b) => b.skillId).map((b) => b.slug));
  const newTaxonomy = new Set([...rows.values()].filter((r) => r.skillId).map((r) => r.slug));
  const added = [...newTaxonomy].filter((s) => !oldTaxonomy.has(s));
  const removed = [...oldTaxonomy].filter((s) => !newTaxonomy.has(s));

  const values = [...rows.values()];
  const inserts = [];
  // 7 columns per row: 14 rows stay under D1's 100 bound parameters per statement.
  for (let i = 0; i < values.length; i += 14) inserts.push(db.insert(profileSkills).values(values.slice(i, i + 14)));
  const statements = [
    db.delete(profileSkills).where(eq(profileSkills.userId, userId)),
    ...inserts,
    ...popularityDeltaStatements(db, added, removed),
  ] as const;
  return { rows: values, statements };
}
