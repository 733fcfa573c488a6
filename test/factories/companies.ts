/** Companies and their members (rows inserted directly). */
import { companyMatchKey } from "../../src/lib/company-name";
import { foldText } from "../../src/lib/fold";
import { newId } from "../../src/lib/ids";
import { type CompanyRow, companies, companyMembers } from "../../src/platform/db/schema";
import { db, unique } from "./support";
import { type Session, signedIn } from "./users";

export type MemberRole = "owner" | "recruiter";

export interface CompanyOptions extends Partial<CompanyRow> {
  /** Members added with the company (role owner unless given); the first is `createdBy`. */
  members?: { userId: string; role?: MemberRole }[];
  /** Shorthand for `isVerified` with `verifiedAt` now (or null). */
  verified?: boolean;
}

/** A company (unverified, no website, no members unless given). */
export async function makeCompany(o: CompanyOptions = {}): Promise<CompanyRow> {
  const { members = [], verified, ...fields } = o;
  const now = Date.now();
  const row: CompanyRow = {
    id: newId(now),
    slug: unique("co-").toLowerCase(),
    name: `Company ${unique()}`,
    nameKey: null,
    matchKey: null,
    description: null,
    website: null,
    industry: null,
    size: null,
    headquarters: null,
    foundedYear: null,
    benefits: [],
    socialLinks: {},
    logoKey: null,
    isVerified: verified ?? false,
    verifiedAt: verified ? now : null,
    ratingAverage: 0,
    ratingCount: 0,
    openJobsCount: 0,
    importedAt: null,
    domain: null,
    createdBy: members[0]?.userId ?? null,
    createdAt: now,
    updatedAt: now,
    ...fields,
  };
  row.nameKey = foldText(row.name);
  row.matchKey = companyMatchKey(row.name);
  await db().insert(companies).values(row);
  for (const m of members) await addMember(row.id, m.userId, m.role ?? "owner");
  return row;
}

export async function addMember(companyId: string, userId: string, role: MemberRole) {
  await db().insert(companyMembers).values({ companyId, userId, role, createdAt: Date.now() });
}

/** A signed-in employer who is a member of `companyId`. */
export async function employerOf(companyId: string, role: MemberRole = "owner"): Promise<Session> {
  const s = await signedIn({ role: "employer" });
  await addMember(companyId, s.user.id, role);
  return s;
}

export type EmployerSession = Session & { company: CompanyRow };

/** An employer (verified email by default) who owns a (verified by default) company with a website. */
export async function employerWithCompany(o: { verified?: boolean; emailVerified?: boolean } = {}) {
  const session = await signedIn({ role: "employer", verified: o.emailVerified ?? true });
  const company = await makeCompany({ verified: o.verified ?? true, website: "https://example.com" });
  await addMember(company.id, session.user.id, "owner");
  return { ...session, company };
}
