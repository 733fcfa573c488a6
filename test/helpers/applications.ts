/**
 * Factories for the applications tests. Companies, jobs and resumes belong to
 * other modules, so their rows are inserted directly here.
 */
import { env } from "cloudflare:test";
import { expect } from "vitest";
import { newId } from "../../src/lib/ids";
import { DAY } from "../../src/lib/time";
import {
  type ApplicationRow,
  type ApplicationStatus,
  applicationStatusHistory,
  applications,
  companies,
  companyMembers,
  type JobRow,
  type ResumeRow,
  resumes,
  type ScreeningQuestion,
} from "../../src/platform/db/schema";
import { db, type Session, signedIn, unique } from "./factories";
import { insertJob } from "./jobs";

export async function makeCompany(name = unique("Company ")) {
  const now = Date.now();
  const row = {
    id: newId(now),
    slug: unique("co-").toLowerCase(),
    name,
    createdAt: now,
    updatedAt: now,
  };
  await db().insert(companies).values(row);
  return row;
}

export async function addMember(companyId: string, userId: string, role: "owner" | "recruiter" = "recruiter") {
  await db().insert(companyMembers).values({ companyId, userId, role, createdAt: Date.now() });
}

/** A signed-in employer who is a member of `companyId`. */
export async function employerOf(companyId: string, role: "owner" | "recruiter" = "owner"): Promise<Session> {
  const s = await signedIn({ role: "employer" });
  await addMember(companyId, s.user.id, role);
  return s;
}

/** A published job of `companyId` (see insertJob in ./jobs), posted a day ago. */
export function makeJob(companyId: string, o: Partial<Omit<JobRow, "skills">> = {}): Promise<JobRow> {
  const dayAgo = Date.now() - DAY;
  return insertJob({
    title: "Backend Engineer",
    description: "Build things.",
    city: "Berlin",
    country: "DE",
    publishedAt: dayAgo,
    createdAt: dayAgo,
    updatedAt: dayAgo,
    ...o,
    companyId,
  });
}

export async function makeResume(userId: string, o: Partial<ResumeRow> = {}): Promise<ResumeRow> {
  const now = Date.now();
  const id = newId(now);
  const row: ResumeRow = {
    id,
    userId,
    title: "My CV",
    filename: "cv.pdf",
    contentType: "application/pdf",
    size: 100,
    r2Key: `resumes/${userId}/${id}`,
    parsedAt: null,
    isPrimary: false,
    parseStatus: "done",
    parseError: null,
    extractedText: null,
    extractedSkills: [],
    createdAt: now,
    updatedAt: now,
    ...o,
  };
  await db().insert(resumes).values(row);
  return row;
}

/** An application row at `status`, with a matching first history row. */
export async function makeApplication(
  job: Pick<JobRow, "id" | "companyId">,
  applicantId: string,
  o: Partial<ApplicationRow> = {},
): Promise<ApplicationRow> {
  const now = o.createdAt ?? Date.now();
  const status: ApplicationStatus = o.status ?? "pending";
  const row: ApplicationRow = {
    id: newId(now),
    jobId: job.id,
    companyId: job.companyId,
    applicantId,
    resumeId: null,
    coverLetter: null,
    answers: [],
    status,
    rating: null,
    rejectionReason: null,
    rejectionNote: null,
    statusChangedAt: now,
    createdAt: now,
    updatedAt: now,
    ...o,
  };
  await db().insert(applications).values(row);
  await db()
    .insert(applicationStatusHistory)
    .values({
      id: newId(now),
      applicationId: row.id,
      fromStatus: null,
      toStatus: "pending",
      actorRole: "applicant",
      actorId: applicantId,
      createdAt: now,
    });
  return row;
}

/** A published job with one company, its owner signed in, and a verified seeker signed in. */
export async function pipelineWorld(jobOverrides: Partial<JobRow> = {}) {
  const company = await makeCompany();
  const employer = await employerOf(company.id, "owner");
  const job = await makeJob(company.id, { postedBy: employer.user.id, ...jobOverrides });
  const seeker = await signedIn({ role: "seeker" });
  return { company, employer, job, seeker };
}

export const QUESTIONS: ScreeningQuestion[] = [
  { id: "q_text", question: "Why us?", type: "text", required: true },
  { id: "q_yes", question: "Can you work in the EU?", type: "yes_no", required: true },
  { id: "q_single", question: "Seniority", type: "single_choice", options: ["junior", "senior"], required: false },
  { id: "q_multi", question: "Languages", type: "multi_choice", options: ["go", "ts", "rust"], required: false },
  { id: "q_num", question: "Years of experience", type: "number", required: false },
];

/**
 * Waits until the dev mailbox has a message to `to` whose subject contains
 * `subject` (the queue consumer runs asynchronously in the test runtime).
 */
export async function waitForEmail(to: string, subject: string, timeoutMs = 8000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const row = await env.DB.prepare('SELECT subject, text, html FROM dev_mailbox WHERE "to" = ? AND subject LIKE ?')
      .bind(to.toLowerCase(), `%${subject}%`)
      .first<{ subject: string; text: string; html: string }>();
    if (row) return row;
    if (Date.now() > deadline) {
      expect.fail(`no email to ${to} with subject containing "${subject}"`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}
