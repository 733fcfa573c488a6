/**
 * Worlds and tools for the applications tests: a pipeline (company, owner,
 * job, seeker), screening questions, and waiting for an email.
 */
import { env } from "cloudflare:test";
import { expect } from "vitest";
import { DAY } from "../../src/lib/time";
import type { JobRow, ScreeningQuestion } from "../../src/platform/db/schema";
import { employerOf, makeCompany, makeJob, signedIn } from "../factories";

/** A published job (posted a day ago) with one company, its owner signed in, and a verified seeker signed in. */
export async function pipelineWorld(jobOverrides: Partial<Omit<JobRow, "skills">> = {}) {
  const company = await makeCompany();
  const employer = await employerOf(company.id, "owner");
  const dayAgo = Date.now() - DAY;
  const job = await makeJob({
    companyId: company.id,
    title: "Backend Engineer",
    description: "Build things.",
    city: "Berlin",
    country: "DE",
    publishedAt: dayAgo,
    createdAt: dayAgo,
    updatedAt: dayAgo,
    postedBy: employer.user.id,
    ...jobOverrides,
  });
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
