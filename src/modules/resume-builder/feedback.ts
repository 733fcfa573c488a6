/**
 * Resume feedback: a 0–100 score made of named checks over the parsed text,
 * each with its points, the reason it got them, and a concrete suggestion when
 * it fell short. Pure functions over text, so the weights live (and are tested)
 * in one place.
 *
 * | check        | points | full marks when                                               |
 * | ------------ | ------ | ------------------------------------------------------------- |
 * | contact      | 15     | an email (6), a phone number (5) and a link — LinkedIn, GitHub, a site (4) |
 * | sections     | 25     | summary (5), experience (8), education (6), skills (6) headings |
 * | length       | 15     | 250–900 words (one to two pages); 8 for 150–1,300                 |
 * | achievements | 20     | at least 4 lines with a number (%, money, counts); 5 points each   |
 * | skills       | 25     | 10 for 8+ recognised skills (proportionally fewer); 15 × the share of the skills your jobs ask for that the resume names (no jobs yet: 15 × found/8) |
 */
import { coversSkill, skillKey } from "./skill-text";

export interface Check {
  id: "contact" | "sections" | "length" | "achievements" | "skills";
  points: number;
  max: number;
  reason: string;
}

export interface Demand {
  jobs: number;
  skills: { name: string; jobs: number; required: number; canonical?: string }[];
}

export interface Feedback {
  score: number;
  checks: Check[];
  suggestions: string[];
  sections: { summary: boolean; experience: boolean; education: boolean; skills: boolean };
  contact: { email: boolean; phone: boolean; link: boolean };
  word_count: number;
  quantified_lines: number;
  skills: {
    found: string[];
    /** Skills the seeker's jobs ask for that the resume names, most asked first. */
    in_demand_found: string[];
    /** Skills the seeker's jobs ask for that the resume does not name, most asked first. */
    in_demand_missing: { name: string; jobs: number }[];
    jobs_considered: number;
  };
}

const EMAIL_RE = /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/;
// At least 7 digits with optional +, spaces, dots, dashes and parentheses between them.
const PHONE_RE = /(?:\+\d{1,3}[\s.-]?)?(?:\(\d{1,4}\)[\s.-]?)?\d[\d\s.-]{5,}\d/;
const LINK_RE = /\b(?:https?:\/\/|www\.)\S+|\b(?:linkedin\.com|github\.com|gitlab\.com)\/\S+/i;

/** A heading line: short, and one of the usual names for the section. */
const SECTION_RE: Record<keyof Feedback["sections"], RegExp> = {
  summary: /^(?:(?:professional |career )?summary|profile|about(?: me)?|objective|personal statement)$/i,
  experience: /^(?:(?:work |professional |relevant )?experience|employment(?: history)?|work history|career history)$/i,
  education: /^(?:education(?: and training)?|academic background|qualifications)$/i,
  skills: /^(?:(?:technical |key |core )?skills(?: and tools)?|competencies|technologies|tech stack)$/i,
};

/**
 * A number that says how much: a percentage, money, a multiplier, or a count
 * before a lower-case word (`12 engineers`, `3x`, `$2M`). Years, month/year
 * dates and phone numbers are removed first, so date ranges do not count.
 */
const QUANTITY_RE =
  /\d+(?:[.,]\d+)?\s?%|[$€£]\s?\d|\d+(?:[.,]\d+)?\s?(?:[kKmMxX]|bn)\b|\b\d+(?:[.,]\d+)?\+?\s+(?!(?:years?|months?|yrs?)\b)[a-z]{3,}/;
const NOT_QUANTITIES_RE = /\b(?:19|20)\d{2}\b|\b\d{1,2}\/\d{2,4}\b/g;

function headingOf(line: string): string {
  return line
    .trim()
    .replace(/[:\s]+$/, "")
    .replace(/\s+/g, " ")
    .replace(/&/g, "and");
}

function sectionsIn(lines: string[]): Feedback["sections"] {
  const out = { summary: false, experience: false, education: false, skills: false };
  for (const raw of lines) {
    // "Skills: Go, Rust" counts as a skills section too: take what precedes the colon.
    const head = headingOf(raw.includes(":") ? (raw.split(":")[0] ?? "") : raw);
    if (!head || head.length > 40) continue;
    for (const k of Object.keys(SECTION_RE) as (keyof Feedback["sections"])[]) {
      if (SECTION_RE[k].test(head)) out[k] = true;
    }
  }
  return out;
}

function quantifiedLines(lines: string[]): number {
  let n = 0;
  for (const line of lines) {
    if (line.length < 12 || EMAIL_RE.test(line)) continue;
    const rest = line.replace(new RegExp(PHONE_RE.source, "g"), " ").replace(NOT_QUANTITIES_RE, " ");
    if (QUANTITY_RE.test(rest)) n += 1;
  }
  return n;
}

function list(names: string[], max = 5): string {
  return names.length > max ? `${names.slice(0, max).join(", ")} and ${names.length - max} more` : names.join(", ");
}

