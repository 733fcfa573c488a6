/**
 * Who is in an application's thread: the applicant and the members of the
 * company that received the application. Admins may read a thread (to work a
 * report) but never write in it. Anyone else gets `404`, exactly as for a
 * missing application, so a thread's existence is not revealed.
 */
import { eq } from "drizzle-orm";
import { forbidden, notFound } from "../../http/problem";
import type { Db } from "../../platform/db/client";
import {
  applications,
  companies,
  companyMembers,
  jobs,
  type MessageSide,
  type MessageThreadRow,
  messageThreads,
} from "../../platform/db/schema";
import type { AuthContext } from "../../platform/env";
import { type ApplicationViewer, applicationViewerOf } from "../applications";

export type ThreadViewer = ApplicationViewer;

export interface ThreadContext {
  applicationId: string;
  companyId: string;
  applicantId: string | null;
  jobTitle: string;
  companyName: string;
  thread: MessageThreadRow | null;
  viewer: ThreadViewer;
}

/** The thread of application `id` as `auth` may see it, or `404`. */
export async function loadThread(db: Db, auth: AuthContext, id: string): Promise<ThreadContext> {
  const row = await db
    .select({
      applicationId: applications.id,
      companyId: applications.companyId,
      applicantId: applications.applicantId,
      jobTitle: jobs.title,
      companyName: companies.name,
      thread: messageThreads,
    })
    .from(applications)
    .innerJoin(jobs, eq(jobs.id, applications.jobId))
    .innerJoin(companies, eq(companies.id, applications.companyId))
    .leftJoin(messageThreads, eq(messageThreads.applicationId, applications.id))
    .where(eq(applications.id, id))
    .get();
  if (!row) throw notFound("Thread");
  const viewer = await applicationViewerOf(db, auth, row);
  if (!viewer) throw notFound("Thread");
  return { ...row, viewer };
}

/** Participants write; an admin reading a thread (moderation) may not. */
export function requireParticipant(t: ThreadContext): MessageSide {
  if (t.viewer === "admin") throw forbidden("Admins can read threads but not write in them.");
  return t.viewer;
}

/** Every user in the thread right now: the applicant (unless erased) and the company's members. */
export async function participantsOf(db: Db, t: Pick<ThreadContext, "applicantId" | "companyId">) {
  const members = await db
    .select({ userId: companyMembers.userId })
    .from(companyMembers)
    .where(eq(companyMembers.companyId, t.companyId));
  return {
    applicant: t.applicantId ? [t.applicantId] : [],
    company: members.map((m) => m.userId),
  };
}
