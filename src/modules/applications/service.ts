/**
 * Read-side services used by the routes: detail with the relations each
 * viewer may see, lists per caller scope, history and notes.
 */

import { eq } from "drizzle-orm";
import type { Db } from "../../platform/db/client";
import { users } from "../../platform/db/schema";
import type { AuthContext } from "../../platform/env";
import { isStaff, loadApplication } from "./access";
import { addNote } from "./pipeline";
import { presentApplication, presentHistory, presentNote } from "./presenters";
import {
  getJoined,
  historyFor,
  interviewsFor,
  jobCompanyForStaff,
  type ListQuery,
  type ListScope,
  listApplications,
  notesFor,
  scopeFor,
} from "./queries";

export async function applicationDetail(db: Db, auth: AuthContext, id: string) {
  const { viewer } = await loadApplication(db, auth, id);
  return presentDetail(db, id, viewer);
}

export async function presentDetail(db: Db, id: string, viewer: Awaited<ReturnType<typeof loadApplication>>["viewer"]) {
  const [row, history, notes, interviews] = await Promise.all([
    getJoined(db, id),
    historyFor(db, [id]),
    isStaff(viewer) ? notesFor(db, id) : Promise.resolve(undefined),
    interviewsFor(db, id),
  ]);
  return presentApplication(row, viewer, { history, notes, interviews });
}

async function presentPage(db: Db, scope: ListScope, query: ListQuery) {
  const found = await listApplications(db, scope, query);
  const viewer = scope.kind === "applicant" ? "applicant" : scope.kind === "all" ? "admin" : "company";
  // Applicants see their status history in lists too (one IN query for the page).
  const history =
    viewer === "applicant"
      ? await historyFor(
          db,
          found.data.map((r) => r.app.id),
        )
      : [];
  return {
    ...found,
    data: found.data.map((r) =>
      presentApplication(
        r,
        viewer,
        viewer === "applicant" ? { history: history.filter((h) => h.applicationId === r.app.id) } : {},
      ),
    ),
  };
}

export function listForCaller(db: Db, auth: AuthContext, query: ListQuery) {
  return presentPage(db, scopeFor(auth), query);
}

/** `GET /jobs/{id}/applications`: company members of the job's company and admins. */
export async function listForJob(db: Db, auth: AuthContext, jobId: string, query: Omit<ListQuery, "jobId">) {
  if (query.updated_since) {
    // The sync walk: job and membership in one statement, then the window.
    await jobCompanyForStaff(db, auth, jobId);
    return presentPage(db, { kind: "all" }, { ...query, jobId });
  }
  // One round trip in the common case: the membership is a condition of the
  // page query itself, so a non-member's page is empty. Only an empty page
  // needs the job-and-membership check, to tell "no applications (yet)" from
  // `404 Job` (another company's job, or none).
  const scope: ListScope = auth.role === "admin" ? { kind: "all" } : { kind: "jobMember", userId: auth.userId };
  const page = await presentPage(db, scope, { ...query, jobId });
  if (page.data.length === 0) await jobCompanyForStaff(db, auth, jobId);
  return page;
}

export async function historyOf(db: Db, auth: AuthContext, id: string) {
  const { viewer } = await loadApplication(db, auth, id);
  const rows = await historyFor(db, [id]);
  return { data: rows.map((h) => presentHistory(h, viewer)) };
}

export async function notesOf(db: Db, auth: AuthContext, id: string) {
  await loadApplication(db, auth, id, ["company", "admin"]);
  return { data: (await notesFor(db, id)).map(presentNote) };
}

export async function createNote(db: Db, auth: AuthContext, id: string, body: string) {
  await loadApplication(db, auth, id, ["company", "admin"]);
  const note = await addNote(db, id, auth.userId, body);
  const author = await db
    .select({ id: users.id, firstName: users.firstName, lastName: users.lastName })
    .from(users)
    .where(eq(users.id, auth.userId))
    .get();
  return presentNote({ ...note, author: author ?? null });
}
