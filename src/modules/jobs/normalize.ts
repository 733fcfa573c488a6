/** Pure helpers shared by writes, search and import: salary, slugs, skills, text terms. */

import { foldText } from "../../lib/fold";
import type { JobSkill } from "../../platform/db/schema";

export type SalaryPeriod = "hour" | "day" | "week" | "month" | "year";

/** Working-time factors used to compare salaries quoted per hour/day/week/month with yearly ones. */
export const YEARLY_FACTOR: Record<SalaryPeriod, number> = { hour: 2080, day: 260, week: 52, month: 12, year: 1 };

export function toYearly(amount: number | null | undefined, period: SalaryPeriod | null | undefined): number | null {
  if (amount === null || amount === undefined || !period) return null;
  return Math.round(amount * YEARLY_FACTOR[period]);
}

/** `Senior Go Engineer (Berlin)` → `senior-go-engineer-berlin`; never empty. */
export function slugify(text: string, maxLength = 80): string {
  // foldText, not only NFKD: letters such as ł, ø, ß do not decompose and were dropped (`Łódź` → `odz`).
  const slug = foldText(text)
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, maxLength)
    .replace(/-+$/g, "");
  return slug || "job";
}

/** The key a skill is stored and filtered under (`job_skills.skill`). */
export function skillKey(name: string): string {
  return name.normalize("NFKC").trim().toLowerCase().replace(/\s+/g, " ");
}

/**
 * Trims names and drops duplicates (case-insensitively, first one wins) so the
 * skill list, `job_skills` rows and the search index all agree.
 */
export function normalizeSkills(skills: ReadonlyArray<{ name: string; required?: boolean }>): JobSkill[] {
  const seen = new Set<string>();
  const out: JobSkill[] = [];
  for (const s of skills) {
    const name = s.name.normalize("NFKC").trim().replace(/\s+/g, " ");
    const key = skillKey(name);
    if (!key || seen.has(key)) continue;
    seen.add(key);
    out.push({ name, required: s.required ?? true });
  }
  return out;
}
