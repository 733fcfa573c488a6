/** Taxonomy skills (rows inserted directly). */
import { skills } from "../../src/platform/db/schema";
import { db, unique } from "./support";

/** A few skills of our own under a unique prefix, so caching and ranking are not shared with other tests. */
export async function makeSkills(names: string[], popularity: number[] = []) {
  const prefix = unique("zq").toLowerCase();
  const rows = names.map((n, i) => ({
    id: `skill_${prefix}_${i}`,
    name: `${prefix} ${n}`,
    slug: `${prefix} ${n}`.toLowerCase(),
    category: "Test",
    popularity: popularity[i] ?? 0,
  }));
  await db().insert(skills).values(rows);
  return { prefix, rows };
}
