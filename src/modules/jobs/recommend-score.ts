/**
 * The recommendation score: a sum of small, named components, each of which
 * adds a human-readable reason when it speaks for the job. Pure functions, so
 * the weights can be read (and tested) in one place.
 *
 * | component   | points                                                         |
 * | ----------- | -------------------------------------------------------------- |
 * | skills      | up to 40 × weighted coverage (required skills weigh 2, others 1); in the blend down to 20 as the seeker's own engagement grows |
 * | category    | 16–32 for the categories of jobs you applied to (weight 2), saved (1) or viewed (0.5) (blend) |
 * | job type    | 10 when it is one of your desired job types                    |
 * | location    | 10 in one of your desired locations; −10 on-site elsewhere      |
 * | remote      | 10 remote and you are open to remote (3 when you said nothing)  |
 * | salary      | 10 overlapping your expectation; −10 entirely below it          |
 * | experience  | 8 same level as your years suggest, 3 one level off, −6 further |
 * | recency     | up to 10, halving every 7 days                                 |
 * | together    | up to 10 for jobs the seekers who engaged with your recent jobs also engaged with (collaborative; half at weight 12) |
 * | like you     | up to 12 for what seekers who applied to or saved your jobs applied to or saved |
 * | learned place| up to 14 / 12 / −12 for the city / remote / elsewhere of your engaged jobs, when the profile names no location |
 * | learned level| up to 8 for the level of your engaged jobs, when the profile gives no years |
 * | popular     | up to 7.5 for applications and views by everyone (blend)         |
 * | meaning     | up to 10 for closeness in meaning to your strongest engaged jobs (only with the AI and VECTORIZE bindings; no reason) |
 * | not for you | down to −20 for neighbours of jobs you marked "not interested" (no reason) |
 *
 * "Remote only" seekers never see on-site jobs (the candidate queries leave them out).
 */

import { foldText } from "../../lib/fold";
import type { JobRow } from "../../platform/db/schema";
import { EXPERIENCE_LEVELS } from "../../platform/db/schema";
import { skillKey, toYearly } from "./normalize";
import { semanticPoints } from "./semantic";

const DAY_MS = 86_400_000;
/*
 * The blend's weights were re-tuned on the offline evaluation (bench/recommend-world.mjs, seeds
 * 22, 5 and 99, checked on the unseen seeds 7 and 13): the seeker's own engagement (the category
 * of the jobs they applied to, saved or viewed) predicts their next application better than the
 * profile's skills or other seekers' co-engagement do, which with a few engagements per job is
 * thin evidence (one shared application pair used to be worth more than a category match).
 */
/** The most a "seekers like you" match adds. */
const PEER_POINTS = 12;
/** The most popularity adds. */
const POPULARITY_POINTS = 7.5;
/** The most co-engagement with the seeker's recent jobs adds, and the weight that gives half of it. */
const COLLAB_POINTS = 10;
const COLLAB_HALF = 12;
/** Skill coverage's points with no engagement (the content variant, a new seeker) and with a confident history. */
const SKILL_POINTS = 40;
const SKILL_POINTS_ENGAGED = 20;
/** The most semantic closeness (embeddings, when configured) adds. */
const SEMANTIC_POINTS = 10;
/** Category affinity: base points for any engaged category, plus this much times its share. */
const CATEGORY_BASE = 16;
const CATEGORY_SHARE = 16;

