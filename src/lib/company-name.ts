/**
 * Company names as keys: two spellings of one employer (`Northwind GmbH`, `Northwind`,
 * `NORTHWIND, Inc.`) get the same key. Used by job ingestion (company matching and dedup)
 * and written to `companies.match_key` wherever a company's name is written.
 */
import { foldText } from "./fold";

const words = (text: string) =>
  foldText(text)
    .split(/[^a-z0-9+#]+/)
    .filter(Boolean);

/**
 * Legal-form words at the end of a company name. Only trailing ones are
 * dropped (`Co` in `Co-op Bank` stays), and never the whole name.
 */
const LEGAL_SUFFIXES = new Set([
  "gmbh",
  "mbh",
  "ag",
  "kg",
  "kgaa",
  "ohg",
  "ug",
  "ev",
  "se",
  "inc",
  "incorporated",
  "llc",
  "llp",
  "lp",
  "ltd",
  "limited",
  "plc",
  "corp",
  "corporation",
  "co",
  "company",
  "bv",
  "nv",
  "sa",
  "sas",
  "sarl",
  "srl",
  "spa",
  "sl",
  "slu",
  "oy",
  "oyj",
  "ab",
  "as",
  "asa",
  "aps",
  "pty",
  "pte",
  "kk",
  "sp",
  "zoo",
  "oo",
  "group",
  "holding",
  "holdings",
]);

/**
 * The one company-name rule: `Northwind Analytics GmbH`, `northwind analytics, inc.`,
 * `The Northwind Analytics B.V.` → `northwind analytics`. Stored as `companies.match_key`
 * (imported postings find their company by it) and compared by near-duplicate dedup
 * (src/modules/ingestion/fingerprint.ts). Folded like every text key (src/lib/fold.ts).
 */
export function companyMatchKey(name: string): string {
  // Dots and apostrophes inside abbreviations vanish first (`B.V.` → `bv`, `Sp. z o.o.` → `sp z oo`).
  const w = words(name.replace(/[.'’]/g, "")).filter((x) => x !== "and");
  if (w[0] === "the" && w.length > 1) w.shift();
  for (;;) {
    const last = w[w.length - 1] ?? "";
    if (w.length > 1 && LEGAL_SUFFIXES.has(last)) w.pop();
    // `Sp. z o.o.` is `sp z oo`: the `z` goes with its `sp` (a lone trailing `z` is part of the name).
    else if (w.length > 2 && last === "z" && w[w.length - 2] === "sp") w.splice(-2);
    else break;
  }
  // A name of punctuation only (`+++`) keeps its folded self rather than an empty key.
  return w.join(" ") || foldText(name).trim();
}
