/**
 * Exports: the applications of one job as CSV for its company, and everything
 * about a user's own applications for their GDPR export (`/me/export`).
 */
import { asc, eq, inArray } from "drizzle-orm";
import { toIso, toIsoOrNull } from "../../lib/time";
import type { Db } from "../../platform/db/client";
import {
  type ApplicationHistoryRow,
  applicationStatusHistory,
  applications,
  companies,
  type InterviewRow,
  interviews,
  jobs,
} from "../../platform/db/schema";
import type { AuthContext } from "../../platform/env";
import { requireCompanyAccess } from "../companies";
import { resumeDownloadUrl } from "./presenters";
import { jobCompany, listApplications } from "./queries";

/**
 * One CSV cell. Cells a spreadsheet would read as a formula (leading `=`, `+`,
 * `-`, `@`, tab or CR) get a leading `'` (OWASP CSV injection guidance).
 */
export function csvCell(value: unknown): string {
  let s = value === null || value === undefined ? "" : Array.isArray(value) ? value.join("; ") : String(value);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function toCsv(rows: unknown[][]): string {
  return `${rows.map((r) => r.map(csvCell).join(",")).join("\r\n")}\r\n`;
}

/** The CSV of a job's applications (company members and admins). */
export async function exportJobApplicationsCsv(db: Db, auth: AuthContext, jobId: string) {
  const companyId = await jobCompany(db, jobId);
  await requireCompanyAccess(db, auth, companyId, { notFoundAs: "Job" });
  const job = await db
    .select({ slug: jobs.slug, questions: jobs.screeningQuestions })
    .from(jobs)
    .where(eq(jobs.id, jobId))
    .get();
  const questions = job?.questions ?? [];
  const header = [
    "application_id",
    "applied_at",
    "status",
    "first_name",
    "last_name",
    "email",
    "rating",
    "rejection_reason",
    "resume_url",
    "cover_letter",
    ...questions.map((q) => q.question),
  ];
  const lines: unknown[][] = [header];
  let cursor: string | undefined;
  do {
    const page = await listApplications(db, { kind: "all" }, { jobId, sort: "applied_at", limit: 100, cursor });
    for (const r of page.data) {
      const answers = new Map(r.app.answers.map((a) => [a.question_id, a.answer]));
      lines.push([
        r.app.id,
        toIso(r.app.createdAt),
        r.app.status,
        r.applicant?.firstName ?? "",
        r.applicant?.lastName ?? "",
        r.applicant?.email ?? "",
        r.app.rating ?? "",
        r.app.rejectionReason ?? "",
        r.resume ? resumeDownloadUrl(r.resume.id) : "",
        r.app.coverLetter ?? "",
        ...questions.map((q) => answers.get(q.id) ?? ""),
      ]);
    }
    cursor = page.next_cursor ?? undefined;
  } while (cursor);
  return { filename: `applications-${job?.slug ?? jobId}.csv`, csv: toCsv(lines) };
}

/**
 * Everything stored about a user's own applications, for the GDPR export.
 * Internal company data (notes, rating, rejection note) is the company's, not
 * the applicant's, and is left out as in every applicant-visible response.
 */
export async function exportApplicantData(db: Db, userId: string) {
  const apps = await db
    .select({ app: applications, jobTitle: jobs.title, companyName: companies.name })
    .from(applications)
    .innerJoin(jobs, eq(jobs.id, applications.jobId))
    .innerJoin(companies, eq(companies.id, applications.companyId))
    .where(eq(applications.applicantId, userId))
    .orderBy(asc(applications.createdAt));
  const ids = apps.map((a) => a.app.id);
  const history: ApplicationHistoryRow[] = [];
  const ivs: InterviewRow[] = [];
  for (let i = 0; i < ids.length; i += 100) {
    const chunk = ids.slice(i, i + 100);
    history.push(
      ...(await db
        .select()
        .from(applicationStatusHistory)
        .where(inArray(applicationStatusHistory.applicationId, chunk))
        .orderBy(asc(applicationStatusHistory.createdAt))),
    );
    ivs.push(
      ...(await db
        .select()
        .from(interviews)
        .where(inArray(interviews.applicationId, chunk))
        .orderBy(asc(interviews.startsAt))),
    );
  }
  return {
    applications: apps.map(({ app, jobTitle, companyName }) => ({
      id: app.id,
      job: { id: app.jobId, title: jobTitle },
      company: { id: app.companyId, name: companyName },
      status: app.status,
      resume_id: app.resumeId,
      cover_letter: app.coverLetter,
      answers: app.answers,
      rejection_reason: app.rejectionReason,
      applied_at: toIso(app.createdAt),
      status_changed_at: toIso(app.statusChangedAt),
      history: history
        .filter((h) => h.applicationId === app.id)
        .map((h) => ({
          from_status: h.fromStatus,
          to_status: h.toStatus,
          actor_role: h.actorRole,
          at: toIso(h.createdAt),
        })),
    })),
    interviews: ivs.map((iv) => ({
      id: iv.id,
      application_id: iv.applicationId,
      starts_at: toIso(iv.startsAt),
      duration_minutes: iv.durationMinutes,
      timezone: iv.timezone,
      kind: iv.kind,
      location: iv.location,
      meeting_url: iv.meetingUrl,
      status: iv.status,
      response: iv.response,
      responded_at: toIsoOrNull(iv.respondedAt),
    })),
  };
}
