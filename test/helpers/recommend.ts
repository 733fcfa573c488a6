/** Seeker profile fixtures for the recommendation tests (direct inserts). */

import { env } from "cloudflare:test";
import { newId } from "../../src/lib/ids";
import { skillKey } from "../../src/modules/jobs/normalize";
import { viewerHashes } from "../../src/modules/jobs/recommend";
import { jobViews, profileSkills, resumes, savedJobs, seekerProfiles } from "../../src/platform/db/schema";
import { db } from "./factories";

export async function makeSeekerProfile(userId: string, o: Partial<typeof seekerProfiles.$inferInsert> = {}) {
  const now = Date.now();
  await db()
    .insert(seekerProfiles)
    .values({ userId, createdAt: now, updatedAt: now, ...o });
}

export async function addProfileSkills(userId: string, names: string[]) {
  await db()
    .insert(profileSkills)
    .values(names.map((name, position) => ({ userId, slug: skillKey(name), skillId: null, name, position })));
}

/** A parsed primary resume whose extracted skills are `skills`. */
export async function addPrimaryResume(userId: string, skills: string[]) {
  const now = Date.now();
  const id = newId(now);
  await db()
    .insert(resumes)
    .values({
      id,
      userId,
      title: "CV",
      filename: "cv.pdf",
      contentType: "application/pdf",
      size: 10,
      r2Key: `resumes/${userId}/${id}`,
      isPrimary: true,
      parseStatus: "done",
      extractedSkills: skills,
      parsedAt: now,
      createdAt: now,
      updatedAt: now,
    });
}

export async function saveJob(userId: string, jobId: string) {
  await db().insert(savedJobs).values({ userId, jobId, createdAt: Date.now() });
}

export function timing(headers: Headers) {
  const header = headers.get("Server-Timing") ?? "";
  const get = (name: string) => Number(new RegExp(`${name};(?:desc="[^"]*";)?dur=(\\d+)`).exec(header)?.[1] ?? NaN);
  return { queries: get("d1"), rowsRead: get("rows_read") };
}

/** A job view as the `job.viewed` handler stores it: the seeker's salted daily hash (discovery.ts recordView). */
export async function viewJob(userId: string, jobId: string, now = Date.now()) {
  const secret = env.SIGNING_SECRET;
  const [viewer] = await viewerHashes(secret, userId, now);
  await db()
    .insert(jobViews)
    .values({ jobId, day: Math.floor(now / 86_400_000), viewer });
}
