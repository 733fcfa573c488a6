/**
 * Near-duplicate detection: candidates, then verification.
 *
 * A posting's **dedup key** is its normalised company (legal suffixes,
 * case, accents and punctuation dropped: `Northwind Analytics GmbH` =
 * `northwind analytics`), its location (the city, with local names mapped to
 * the English exonym: `München` = `Munich`; region and country dropped, as
 * sources spell them every which way), its title (noise words dropped, level
 * abbreviations spelled out: `Sr. Engineer (m/w/d)` = `Senior Engineer`) and a
 * 64-value **MinHash** of its description's word 3-shingles (taken within each
 * line, so reordered sections and bullets keep their shingles).
 *
 * **Candidates** come from four LSH band keys, every one salted with the
 * company key (so a probe only ever meets the same company's jobs): band 0 is
 * company + title; bands 1–3 are company + two MinHash values each (a repost
 * with description Jaccard 0.6 shares one of them with probability 0.74, and
 * an unrelated sibling with Jaccard 0.2 with probability 0.12).
 *
 * **Verification** (`sameJob`) merges a candidate only when the company keys
 * are equal, the locations are compatible (the same city, or one side has
 * none), the titles' word sets overlap ≥ TITLE_SIMILARITY, and the estimated
 * description *containment* (shared shingles over the shorter text's shingles,
 * from the MinHash Jaccard and the two set sizes) is ≥ DESCRIPTION_CONTAINMENT:
 * containment, not Jaccard, because aggregators trim descriptions (the short
 * text is contained in the long one) and append boilerplate.
 */
import { companyMatchKey } from "../../lib/company-name";
import { foldText } from "../../lib/fold";

/** Hash functions of the MinHash signature (8 hex digits each in storage). */
export const MINHASH_SIZE = 64;
/** Minimum word-set overlap (Jaccard) of two normalised titles. */
export const TITLE_SIMILARITY = 0.6;
/** Minimum estimated description containment of two postings of the same job. */
export const DESCRIPTION_CONTAINMENT = 0.7;

/** FNV-1a, 32-bit, with Math.imul: cheap on long texts (no BigInt in the hot loop). */
export function fnv1a32(text: string, seed = 0x811c9dc5): number {
  let h = seed >>> 0;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

/** murmur3's finaliser: spreads a 32-bit value's bits (the second half of a feature's 64 bits). */
function fmix32(x: number): number {
  let h = x >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b) >>> 0;
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35) >>> 0;
  h ^= h >>> 16;
  return h >>> 0;
}

/** A 64-bit content hash (16 hex digits) of any text: tells an updated posting from an unchanged one. */
export function contentHash(text: string): string {
  const a = fnv1a32(text);
  const b = fnv1a32(text, 0x9747b28c);
  return a.toString(16).padStart(8, "0") + b.toString(16).padStart(8, "0");
}

