/**
 * `GET /jobs/suggest`: titles, companies, skills and locations of published jobs
 * whose words start with what was typed (FTS5 prefix index over `suggest_terms`),
 * ranked by how many jobs use them. When nothing matches, misspelt words are
 * corrected against the same index's vocabulary and the lookup runs once more.
 * One or two D1 round trips reading a few index pages: cheap per keystroke.
 */
import { correctionCandidates, prefixExpression, tokenize, type VocabEntry } from "../../lib/query-text";

export type SuggestType = "title" | "company" | "skill" | "location";
export interface Suggestion {
  type: SuggestType;
  value: string;
}

const MAX = 10;

function lookup(d1: D1Database, terms: string[]) {
  return d1
    .prepare(
      `SELECT t.kind, t.value, t.norm, t.weight FROM suggest_fts JOIN suggest_terms t ON t.id = suggest_fts.rowid
        WHERE suggest_fts MATCH ? ORDER BY t.weight DESC, t.id LIMIT 50`,
    )
    .bind(prefixExpression(terms));
}

function rank(rows: Array<{ kind: string; value: string; norm: string; weight: number }>, typed: string): Suggestion[] {
  const scored = rows.map((r) => ({
    r,
    // Values that start with the typed text first, then by popularity.
    score: (r.norm.startsWith(typed) ? 1_000_000 : 0) + r.weight,
  }));
  scored.sort((a, b) => b.score - a.score || a.r.value.localeCompare(b.r.value));
  const seen = new Set<string>();
  const out: Suggestion[] = [];
  for (const { r } of scored) {
    const key = `${r.kind}:${r.norm}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ type: r.kind as SuggestType, value: r.value });
    if (out.length >= MAX) break;
  }
  return out;
}

/** Vocabulary rows read when nothing matched (the suggestion index is small: one row per distinct value). */
const VOCAB_LIMIT = 20_000;
/** Corrections looked up in the retry batch (best first). */
const RETRIES = 4;

export async function suggest(d1: D1Database, q: string): Promise<{ data: Suggestion[]; corrected_query?: string }> {
  const terms = tokenize(q).slice(0, 6);
  if (!terms.length) return { data: [] };
  const typed = terms.join(" ");
  // The vocabulary is read only when the prefix lookup finds nothing: the check is the
  // lower bound of its term range (past every term when something matches).
  const [matches, vocab] = await d1.batch([
    lookup(d1, terms),
    d1
      .prepare(
        "SELECT term, doc FROM suggest_vocab WHERE term >= (CASE WHEN EXISTS (SELECT 1 FROM suggest_fts WHERE suggest_fts MATCH ?) THEN char(1114111) ELSE '' END) LIMIT ?",
      )
      .bind(prefixExpression(terms), VOCAB_LIMIT),
  ]);
  type R = { kind: string; value: string; norm: string; weight: number };
  const rows = (matches?.results ?? []) as R[];
  if (rows.length) return { data: rank(rows, typed) };

  // Nothing starts with these words: the closest vocabulary words, in any word and
  // at any position (the first letter too). The last word is still being typed, so
  // it is compared with word prefixes.
  const entries = (vocab?.results ?? []) as VocabEntry[];
  const candidates = correctionCandidates(terms, entries, { prefixLast: true }).slice(0, RETRIES);
  if (!candidates.length) return { data: [] };
  const retries = await d1.batch(candidates.map((c) => lookup(d1, c)));
  for (const [i, r] of retries.entries()) {
    const found = (r?.results ?? []) as R[];
    const fixed = candidates[i];
    if (found.length && fixed) return { data: rank(found, fixed.join(" ")), corrected_query: fixed.join(" ") };
  }
  return { data: [] };
}
