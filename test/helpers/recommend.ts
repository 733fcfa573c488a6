/** Tools for the recommendation tests (entities come from test/factories). */
import { env } from "cloudflare:test";
import { type RecommenderVariant, variantFor, viewerHashes } from "../../src/modules/jobs/recommend";
import { jobViews } from "../../src/platform/db/schema";
import { db, signedIn } from "../factories";

/** Reads the development-only Server-Timing header (D1 queries and rows read). */
export function timing(headers: Headers) {
  const header = headers.get("Server-Timing") ?? "";
  const get = (name: string) => Number(new RegExp(`${name};(?:desc="[^"]*";)?dur=(\\d+)`).exec(header)?.[1] ?? NaN);
  return { queries: get("d1"), rowsRead: get("rows_read") };
}

/** A job view as the `job.viewed` handler stores it: the seeker's salted daily hash (discovery.ts recordView). */
export async function viewJob(userId: string, jobId: string, now = Date.now()) {
  const [viewer] = await viewerHashes(env.SIGNING_SECRET, userId, now);
  await db()
    .insert(jobViews)
    .values({ jobId, day: Math.floor(now / 86_400_000), viewer });
}

/** A signed-in seeker assigned to `variant` (assignment hashes the user id: one in ten is `content`). */
export async function seekerIn(variant: RecommenderVariant) {
  for (;;) {
    const s = await signedIn();
    if (variantFor(s.user.id) === variant) return s;
  }
}
