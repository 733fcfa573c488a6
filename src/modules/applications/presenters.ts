/**
 * Application DTOs. Internal fields (notes, rating, rejection note, applicant
 * contact, actor ids) are added only for staff viewers, so an applicant-visible
 * response cannot carry them by accident.
 */

import { toIso, toIsoOrNull } from "../../lib/time";
import type { ApplicationHistoryRow, InterviewRow } from "../../platform/db/schema";
import { isStaff, type Viewer } from "./access";
import { presentInterview } from "./interviews-presenters";
import type { JoinedApplication, NoteWithAuthor } from "./queries";

export const resumeDownloadUrl = (resumeId: string) => `/api/v1/resumes/${resumeId}/download`;

export function presentHistory(h: ApplicationHistoryRow, viewer: Viewer) {
  return {
    from_status: h.fromStatus,
    to_status: h.toStatus,
    actor_role: h.actorRole,
    at: toIso(h.createdAt),
    reason: h.reason,
    ...(isStaff(viewer) ? { actor_id: h.actorId } : {}),
  };
}

export function presentNote(n: NoteWithAuthor) {
  return {
    id: n.id,
    body: n.body,
    author: n.author ? { id: n.author.id, first_name: n.author.firstName, last_name: n.author.lastName } : null,
    created_at: toIso(n.createdAt),
  };
}

/**
 * Who applied, as company members and admins read it on an application (and on
 * the company's candidate list, so both always show the same fields).
 */
export function presentApplicant(a: NonNullable<JoinedApplication["applicant"]>) {
  return { id: a.id, first_name: a.firstName, last_name: a.lastName, email: a.email, username: a.username };
}

export interface PresentExtras {
  history?: ApplicationHistoryRow[];
  notes?: NoteWithAuthor[];
  interviews?: InterviewRow[];
}

export function presentApplication(row: JoinedApplication, viewer: Viewer, extras: PresentExtras = {}) {
  const { app } = row;
  const staff = isStaff(viewer);
  return {
    id: app.id,
    status: app.status,
    job: { id: row.job.id, title: row.job.title, slug: row.job.slug, status: row.job.status },
    company: {
      id: row.company.id,
      name: row.company.name,
      slug: row.company.slug,
      is_verified: row.company.isVerified,
    },
    cover_letter: app.coverLetter,
    answers: app.answers,
    resume: row.resume
      ? {
          id: row.resume.id,
          title: row.resume.title,
          filename: row.resume.filename,
          download_url: resumeDownloadUrl(row.resume.id),
        }
      : null,
    rejection_reason: app.rejectionReason,
    applied_at: toIso(app.createdAt),
    status_changed_at: toIso(app.statusChangedAt),
    contract_ended_at: toIsoOrNull(app.contractEndedAt),
    updated_at: toIso(app.updatedAt),
    ...(staff
      ? {
          applicant: row.applicant ? presentApplicant(row.applicant) : null,
          rating: app.rating,
          rejection_note: app.rejectionNote,
        }
      : {}),
    ...(staff && extras.notes ? { notes: extras.notes.map(presentNote) } : {}),
    ...(extras.history ? { history: extras.history.map((h) => presentHistory(h, viewer)) } : {}),
    ...(extras.interviews ? { interviews: extras.interviews.map((i) => presentInterview(i)) } : {}),
  };
}

export type ApplicationDto = ReturnType<typeof presentApplication>;
