/**
 * Case- and accent-folding for text filters. SQLite's `lower()` folds ASCII
 * only, so `łódź` never matched `Łódź`; every filtered text column therefore
 * has a `*_key` twin holding `foldText(value)`, written in TypeScript, and
 * the input is folded the same way before comparing.
 */

/** Letters that NFKD does not decompose into a base letter plus marks. */
const LETTERS: Record<string, string> = {
  ł: "l",
  ø: "o",
  ß: "ss",
  æ: "ae",
  œ: "oe",
  đ: "d",
  ð: "d",
  þ: "th",
  ı: "i",
  ħ: "h",
  ŧ: "t",
  ŀ: "l",
};
const LETTER_RE = new RegExp(`[${Object.keys(LETTERS).join("")}]`, "g");

/** NFKD, combining marks removed, lower-cased, non-decomposing letters mapped: `Łódź` → `lodz`. */
export function foldText(text: string): string {
  return text
    .toLowerCase()
    .normalize("NFKD")
    .replace(/\p{M}/gu, "")
    .replace(LETTER_RE, (ch) => LETTERS[ch] ?? ch);
}

/** `foldText` for nullable columns. */
export const foldOrNull = (text: string | null | undefined): string | null =>
  text === null || text === undefined ? null : foldText(text);
