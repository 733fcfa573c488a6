/**
 * Reading applications: one joined query for a page (job, company, applicant,
 * resume) plus at most one `IN (...)` query per relation shown, never N+1.
 */
import { and, asc, desc, eq, gt, gte, inArray, isNull, lt, or, type SQL, sql } from "drizzle-orm";
import { decodeCursor, page } from "../../http/pagination";
import { notFound } from "../../http/problem";
import { foldText } from "../../lib/fold";
import type { Db } from "../../platform/db/client";
import {
  type ApplicationStatus,
  applicationNotes,
  applicationStatusHistory,
  applications,
  companies,
  companyMembers,
  interviews,
  jobs,
  resumes,
  users,
} from "../../platform/db/schema";
import type { AuthContext } from "../../platform/env";
import { companyIdsOf } from "../companies";
import { syncPage, syncWindow, type TombstoneScope, tombstonesAfter } from "../sync";
import type { Viewer } from "./access";

export const applicationSelection = {
  app: applications,
  job: { id: jobs.id, title: jobs.title, slug: jobs.slug, status: jobs.status },
  company: { id: companies.id, name: companies.name, slug: companies.slug, isVerified: companies.isVerified },
  applicant: {
    id: users.id,
    firstName: users.firstName,
    lastName: users.lastName,
    email: users.email,
    username: users.username,
  },
  resume: { id: resumes.id, title: resumes.title, filename: resumes.filename },
};

function joined(db: Db) {
  return db
    .select(applicationSelection)
    .from(applications)
    .innerJoin(jobs, eq(jobs.id, applications.jobId))
    .innerJoin(companies, eq(companies.id, applications.companyId))
    .leftJoin(users, eq(users.id, applications.applicantId))
    .leftJoin(resumes, eq(resumes.id, applications.resumeId));
}

export type JoinedApplication = Awaited<ReturnType<ReturnType<typeof joined>["get"]>> & {};

/** Which applications a list may contain. */
/**
 * Which applications a list may contain. `jobMember` is `member` for a list of
 * one job (`jobId` set): the membership is checked against the joined job's
 * company, so the page query keeps walking the job's own index.
 */
export type ListScope =
  | { kind: "applicant"; userId: string }
  | { kind: "member"; userId: string }
  | { kind: "jobMember"; userId: string }
  | { kind: "all" };

export function scopeFor(auth: AuthContext): ListScope {
  if (auth.role === "admin") return { kind: "all" };
  if (auth.role === "employer") return { kind: "member", userId: auth.userId };
  return { kind: "applicant", userId: auth.userId };
}

export interface ListQuery {
  jobId?: string;
  /** Incremental sync (src/modules/sync): changes and deletions since this instant, oldest first. */
  updated_since?: string;
  status?: ApplicationStatus;
  q?: string;
  sort: "applied_at" | "rating";
  limit: number;
  cursor?: string;
}

export async function listApplications(db: Db, scope: ListScope, query: ListQuery) {
  const where: SQL[] = [];
  if (scope.kind === "applicant") where.push(eq(applications.applicantId, scope.userId));
  if (scope.kind === "member") {
    // A subquery instead of a list of ids: no bound-parameter limit, one round trip.
    where.push(
      inArray(
        applications.companyId,
        db.select({ id: companyMembers.companyId }).from(companyMembers).where(eq(companyMembers.userId, scope.userId)),
      ),
    );
  }
  if (scope.kind === "jobMember") {
    where.push(
      sql`exists (select 1 from company_members cm where cm.company_id = ${jobs.companyId} and cm.user_id = ${scope.userId})`,
    );
  }
  if (query.jobId) where.push(eq(applications.jobId, query.jobId));
  if (query.status) where.push(eq(applications.status, query.status));
  const q = query.q?.trim() ? foldText(query.q.trim()) : "";
  if (q) {
    // Folded keys on both sides (src/lib/fold.ts); rows the fold-keys cron has
    // not reached yet fall back to lower(). instr, not LIKE: D1 refuses LIKE
    // patterns over 50 bytes. Bounded: the scope (one applicant's, or the
    // caller's companies' applications, each through its index) limits the rows
    // the substring test reads.
    where.push(
      scope.kind === "applicant"
        ? sql`instr(coalesce(${jobs.titleKey}, lower(${jobs.title})), ${q}) > 0`
        : sql`instr(coalesce(${users.firstNameKey}, lower(${users.firstName})) || ' ' || coalesce(${users.lastNameKey}, lower(${users.lastName})), ${q}) > 0`,
    );
  }
  if (query.updated_since) return syncApplications(db, scope, query, query.updated_since, where);
  const byRating = query.sort === "rating";
  // Positions: (rating, created_at, id) by rating, (created_at, id) by date.
  const cur = byRating
    ? decodeCursor(query.cursor, ["number?", "number", "string"])
    : decodeCursor(query.cursor, ["number", "string"]);
  if (cur) {
    const [rating, at, id] = cur.length === 3 ? cur : [null, ...cur];
    const afterTime = or(
      lt(applications.createdAt, at),
      and(eq(applications.createdAt, at), lt(applications.id, id)),
    ) as SQL;
    if (!byRating) where.push(afterTime);
    else if (rating === null) where.push(and(isNull(applications.rating), afterTime) as SQL);
    else {
      // DESC order puts NULL ratings last in SQLite, so they follow every rated row.
      where.push(
        or(
          lt(applications.rating, rating),
          and(eq(applications.rating, rating), afterTime),
          isNull(applications.rating),
        ) as SQL,
      );
    }
  }
  const order = byRating
    ? [desc(applications.rating), desc(applications.createdAt), desc(applications.id)]
    : [desc(applications.createdAt), desc(applications.id)];
  // A job's list newest first walks applications_job_created_idx (job_id,
  // created_at, id) and stops after the page.
  const rows = await joined(db)
    .where(and(...where))
    .orderBy(...order)
    .limit(query.limit + 1);
  return page(rows, query.limit, (r) =>
    byRating ? [r.app.rating, r.app.createdAt, r.app.id] : [r.app.createdAt, r.app.id],
  );
}

