/** Seeker profiles and their skills (rows inserted directly). */
import { skillKey } from "../../src/modules/jobs/normalize";
import { profileSkills, seekerProfiles } from "../../src/platform/db/schema";
import { db } from "./support";

export async function makeSeekerProfile(userId: string, o: Partial<typeof seekerProfiles.$inferInsert> = {}) {
  const now = Date.now();
  await db()
    .insert(seekerProfiles)
    .values({ userId, createdAt: now, updatedAt: now, ...o });
}

/** The profile's skills, in this order (not linked to the taxonomy). */
export async function addProfileSkills(userId: string, names: string[]) {
  await db()
    .insert(profileSkills)
    .values(names.map((name, position) => ({ userId, slug: skillKey(name), skillId: null, name, position })));
}
