/**
 * Factories for companies, jobs (minimal rows, for counts and lists), reviews
 * and images used by the companies/reviews/categories tests.
 */

import { foldText } from "../../src/lib/fold";
import { newId } from "../../src/lib/ids";
import { type CompanyRow, companies, companyMembers, type JobRow } from "../../src/platform/db/schema";
import { db, unique } from "./factories";
import { insertJob } from "./jobs";

export async function makeCompany(
  members: { userId: string; role?: "owner" | "recruiter" }[] = [],
  o: Partial<CompanyRow> = {},
): Promise<CompanyRow> {
  const now = Date.now();
  const name = o.name ?? `Company ${unique()}`;
  const row: CompanyRow = {
    id: newId(now),
    slug: o.slug ?? unique("co-").toLowerCase(),
    name,
    nameKey: null,
    description: null,
    website: null,
    industry: null,
    size: null,
    headquarters: null,
    foundedYear: null,
    benefits: [],
    socialLinks: {},
    logoKey: null,
    isVerified: false,
    verifiedAt: null,
    ratingAverage: 0,
    ratingCount: 0,
    openJobsCount: 0,
    createdBy: members[0]?.userId ?? null,
    createdAt: now,
    updatedAt: now,
    ...o,
  };
  row.nameKey = foldText(row.name);
  await db().insert(companies).values(row);
  for (const m of members) {
    await db()
      .insert(companyMembers)
      .values({ companyId: row.id, userId: m.userId, role: m.role ?? "owner", createdAt: now });
  }
  return row;
}

/** A published job of `companyId` with a unique title (see insertJob in ./jobs). */
export function makeJob(companyId: string, o: Partial<Omit<JobRow, "skills">> = {}): Promise<JobRow> {
  return insertJob({ title: `Engineer ${unique()}`, ...o, companyId });
}

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
