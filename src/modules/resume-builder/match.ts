/**
 * How well a resume covers a job's skills: weighted coverage (a required skill
 * weighs 2, a nice-to-have 1) as 0–100, with the matched and missing skills,
 * required ones first. A skill counts when the parse found it in the taxonomy
 * or the resume's text names it as a whole phrase (skill-text.ts `resumeHasSkill`),
 * so skills outside the taxonomy match too.
 */
import { coversSkill, skillKey } from "./skill-text";

export interface JobSkillLike {
  name: string;
  required: boolean;
  /** The taxonomy spelling, when it differs. */
  canonical?: string;
}

export interface MatchResult {
  /** 0–100; `null` when the job lists no skills. */
  score: number | null;
  matched: { name: string; required: boolean }[];
  missing: { name: string; required: boolean }[];
  summary: string;
}

export function matchResume(text: string, foundSkills: string[], jobSkills: JobSkillLike[]): MatchResult {
  const found = new Set(foundSkills.map(skillKey));
  const folded = skillKey(text);
  const matched: MatchResult["matched"] = [];
  const missing: MatchResult["missing"] = [];
  let total = 0;
  let covered = 0;
  for (const s of jobSkills) {
    const weight = s.required ? 2 : 1;
    total += weight;
    if (coversSkill(found, folded, s)) {
      covered += weight;
      matched.push({ name: s.name, required: s.required });
    } else {
      missing.push({ name: s.name, required: s.required });
    }
  }
  const byRequired = (a: { required: boolean }, b: { required: boolean }) => Number(b.required) - Number(a.required);
  matched.sort(byRequired);
  missing.sort(byRequired);
  if (!total) return { score: null, matched, missing, summary: "The job lists no skills to compare with." };
  const score = Math.round((covered / total) * 100);
  const requiredMissing = missing.filter((m) => m.required).map((m) => m.name);
  const summary = !missing.length
    ? `Your resume names all ${jobSkills.length} skills the job asks for.`
    : `Your resume names ${matched.length} of the job's ${jobSkills.length} skills` +
      (requiredMissing.length ? `; missing required: ${requiredMissing.join(", ")}.` : ".");
  return { score, matched, missing, summary };
}
