/**
 * Finds taxonomy skills in free text (resume parsing). The whole taxonomy
 * (about 1,400 names and aliases) is loaded once per isolate and kept for a
 * few minutes, so parsing a resume costs two queries at most.
 */
import { memoryCache } from "../../platform/cache";
import type { Db } from "../../platform/db/client";
import { skillAliases, skills, type TextMatchMode } from "../../platform/db/schema";
import { type Token, tokenize } from "./normalize";

interface Term {
  skillId: string;
  /** Canonical skill name, what is reported. */
  name: string;
  mode: TextMatchMode;
  /** The exact casing `case` mode requires. */
  cased: string;
}

export interface SkillMatcher {
  terms: Map<string, Term>;
  maxWords: number;
}

const matcherCache = memoryCache<SkillMatcher>()("skills.matcher");

/** The taxonomy as a matcher, cached per isolate for a few minutes. */
export function loadMatcher(db: Db, now = Date.now()): Promise<SkillMatcher> {
  return matcherCache.load(undefined, () => buildMatcher(db), now);
}

async function buildMatcher(db: Db): Promise<SkillMatcher> {
  const [names, aliases] = await db.batch([
    db.select({ id: skills.id, name: skills.name, slug: skills.slug, mode: skills.textMatch }).from(skills),
    db
      .select({
        alias: skillAliases.alias,
        label: skillAliases.label,
        skillId: skillAliases.skillId,
        mode: skillAliases.textMatch,
      })
      .from(skillAliases),
  ]);
  const terms = new Map<string, Term>();
  const byId = new Map<string, string>();
  for (const s of names) {
    terms.set(s.slug, { skillId: s.id, name: s.name, mode: s.mode, cased: s.name });
    byId.set(s.id, s.name);
  }
  for (const a of aliases) {
    const name = byId.get(a.skillId);
    if (!name || terms.has(a.alias)) continue;
    terms.set(a.alias, { skillId: a.skillId, name, mode: a.mode, cased: a.label ?? a.alias });
  }
  let maxWords = 1;
  for (const key of terms.keys()) maxWords = Math.max(maxWords, key.split(" ").length);
  return { terms, maxWords };
}

/**
 * Canonical names of the skills found in `text`, most mentioned first. At each
 * position the longest name wins ("Machine Learning" over "Learning", "Apache
 * Spark" over "Spark"), and its words are not matched again.
 */
export function matchSkills(matcher: SkillMatcher, text: string, limit = 50): string[] {
  const tokens = tokenize(text);
  const counts = new Map<string, { name: string; count: number; first: number }>();
  let i = 0;
  while (i < tokens.length) {
    const found = longestMatchAt(matcher, tokens, i);
    if (found) {
      const entry = counts.get(found.term.skillId);
      if (entry) entry.count += 1;
      else counts.set(found.term.skillId, { name: found.term.name, count: 1, first: i });
      i += found.words;
    } else {
      i += 1;
    }
  }
  return [...counts.values()]
    .sort((a, b) => b.count - a.count || a.first - b.first)
    .slice(0, limit)
    .map((e) => e.name);
}

function longestMatchAt(matcher: SkillMatcher, tokens: Token[], start: number): { term: Term; words: number } | null {
  let run = 1;
  while (run < matcher.maxWords && tokens[start + run]?.joinsPrevious) run += 1;
  for (let n = run; n >= 1; n--) {
    const slice = tokens.slice(start, start + n);
    const term = matcher.terms.get(slice.map((t) => t.lower).join(" "));
    if (!term || term.mode === "never") continue;
    if (term.mode === "case" && slice.map((t) => t.raw).join(" ") !== term.cased) continue;
    return { term, words: n };
  }
  return null;
}
