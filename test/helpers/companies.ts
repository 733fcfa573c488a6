/** Request bodies and image bytes for the companies and reviews tests. */

/** A minimal valid PNG (1×1). */
export function pngBytes(extra = 0): Uint8Array {
  const header = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52];
  const out = new Uint8Array(header.length + 64 + extra);
  out.set(header);
  // Different sizes → different hashes; the salt sits past IHDR's width/height (a 0 × 0 declared size).
  out[header.length + 16] = extra % 251;
  return out;
}

export const reviewBody = (o: Record<string, unknown> = {}) => ({
  rating: 4,
  title: "Good place to grow",
  body: "Friendly team, interesting problems, fair pay.",
  is_anonymous: false,
  employment_status: "current",
  ...o,
});
