/**
 * Skill-name normalisation and free-text tokenising, shared by autocomplete,
 * profile skills, jobs (`normalizeSkillNames`) and resume parsing.
 */

/** The lookup key of a skill name or alias: NFKC, trimmed, single spaces, lower case. */
export function skillSlug(name: string): string {
  return name.normalize("NFKC").trim().replace(/\s+/g, " ").toLowerCase();
}

/** A display-safe skill name as typed (for names outside the taxonomy). */
export function cleanSkillName(name: string): string {
  return name.normalize("NFKC").trim().replace(/\s+/g, " ").slice(0, 60);
}

/**
 * The exclusive upper bound of a prefix range: `slug >= p AND slug < prefixEnd(p)`
 * selects every string starting with `p` and, unlike `LIKE 'p%'`, uses the index
 * under SQLite's default BINARY collation.
 */
export function prefixEnd(prefix: string): string {
  const last = prefix.charCodeAt(prefix.length - 1);
  return prefix.slice(0, -1) + String.fromCharCode(last + 1);
}

export interface Token {
  /** As written (for case-sensitive names such as Go or R). */
  raw: string;
  lower: string;
  /** False when punctuation or a line break separates it from the previous token. */
  joinsPrevious: boolean;
}

// A token starts with a letter or digit (or a dot: `.NET`) and may contain the
// characters skill names use inside them: C++, C#, Node.js, CI/CD, R&D, driver's.
const TOKEN_RE = /\.?[\p{L}\p{N}][\p{L}\p{N}+#.&'/-]*/gu;

/** Splits text into tokens, remembering which ones may form a multi-word name together. */
export function tokenize(text: string): Token[] {
  const source = text.normalize("NFKC").replace(/[\u2018\u2019]/g, "'");
  const tokens: Token[] = [];
  let lastEnd = 0;
  for (const m of source.matchAll(TOKEN_RE)) {
    const start = m.index ?? 0;
    const raw = m[0].replace(/[.&'/-]+$/, "");
    const gap = source.slice(lastEnd, start);
    lastEnd = start + m[0].length;
    if (!raw) continue;
    tokens.push({ raw, lower: raw.toLowerCase(), joinsPrevious: tokens.length > 0 && /^[ \t]+$/.test(gap) });
  }
  return tokens;
}
