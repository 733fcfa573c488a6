/**
 * Near-duplicate fingerprints: a 64-bit SimHash over weighted features of a
 * posting — its normalised title, company and location (heavily weighted, so
 * two different roles at one company stay apart) and word 3-shingles of the
 * description. Postings within Hamming distance 3 are the same job. The hash is
 * stored as four 16-bit bands: two hashes within distance 3 agree on at least
 * one whole band, so candidates are found by four indexed equality lookups.
 */
import { foldText } from "../../lib/fold";

export const NEAR_DUPLICATE_DISTANCE = 3;

export interface FingerprintInput {
  title: string;
  company: string;
  location: string;
  description: string;
}

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

/** Title words that say nothing about the role (`Senior Engineer (m/w/d)` ≈ `Senior Engineer`). */
const TITLE_NOISE = new Set(["m", "f", "w", "d", "x", "h", "all", "genders", "remote", "hybrid", "onsite"]);

function features(input: FingerprintInput): Map<string, number> {
  const out = new Map<string, number>();
  const add = (f: string, w: number) => out.set(f, (out.get(f) ?? 0) + w);
  const title = words(input.title).filter((w) => !TITLE_NOISE.has(w));
  for (const w of title) add(`t:${w}`, 6);
  add(`T:${title.join(" ")}`, 24);
  add(`c:${words(input.company).join(" ")}`, 20);
  const loc = words(input.location).join(" ");
  if (loc) add(`l:${loc}`, 8);
  const body = words(input.description);
  for (let i = 0; i + 2 < body.length; i++) add(`s:${body[i]} ${body[i + 1]} ${body[i + 2]}`, 1);
  return out;
}

/** The 64-bit SimHash as 16 hex digits. */
export function simhash(input: FingerprintInput): string {
  const v = new Float64Array(64);
  for (const [feature, weight] of features(input)) {
    const lo = fnv1a32(feature);
    const hi = fmix32(lo ^ 0x9e3779b9);
    for (let bit = 0; bit < 32; bit++) {
      v[bit] = (v[bit] ?? 0) + ((lo >>> bit) & 1 ? weight : -weight);
      v[bit + 32] = (v[bit + 32] ?? 0) + ((hi >>> bit) & 1 ? weight : -weight);
    }
  }
  let lo = 0;
  let hi = 0;
  for (let bit = 0; bit < 32; bit++) {
    if ((v[bit] ?? 0) > 0) lo |= 1 << bit;
    if ((v[bit + 32] ?? 0) > 0) hi |= 1 << bit;
  }
  return (hi >>> 0).toString(16).padStart(8, "0") + (lo >>> 0).toString(16).padStart(8, "0");
}

/** The four 16-bit bands of a hash (most significant first). */
export function bands(hash: string): [number, number, number, number] {
  const n = (i: number) => Number.parseInt(hash.slice(i * 4, i * 4 + 4), 16);
  return [n(0), n(1), n(2), n(3)];
}

/** Number of differing bits between two hashes. */
export function hamming(a: string, b: string): number {
  const pop = (x: number) => {
    let n = x >>> 0;
    n -= (n >>> 1) & 0x55555555;
    n = (n & 0x33333333) + ((n >>> 2) & 0x33333333);
    return (Math.imul((n + (n >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24) & 0xff;
  };
  const hiA = Number.parseInt(a.slice(0, 8), 16);
  const loA = Number.parseInt(a.slice(8), 16);
  const hiB = Number.parseInt(b.slice(0, 8), 16);
  const loB = Number.parseInt(b.slice(8), 16);
  return pop(hiA ^ hiB) + pop(loA ^ loB);
}
