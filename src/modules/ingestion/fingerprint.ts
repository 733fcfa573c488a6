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

/** FNV-1a, 64-bit, on BigInt: fast enough for a few hundred features per posting and identical everywhere. */
function fnv1a64(text: string): bigint {
  let h = 0xcbf29ce484222325n;
  for (let i = 0; i < text.length; i++) {
    h ^= BigInt(text.charCodeAt(i));
    h = (h * 0x100000001b3n) & 0xffffffffffffffffn;
  }
  return h;
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
  const v = new Array<number>(64).fill(0);
  for (const [feature, weight] of features(input)) {
    const h = fnv1a64(feature);
    for (let bit = 0; bit < 64; bit++) v[bit] = (v[bit] ?? 0) + ((h >> BigInt(bit)) & 1n ? weight : -weight);
  }
  let out = 0n;
  for (let bit = 0; bit < 64; bit++) if ((v[bit] ?? 0) > 0) out |= 1n << BigInt(bit);
  return out.toString(16).padStart(16, "0");
}

/** The four 16-bit bands of a hash (most significant first). */
export function bands(hash: string): [number, number, number, number] {
  const n = (i: number) => Number.parseInt(hash.slice(i * 4, i * 4 + 4), 16);
  return [n(0), n(1), n(2), n(3)];
}

/** Number of differing bits between two hashes. */
export function hamming(a: string, b: string): number {
  let x = BigInt(`0x${a}`) ^ BigInt(`0x${b}`);
  let count = 0;
  while (x) {
    x &= x - 1n;
    count++;
  }
  return count;
}