/** The feedback for a parsed resume's text and skills, against the skills the seeker's jobs ask for. */
export function scoreResume(text: string, foundSkills: string[], demand: Demand): Feedback {
  const lines = text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean);
  const words = text.split(/\s+/).filter((w) => /[\p{L}\p{N}]/u.test(w)).length;
  const checks: Check[] = [];
  const suggestions: string[] = [];

  const contact = { email: EMAIL_RE.test(text), phone: PHONE_RE.test(text), link: LINK_RE.test(text) };
  const contactPoints = (contact.email ? 6 : 0) + (contact.phone ? 5 : 0) + (contact.link ? 4 : 0);
  const missingContact = [
    contact.email ? null : "an email address",
    contact.phone ? null : "a phone number",
    contact.link ? null : "a LinkedIn, GitHub or portfolio link",
  ].filter((x): x is string => x !== null);
  checks.push({
    id: "contact",
    points: contactPoints,
    max: 15,
    reason: missingContact.length ? `Missing ${missingContact.join(", ")}.` : "Email, phone and a link are present.",
  });
  if (missingContact.length) suggestions.push(`Add ${missingContact.join(", ")} at the top, next to your name.`);

  const sections = sectionsIn(lines);
  const sectionWeights = { summary: 5, experience: 8, education: 6, skills: 6 } as const;
  const missingSections = (Object.keys(sectionWeights) as (keyof typeof sectionWeights)[]).filter((k) => !sections[k]);
  const sectionPoints = 25 - missingSections.reduce((sum, k) => sum + sectionWeights[k], 0);
  checks.push({
    id: "sections",
    points: sectionPoints,
    max: 25,
    reason: missingSections.length
      ? `No ${missingSections.join(", ")} section found.`
      : "Summary, experience, education and skills sections are present.",
  });
  for (const k of missingSections) {
    suggestions.push(
      {
        summary: "Open with a two- or three-line Summary: your role, years of experience and what you are best at.",
        experience: "Add an Experience section: each position with title, company, dates and what you achieved there.",
        education: "Add an Education section (degree, school, years), or your training and certifications.",
        skills: "Add a Skills section listing your tools and technologies, so screening software finds them.",
      }[k],
    );
  }

  const lengthPoints = words >= 250 && words <= 900 ? 15 : words >= 150 && words <= 1300 ? 8 : 0;
  checks.push({
    id: "length",
    points: lengthPoints,
    max: 15,
    reason: `${words} words${lengthPoints === 15 ? " (one to two pages)." : words < 250 ? " (short)." : " (long)."}`,
  });
  if (words < 250) {
    suggestions.push(
      `Your resume has ${words} words; aim for 250–900: describe what you did and achieved in each role.`,
    );
  } else if (words > 900) {
    suggestions.push(
      `Your resume has ${words} words; cut it to two pages (about 900 words): keep recent, relevant work.`,
    );
  }

  const quantified = quantifiedLines(lines);
  const achievementPoints = Math.min(quantified, 4) * 5;
  checks.push({
    id: "achievements",
    points: achievementPoints,
    max: 20,
    reason: `${quantified} line${quantified === 1 ? "" : "s"} with measurable results.`,
  });
  if (quantified < 4) {
    suggestions.push(
      `Quantify your achievements (${quantified} so far, aim for 4+): numbers, percentages or money, e.g. "cut page load time by 40%" or "led a team of 6".`,
    );
  }

  const found = new Set(foundSkills.map(skillKey));
  const folded = skillKey(text);
  const countPoints = Math.round((Math.min(foundSkills.length, 8) / 8) * 10);
  const asked = demand.skills.slice(0, 15);
  const inDemandFound: string[] = [];
  const inDemandMissing: { name: string; jobs: number }[] = [];
  for (const s of asked) {
    if (coversSkill(found, folded, s)) inDemandFound.push(s.name);
    else inDemandMissing.push({ name: s.name, jobs: s.jobs });
  }
  const coverage = asked.length ? inDemandFound.length / asked.length : Math.min(foundSkills.length, 8) / 8;
  const skillPoints = countPoints + Math.round(coverage * 15);
  checks.push({
    id: "skills",
    points: skillPoints,
    max: 25,
    reason: asked.length
      ? `${foundSkills.length} skills recognised; names ${inDemandFound.length} of the ${asked.length} skills most asked by the ${demand.jobs} jobs you applied to, saved or viewed.`
      : `${foundSkills.length} skills recognised (no applied, saved or viewed jobs to compare with yet).`,
  });
  if (foundSkills.length < 8) {
    suggestions.push(
      `Name your skills explicitly (${foundSkills.length} recognised): list the tools, languages and methods you use.`,
    );
  }
  if (inDemandMissing.length) {
    suggestions.push(
      `The jobs you look at ask for ${list(inDemandMissing.map((s) => s.name))}: add those you have, with where you used them.`,
    );
  }

  return {
    score: checks.reduce((sum, c) => sum + c.points, 0),
    checks,
    suggestions,
    sections,
    contact,
    word_count: words,
    quantified_lines: quantified,
    skills: {
      found: foundSkills,
      in_demand_found: inDemandFound,
      in_demand_missing: inDemandMissing,
      jobs_considered: demand.jobs,
    },
  };
}
