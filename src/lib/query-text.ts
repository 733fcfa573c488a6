/**
 * Turning user text into safe FTS5 queries, and typo correction.
 *
 * User text never reaches MATCH as syntax: it is split into letter/digit runs
 * and each run is wrapped in double quotes (a runs cannot contain quotes), so
 * operators (AND/OR/NOT/NEAR), `*`, `^`, column filters (`title:`), parentheses
 * and SQL fragments are just words, and input with no words matches nothing.
 */
const MAX_TERMS = 16;
const MAX_TERM_LENGTH = 40;

/** Lower-cased word tokens of `q` (NFKC, unicode letters and digits), de-duplicated, capped. */
export function tokenize(q: string): string[] {
  const text = q.normalize("NFKC").toLowerCase();
  const out: string[] = [];
  for (const m of text.matchAll(/[\p{L}\p{N}]+/gu)) {
    const term = m[0].slice(0, MAX_TERM_LENGTH);
    if (!out.includes(term)) out.push(term);
    if (out.length >= MAX_TERMS) break;
  }
  return out;
}

/** Every term quoted; adjacent phrases are ANDed by FTS5. */
export function matchExpression(terms: readonly string[]): string {
  return terms.map((t) => `"${t}"`).join(" ");
}

/** The same terms ORed, for "similar jobs" style recall. */
export function anyTermExpression(terms: readonly string[]): string {
  return terms.map((t) => `"${t}"`).join(" OR ");
}

/** Last term as a prefix query (`"eng"*`) for suggest-as-you-type. */
export function prefixExpression(terms: readonly string[]): string {
  if (terms.length === 0) return "";
  const head = terms.slice(0, -1).map((t) => `"${t}"`);
  return [...head, `"${terms[terms.length - 1]}"*`].join(" ");
}

/**
 * Optimal-string-alignment distance (Levenshtein plus adjacent transpositions),
 * giving up early once every cell of a row exceeds `max`.
 */
export function editDistance(a: string, b: string, max = 3): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  const prev2 = new Array<number>(b.length + 1).fill(0);
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = new Array<number>(b.length + 1).fill(0);
    cur[0] = i;
    let rowMin = cur[0];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min((prev[j] ?? 0) + 1, (cur[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        v = Math.min(v, (prev2[j - 2] ?? 0) + 1);
      }
      cur[j] = v;
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > max) return max + 1;
    for (let j = 0; j <= b.length; j++) prev2[j] = prev[j] ?? 0;
    prev = cur;
  }
  return prev[b.length] ?? max + 1;
}

/** How many edits a term of this length may need to be corrected (short words: none or one). */
export function allowedEdits(term: string): number {
  if (term.length < 4) return 0;
  if (term.length <= 5) return 1;
  return 2;
}

export interface VocabEntry {
  term: string;
  doc: number;
}

/** How many corrections are kept per term, and how many whole-query combinations are tried. */
const PER_TERM = 3;
const MAX_COMBINATIONS = 6;

/**
 * Spelling corrections of a query, best first: per unknown term, the vocabulary
 * words within `allowedEdits` (optimal string alignment: insertions, deletions,
 * substitutions and adjacent transpositions, at any position including the first
 * letter), closest first, document frequency only breaking ties. Combinations
 * are ordered by total edits, then by frequency; the caller tries them in order
 * and keeps the first that makes the whole query match. Terms in the vocabulary
 * stay as they are. With `prefixLast`, the last term is still being typed: a
 * vocabulary word it starts counts as known, and it is compared with word
 * prefixes of about its length. Returns [] when nothing would change.
 */
export function correctionCandidates(
  terms: readonly string[],
  vocab: readonly VocabEntry[],
  options: { prefixLast?: boolean } = {},
): string[][] {
  const known = new Set(vocab.map((v) => v.term));
  const perTerm = terms.map((term, i) => {
    const prefix = options.prefixLast === true && i === terms.length - 1;
    if (known.has(term) || (prefix && vocab.some((v) => v.term.startsWith(term)))) return [{ term, d: 0, doc: 0 }];
    const max = allowedEdits(term);
    if (max === 0) return [{ term, d: 0, doc: 0 }];
    const found: Array<{ term: string; d: number; doc: number }> = [];
    for (const v of vocab) {
      let d = editDistance(term, v.term, max);
      if (prefix) {
        for (const len of [term.length - 1, term.length, term.length + 1]) {
          if (len > 0 && len < v.term.length) d = Math.min(d, editDistance(term, v.term.slice(0, len), max));
        }
      }
      if (d <= max) found.push({ term: v.term, d, doc: v.doc });
    }
    found.sort((a, b) => a.d - b.d || b.doc - a.doc || (a.term < b.term ? -1 : 1));
    return found.length ? found.slice(0, PER_TERM) : [{ term, d: 0, doc: 0 }];
  });
  let combos: Array<{ terms: string[]; d: number; doc: number }> = [{ terms: [], d: 0, doc: 0 }];
  for (const options of perTerm) {
    const next: typeof combos = [];
    for (const c of combos) {
      for (const o of options) next.push({ terms: [...c.terms, o.term], d: c.d + o.d, doc: c.doc + o.doc });
    }
    next.sort((a, b) => a.d - b.d || b.doc - a.doc);
    combos = next.slice(0, MAX_COMBINATIONS * 2);
  }
  return combos
    .filter((c) => c.d > 0)
    .slice(0, MAX_COMBINATIONS)
    .map((c) => c.terms);
}