/** The sync walk of `listApplications`: `(updated_at, id)` ascending, with tombstones in the same scope. */
async function syncApplications(db: Db, scope: ListScope, query: ListQuery, since: string, where: SQL[]) {
  const window = syncWindow(
    since,
    query.cursor,
    { list: "applications", scope: scope.kind, job: query.jobId },
    { status: query.status, q: query.q?.trim() || undefined, sort: query.sort === "rating" ? "rating" : undefined },
  );
  const after = window.after;
  where.push(
    after
      ? (or(
          gt(applications.updatedAt, after[0]),
          and(eq(applications.updatedAt, after[0]), gt(applications.id, after[1])),
        ) as SQL)
      : gte(applications.updatedAt, window.since),
  );
  const visible: TombstoneScope =
    scope.kind === "all"
      ? query.jobId
        ? { jobId: query.jobId }
        : { all: true }
      : scope.kind === "applicant"
        ? { userId: scope.userId, jobId: query.jobId }
        : { companyIds: await companyIdsOf(db, scope.userId), jobId: query.jobId };
  const [rows, tombstones] = await Promise.all([
    joined(db)
      .where(and(...where))
      .orderBy(asc(applications.updatedAt), asc(applications.id))
      .limit(query.limit + 1),
    tombstonesAfter(db, "application", visible, window, query.limit + 1),
  ]);
  return syncPage(rows, tombstones, query.limit, (r) => [r.app.updatedAt, r.app.id], window);
}

export async function getJoined(db: Db, id: string): Promise<JoinedApplication> {
  const row = await joined(db).where(eq(applications.id, id)).get();
  if (!row) throw notFound("Application");
  return row;
}

export async function historyFor(db: Db, applicationIds: string[]) {
  if (applicationIds.length === 0) return [];
  const out = [];
  for (let i = 0; i < applicationIds.length; i += 100) {
    out.push(
      ...(await db
        .select()
        .from(applicationStatusHistory)
        .where(inArray(applicationStatusHistory.applicationId, applicationIds.slice(i, i + 100)))
        .orderBy(asc(applicationStatusHistory.createdAt), asc(applicationStatusHistory.id))),
    );
  }
  return out;
}

export async function notesFor(db: Db, applicationId: string) {
  return db
    .select({
      id: applicationNotes.id,
      body: applicationNotes.body,
      createdAt: applicationNotes.createdAt,
      author: { id: users.id, firstName: users.firstName, lastName: users.lastName },
    })
    .from(applicationNotes)
    .leftJoin(users, eq(users.id, applicationNotes.authorId))
    .where(eq(applicationNotes.applicationId, applicationId))
    .orderBy(asc(applicationNotes.createdAt), asc(applicationNotes.id));
}

export type NoteWithAuthor = Awaited<ReturnType<typeof notesFor>>[number];

export async function interviewsFor(db: Db, applicationId: string) {
  return db
    .select()
    .from(interviews)
    .where(eq(interviews.applicationId, applicationId))
    .orderBy(asc(interviews.startsAt));
}

/** The job's company, for "company member of this job" checks. */
/**
 * The job's company when `auth` may read its applications (a member of that
 * company, or an admin); `404 Job` otherwise, so a job of another company is
 * indistinguishable from one that does not exist. One round trip: the
 * membership is looked up in the same statement as the job.
 */
export async function jobCompanyForStaff(db: Db, auth: AuthContext, jobId: string): Promise<string> {
  const row = await db
    .select({
      companyId: jobs.companyId,
      // Written out: inside a select field drizzle renders columns unqualified,
      // which would turn the correlation into company_members.company_id = itself.
      member: sql<number>`exists (select 1 from company_members cm where cm.company_id = "jobs"."company_id" and cm.user_id = ${auth.userId})`,
    })
    .from(jobs)
    .where(eq(jobs.id, jobId))
    .get();
  if (!row || (auth.role !== "admin" && !row.member)) throw notFound("Job");
  return row.companyId;
}

export async function jobCompany(db: Db, jobId: string): Promise<string> {
  const job = await db.select({ companyId: jobs.companyId }).from(jobs).where(eq(jobs.id, jobId)).get();
  if (!job) throw notFound("Job");
  return job.companyId;
}

export type { Viewer };