const words = (text: string) =>
  foldText(text)
    .split(/[^a-z0-9+#]+/)
    .filter(Boolean);

/**
 * `Northwind Analytics GmbH`, `northwind analytics, inc.`, `The Northwind Analytics B.V.` → `northwind analytics`:
 * the one company-name rule (src/lib/company-name.ts), also what imported postings are matched to companies by.
 */
export const companyKey = companyMatchKey;

/**
 * Local names and common variants of cities as their English exonym (folded).
 * Sources are inconsistent exactly here: a German board writes `München`, an
 * international one `Munich`; `New York City` and `NYC` are `New York`.
 */
const CITY_ALIASES: Record<string, string> = {
  munchen: "munich",
  koln: "cologne",
  nurnberg: "nuremberg",
  "frankfurt am main": "frankfurt",
  wien: "vienna",
  zurich: "zurich",
  geneve: "geneva",
  genf: "geneva",
  warszawa: "warsaw",
  krakow: "krakow",
  praha: "prague",
  lisboa: "lisbon",
  porto: "porto",
  roma: "rome",
  milano: "milan",
  napoli: "naples",
  torino: "turin",
  firenze: "florence",
  venezia: "venice",
  bruxelles: "brussels",
  brussel: "brussels",
  antwerpen: "antwerp",
  "den haag": "the hague",
  "s gravenhage": "the hague",
  kobenhavn: "copenhagen",
  goteborg: "gothenburg",
  athina: "athens",
  bucuresti: "bucharest",
  beograd: "belgrade",
  kyiv: "kyiv",
  kiev: "kyiv",
  moskva: "moscow",
  "new york city": "new york",
  nyc: "new york",
  "washington dc": "washington",
  "washington d c": "washington",
  "sao paulo": "sao paulo",
  "ciudad de mexico": "mexico city",
  "mexico df": "mexico city",
  bengaluru: "bangalore",
  mumbai: "mumbai",
  bombay: "mumbai",
};

/** The posting's city, folded, as its English name (`München` → `munich`); `""` without a city. */
export function locationKey(city: string | null | undefined): string {
  const key = words(city ?? "").join(" ");
  return CITY_ALIASES[key] ?? key;
}

/** Title words that say nothing about the role (`Senior Engineer (m/w/d)` ≈ `Senior Engineer`). */
const TITLE_NOISE = new Set(["m", "f", "w", "d", "x", "h", "all", "genders", "remote", "hybrid", "onsite"]);
const TITLE_WORDS: Record<string, string> = {
  sr: "senior",
  snr: "senior",
  jr: "junior",
  jnr: "junior",
  mgr: "manager",
  eng: "engineer",
  dev: "developer",
};

/** The title's words, noise dropped and abbreviations spelled out, in order: `Sr. Data Engineer (m/w/d)` → `senior data engineer`. */
export function titleKey(title: string): string {
  return words(title)
    .filter((w) => !TITLE_NOISE.has(w))
    .map((w) => TITLE_WORDS[w] ?? w)
    .join(" ");
}

/**
 * The description's sentences and lines (bullets, headings), each folded to
 * its words and hashed; no duplicates. Sentence shingles rather than word
 * n-grams: sibling postings of one company share most of their word n-grams
 * (the same about text, requirement and perk phrasing, "… together with the
 * data team") but few whole sentences, while a repost keeps its sentences
 * whole however it reorders, trims or reformats them (HTML or text).
 */
export function shingles(description: string): Set<number> {
  const out = new Set<number>();
  // Lines, sentence ends and inline bullet markers: a plain-text source whose lines were
  // reflowed into one paragraph (`… do - Design … - Build …`) splits into the same pieces.
  for (const piece of description.split(/\n+|(?<=[.!?;])\s+|\s\\?[-*•·]\s/)) {
    const w = words(piece);
    if (w.length) out.add(fnv1a32(w.join(" ")));
  }
  return out;
}

/** The seeds of the MinHash functions: fixed, so stored signatures stay comparable. */
const SEEDS = Array.from({ length: MINHASH_SIZE }, (_, i) => fmix32(Math.imul(i + 1, 0x9e3779b9)));

/** The MinHash signature of a shingle set (each value the minimum of one seeded hash over the set). */
export function minhash(set: Set<number>): Uint32Array {
  const sig = new Uint32Array(MINHASH_SIZE).fill(0xffffffff);
  for (const x of set) {
    for (let i = 0; i < MINHASH_SIZE; i++) {
      const h = fmix32(x ^ (SEEDS[i] ?? 0));
      if (h < (sig[i] ?? 0)) sig[i] = h;
    }
  }
  return sig;
}

export interface DedupKey {
  company: string;
  location: string;
  title: string;
  /** MinHash_SIZE values, 8 hex digits each. */
  minhash: string;
  /** Distinct shingles of the description (for the containment estimate). */
  shingles: number;
  /** LSH band keys: company + title, then company + MinHash values 0–1, 2–3, 4–5. */
  bands: [number, number, number, number];
}

export interface DedupInput {
  title: string;
  company: string;
  city: string | null;
  description: string;
}

/** A posting's dedup key (see the top of this file). */
export function dedupKey(input: DedupInput): DedupKey {
  const company = companyKey(input.company);
  const title = titleKey(input.title);
  const set = shingles(input.description);
  const sig = minhash(set);
  const hex = Array.from(sig, (v) => v.toString(16).padStart(8, "0")).join("");
  const band = (i: number) => fnv1a32(`${company}|${i}|${hex.slice(i * 16 - 16, i * 16)}`);
  return {
    company,
    location: locationKey(input.city),
    title,
    minhash: hex,
    shingles: set.size,
    bands: [fnv1a32(`${company}|t|${title}`), band(1), band(2), band(3)],
  };
}

/** Estimated Jaccard similarity of two signatures (the share of equal values). */
export function minhashJaccard(a: string, b: string): number {
  if (a.length !== b.length || !a.length) return 0;
  let same = 0;
  for (let i = 0; i < a.length; i += 8) if (a.slice(i, i + 8) === b.slice(i, i + 8)) same++;
  return same / (a.length / 8);
}

/** Shared shingles over the smaller set's, from the Jaccard estimate: |A∩B| = J(|A|+|B|)/(1+J). */
export function containment(
  a: Pick<DedupKey, "minhash" | "shingles">,
  b: Pick<DedupKey, "minhash" | "shingles">,
): number {
  const j = minhashJaccard(a.minhash, b.minhash);
  const small = Math.min(a.shingles, b.shingles);
  if (!small) return 0;
  return Math.min(1, (j * (a.shingles + b.shingles)) / (1 + j) / small);
}

function titleSimilarity(a: string, b: string): number {
  if (a === b) return 1;
  const x = new Set(a.split(" ").filter(Boolean));
  const y = new Set(b.split(" ").filter(Boolean));
  let both = 0;
  for (const w of x) if (y.has(w)) both++;
  const union = x.size + y.size - both;
  return union ? both / union : 0;
}

/** Verification of a candidate: the same company, a compatible city, a similar title, a contained description. */
export function sameJob(a: Omit<DedupKey, "bands">, b: Omit<DedupKey, "bands">): boolean {
  if (!a.company || a.company !== b.company) return false;
  if (a.location && b.location && a.location !== b.location) return false;
  if (titleSimilarity(a.title, b.title) < TITLE_SIMILARITY) return false;
  return containment(a, b) >= DESCRIPTION_CONTAINMENT;
}