export interface SeekerSignals {
  /** skillKey → display name (profile skills first, then the primary resume's). */
  skills: Map<string, string>;
  desiredJobTypes: string[];
  /** Lower-cased location strings, e.g. `berlin` or `berlin, germany`. */
  desiredLocations: string[];
  openToRemote: boolean | null;
  /** Yearly expectation, with its currency. */
  salary: { min: number | null; max: number | null; currency: string | null } | null;
  yearsExperience: number | null;
  /** category id → share (0..1] of the seeker's saved and applied jobs in it. */
  categoryAffinity: Map<string, number>;
  categoryNames: Map<string, string>;
  /** Affinity categories known only from viewed jobs (no save or application in them). */
  viewedOnlyCategories?: Set<string>;
  /** Will not work on site. */
  remoteOnly?: boolean;
  /** Co-engagement with the seeker's recent jobs: job id → summed neighbour weight and the strongest anchor's title. */
  collab?: Map<string, { score: number; anchor: string }>;
  /** Co-engagement with jobs the seeker dismissed: job id → summed neighbour weight. */
  demoted?: Map<string, number>;
  /**
   * Where and at which level the jobs the seeker engaged with are (shares of the engagement
   * weight; `viewedOnly` when only views put a city, remote or a level there). Blend only.
   */
  engaged?: {
    weight: number;
    cities: Map<string, { name: string; share: number; viewedOnly: boolean }>;
    remote: { share: number; viewedOnly: boolean };
    levels: Map<string, { share: number; viewedOnly: boolean }>;
  };
  /** Whether how many seekers applied to and viewed a job counts (the blend variant). */
  usePopularity?: boolean;
  /** Nearest jobs by embedding to the seeker's strongest anchors: job id → cosine score (AI + VECTORIZE only). */
  semantic?: Map<string, number>;
  /** "Seekers like you": job id → summed weight of the applications and saves of seekers who share the seeker's history. */
  peers?: Map<string, number>;
}

export interface Scored {
  score: number;
  reasons: string[];
}

const JOB_TYPE_LABEL: Record<string, string> = {
  full_time: "Full-time",
  part_time: "Part-time",
  contract: "Contract",
  internship: "Internship",
  freelance: "Freelance",
  temporary: "Temporary",
};

/** The level a number of years of experience suggests. */
export function levelForYears(years: number): (typeof EXPERIENCE_LEVELS)[number] {
  if (years < 2) return "entry";
  if (years < 5) return "mid";
  if (years < 9) return "senior";
  if (years < 14) return "lead";
  return "executive";
}

function listNames(names: string[], max = 3): string {
  return names.length > max ? `${names.slice(0, max).join(", ")}, …` : names.join(", ");
}

/** Engagement weight (applied 2, saved 1, viewed 0.5) from which the behaviour's place, level and category are trusted fully. */
const ENGAGED_CONFIDENT = 3;

function skillComponent(job: JobRow, s: SeekerSignals, reasons: string[]): number {
  if (!s.skills.size || !job.skills.length) return 0;
  let total = 0;
  let matched = 0;
  const names: string[] = [];
  const missingRequired: string[] = [];
  for (const skill of job.skills) {
    const weight = skill.required ? 2 : 1;
    total += weight;
    if (s.skills.has(skillKey(skill.name))) {
      matched += weight;
      names.push(skill.name);
    } else if (skill.required) {
      missingRequired.push(skill.name);
    }
  }
  if (!names.length) return 0;
  reasons.push(
    `Matches ${names.length} of your skills: ${listNames(names)}` +
      (missingRequired.length ? ` (also asks for ${listNames(missingRequired, 2)})` : ""),
  );
  // Profile skills are what the seeker wrote; once their behaviour is known (blend), it says more
  // about what they want, so skills weigh less as the engagement weight grows.
  const confidence = s.engaged ? Math.min(1, s.engaged.weight / ENGAGED_CONFIDENT) : 0;
  return (SKILL_POINTS - (SKILL_POINTS - SKILL_POINTS_ENGAGED) * confidence) * (matched / total);
}

function locationMatches(job: JobRow, wanted: string): boolean {
  // Folded on both sides (src/lib/fold.ts): `lodz` is in Łódź.
  const fields = [job.city, job.region, job.country].filter((v): v is string => !!v).map(foldText);
  if (!fields.length) return false;
  // "Berlin, Germany" matches when every part names the job's city, region or country.
  const parts = wanted
    .split(",")
    .map((p) => foldText(p.trim()))
    .filter(Boolean);
  return parts.length > 0 && parts.every((p) => fields.includes(p));
}

