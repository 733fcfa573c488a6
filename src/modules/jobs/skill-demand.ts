/**
 * The skills asked by the jobs a seeker is looking at: their latest
 * applications, saved jobs and still-recorded views (the same sources, limits
 * and indexes as the recommendation signals, recommend.ts). Resume feedback
 * compares a resume's skills with this demand.
 */
import type { Db } from "../../platform/db/client";
import type { JobSkill } from "../../platform/db/schema";
import { viewerHashes } from "./recommend";

export interface SkillDemand {
  /** How many distinct jobs the demand was drawn from. */
  jobs: number;
  /** Every skill asked, with the number of those jobs asking it (and how many require it), most asked first. */
  skills: { name: string; jobs: number; required: number }[];
}

const PER_SOURCE = 50;

/** One D1 statement; the result is bounded by 3 × 50 jobs. */
export async function skillDemand(db: Db, secret: string, userId: string, now = Date.now()): Promise<SkillDemand> {
  const [v1, v2] = await viewerHashes(secret, userId, now);
  const { results } = await db.$client
    .prepare(
      `SELECT j.id AS id, j.skills AS skills FROM jobs j WHERE j.id IN (
         SELECT job_id FROM (SELECT job_id FROM applications WHERE applicant_id = ?1 ORDER BY created_at DESC LIMIT ${PER_SOURCE})
         UNION
         SELECT job_id FROM (SELECT job_id FROM saved_jobs WHERE user_id = ?1 ORDER BY created_at DESC LIMIT ${PER_SOURCE})
         UNION
         SELECT job_id FROM (SELECT job_id FROM job_views WHERE viewer IN (?2, ?3) LIMIT ${PER_SOURCE})
       )`,
    )
    .bind(userId, v1, v2)
    .all<{ id: string; skills: string | null }>();
  const tally = new Map<string, { name: string; jobs: number; required: number }>();
  for (const row of results) {
    let skills: JobSkill[] = [];
    try {
      skills = JSON.parse(row.skills ?? "[]") as JobSkill[];
    } catch {
      skills = [];
    }
    for (const s of skills) {
      const key = s.name.trim().toLowerCase();
      if (!key) continue;
      const entry = tally.get(key) ?? { name: s.name.trim(), jobs: 0, required: 0 };
      entry.jobs += 1;
      if (s.required) entry.required += 1;
      tally.set(key, entry);
    }
  }
  const skills = [...tally.values()].sort(
    (a, b) => b.jobs - a.jobs || b.required - a.required || a.name.localeCompare(b.name),
  );
  return { jobs: results.length, skills };
}
