/** Job categories (rows inserted directly; the seeded taxonomy is there too). */
import { newId } from "../../src/lib/ids";
import { slugify } from "../../src/modules/jobs/normalize";
import { categories } from "../../src/platform/db/schema";
import { db, unique } from "./support";

export async function makeCategory(o: { name?: string; parentId?: string | null; slug?: string } = {}) {
  const now = Date.now();
  const name = o.name ?? `Category ${unique("k")}`;
  const row = {
    id: newId(now),
    parentId: o.parentId ?? null,
    name,
    slug: o.slug ?? slugify(`${name}-${unique("")}`),
    createdAt: now,
    updatedAt: now,
  };
  await db().insert(categories).values(row);
  return row;
}