function salaryComponent(job: JobRow, s: SeekerSignals, reasons: string[]): number {
  const want = s.salary;
  if (!want || (want.min === null && want.max === null)) return 0;
  if (job.salaryMinYearly === null && job.salaryMaxYearly === null) return 0;
  // Amounts in different currencies are not comparable without exchange rates.
  if (want.currency && job.salaryCurrency && want.currency !== job.salaryCurrency) return 0;
  const jobHigh = job.salaryMaxYearly ?? job.salaryMinYearly ?? 0;
  const jobLow = job.salaryMinYearly ?? job.salaryMaxYearly ?? 0;
  if (want.min !== null && jobHigh < want.min) return -10;
  if (want.max !== null && jobLow > want.max) {
    reasons.push("Pays above your salary range");
    return 6;
  }
  reasons.push("In your salary range");
  return 10;
}

function experienceComponent(job: JobRow, s: SeekerSignals, reasons: string[]): number {
  if (s.yearsExperience === null) return 0;
  const mine = EXPERIENCE_LEVELS.indexOf(levelForYears(s.yearsExperience));
  const theirs = EXPERIENCE_LEVELS.indexOf(job.experienceLevel);
  const gap = Math.abs(mine - theirs);
  if (gap === 0) {
    reasons.push(`Fits your experience (${job.experienceLevel} level)`);
    return 8;
  }
  return gap === 1 ? 3 : -6;
}

function recencyComponent(job: JobRow, now: number, reasons: string[]): number {
  const ageDays = Math.max(0, (now - (job.publishedAt ?? job.createdAt)) / DAY_MS);
  if (ageDays < 1) reasons.push("Posted today");
  else if (ageDays < 7) reasons.push(`Posted ${Math.floor(ageDays)} day${ageDays >= 2 ? "s" : ""} ago`);
  return 10 * 0.5 ** (ageDays / 7);
}

/**
 * Saturating in the co-engagement weight (an application pair weighs 9, a view pair 1):
 * half the points at weight 12, so one co-applying seeker is not enough for most of them.
 */
function collabComponent(job: JobRow, s: SeekerSignals, reasons: string[]): number {
  const c = s.collab?.get(job.id);
  if (!c || c.score <= 0) return 0;
  reasons.push(`Seekers who looked at "${c.anchor}" were also interested in this job`);
  return COLLAB_POINTS * (c.score / (c.score + COLLAB_HALF));
}

/**
 * Seekers like you: saturating in the summed weight (a seeker who applied to the same job and
 * to this one weighs 9 × 3), half the points at 30.
 */
function peerComponent(job: JobRow, s: SeekerSignals, reasons: string[]): number {
  const p = s.peers?.get(job.id);
  if (!p || p <= 0) return 0;
  reasons.push("Seekers with a history like yours applied to or saved it");
  return PEER_POINTS * (p / (p + 30));
}

/**
 * Popular with seekers (blend only; the content holdout reads the profile alone): applications
 * weigh 3, views 1, half the points at 12. Stated only from 3 applications on.
 */
function popularityComponent(job: JobRow, s: SeekerSignals, reasons: string[]): number {
  if (!s.usePopularity) return 0;
  const pop = 3 * job.applicationCount + job.viewCount;
  if (pop <= 0) return 0;
  if (job.applicationCount >= 3) reasons.push(`${job.applicationCount} seekers have applied`);
  return POPULARITY_POINTS * (pop / (pop + 12));
}

/**
 * What the seeker's engaged jobs say about place and level, for what the profile leaves
 * open: a city of engaged on-site jobs (when the profile names no location), remote (when
 * the profile says nothing of remote), the level (when no years are given). On-site jobs
 * elsewhere lose points in proportion to how concentrated the engagement is.
 */
function engagedComponent(job: JobRow, s: SeekerSignals, reasons: string[]): number {
  const e = s.engaged;
  if (!e || e.weight <= 0) return 0;
  const confidence = Math.min(1, e.weight / ENGAGED_CONFIDENT);
  const how = (viewedOnly: boolean) => (viewedOnly ? "viewed" : "saved or applied to");
  let score = 0;
  if (!s.desiredLocations.length) {
    if (job.isRemote) {
      if (e.remote.share > 0) {
        score += 12 * e.remote.share * confidence;
        if (!s.openToRemote) reasons.push(`Remote, like jobs you ${how(e.remote.viewedOnly)}`);
      }
    } else {
      const city = job.city ? e.cities.get(foldText(job.city)) : undefined;
      if (city) {
        score += 14 * city.share * confidence;
        reasons.push(`In ${city.name}, like jobs you ${how(city.viewedOnly)}`);
      } else {
        // Engagement spread over many places says little; all of it in one city or remote says a lot.
        const top = Math.max(e.remote.share, ...[...e.cities.values()].map((c) => c.share));
        score -= 12 * Math.max(0, (top - 0.4) / 0.6) * confidence;
      }
    }
  }
  const level = e.levels.get(job.experienceLevel);
  if (s.yearsExperience === null && level) {
    score += 8 * level.share * confidence;
    if (level.share >= 0.3) reasons.push(`At ${job.experienceLevel} level, like jobs you ${how(level.viewedOnly)}`);
  }
  return score;
}

/** Scores one job for one seeker; reasons are ordered by the weight of their component. */
export function scoreJob(job: JobRow, s: SeekerSignals, now: number): Scored {
  const reasons: string[] = [];
  let score = skillComponent(job, s, reasons);

  if (job.categoryId && s.categoryAffinity.has(job.categoryId)) {
    const share = s.categoryAffinity.get(job.categoryId) ?? 0;
    score += CATEGORY_BASE + CATEGORY_SHARE * share;
    const name = s.categoryNames.get(job.categoryId);
    const how = s.viewedOnlyCategories?.has(job.categoryId) ? "viewed" : "saved or applied to";
    reasons.push(`Similar to jobs you ${how}${name ? ` (${name})` : ""}`);
  }
  if (s.desiredJobTypes.includes(job.jobType)) {
    score += 10;
    reasons.push(`${JOB_TYPE_LABEL[job.jobType] ?? job.jobType}, as you prefer`);
  }
  const place = s.desiredLocations.find((l) => locationMatches(job, l));
  if (place) {
    score += 10;
    reasons.push(`In ${job.city ?? job.region ?? job.country}, one of your preferred locations`);
  } else if (s.desiredLocations.length && !job.isRemote) {
    // On-site somewhere the seeker did not ask for: ranks below matching and remote jobs (no reason).
    score -= 10;
  }
  if (job.isRemote) {
    if (s.openToRemote) {
      score += 10;
      reasons.push("Remote");
    } else if (s.openToRemote === null) {
      score += 3;
      reasons.push("Remote");
    }
  }
  score += salaryComponent(job, s, reasons);
  score += experienceComponent(job, s, reasons);
  score += recencyComponent(job, now, reasons);
  score += engagedComponent(job, s, reasons);
  score += collabComponent(job, s, reasons);
  score += peerComponent(job, s, reasons);
  score += popularityComponent(job, s, reasons);
  // No reason of its own: closeness of two embeddings is not something a seeker can check.
  score += semanticPoints(s.semantic?.get(job.id), SEMANTIC_POINTS);
  const demotion = s.demoted?.get(job.id);
  if (demotion) score -= 20 * Math.min(1, demotion / 6);
  return { score: Math.round(score * 10) / 10, reasons };
}

/** The seeker's salary expectation as a yearly range (null when there is none). */
export function yearlyExpectation(p: {
  salaryMin: number | null;
  salaryMax: number | null;
  salaryCurrency: string | null;
  salaryPeriod: string | null;
}): SeekerSignals["salary"] {
  if (p.salaryMin === null && p.salaryMax === null) return null;
  const period = (p.salaryPeriod ?? "year") as Parameters<typeof toYearly>[1];
  return { min: toYearly(p.salaryMin, period), max: toYearly(p.salaryMax, period), currency: p.salaryCurrency };
}
