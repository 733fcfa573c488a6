import { env } from "cloudflare:test";
import { eq } from "drizzle-orm";
import { afterEach, describe, expect, it, vi } from "vitest";
import { DAY } from "../src/lib/time";
import { applicationStatusHistory, applications, applyClicks, jobs, resumes } from "../src/platform/db/schema";
import { db, makeApplication, makeCompany, makeJob, makeResume, signedIn } from "./factories";
import { pipelineWorld, QUESTIONS, waitForEmail } from "./helpers/applications";
import { api, call, expectProblem } from "./helpers/http";

const applyPath = (jobId: string) => `/api/v1/jobs/${jobId}/applications`;

afterEach(() => vi.restoreAllMocks());

describe("POST /jobs/{id}/applications", () => {
  it("creates the application, its first history row and bumps application_count", async () => {
    const { job, seeker } = await pipelineWorld();
    const resume = await makeResume(seeker.user.id);
    const send = vi.spyOn(env.EVENTS, "send");
    const r = await api.post(
      applyPath(job.id),
      { resume_id: resume.id, cover_letter: " Hello " },
      { token: seeker.token },
    );
    expect(r.status).toBe(201);
    expect(r.json).toMatchObject({
      status: "pending",
      job: { id: job.id, title: job.title },
      cover_letter: "Hello",
      resume: { id: resume.id, download_url: `/api/v1/resumes/${resume.id}/download` },
      history: [{ from_status: null, to_status: "pending", actor_role: "applicant" }],
    });
    expect(r.json).not.toHaveProperty("notes");
    expect(r.json).not.toHaveProperty("rating");
    const stored = await db().select().from(applications).where(eq(applications.id, r.json.id)).get();
    expect(stored).toMatchObject({ applicantId: seeker.user.id, companyId: job.companyId, status: "pending" });
    const history = await db()
      .select()
      .from(applicationStatusHistory)
      .where(eq(applicationStatusHistory.applicationId, r.json.id));
    expect(history).toHaveLength(1);
    const j = await db().select().from(jobs).where(eq(jobs.id, job.id)).get();
    expect(j?.applicationCount).toBe(1);
    expect(send).toHaveBeenCalledWith(
      expect.objectContaining({ type: "application.submitted", application_id: r.json.id }),
      expect.anything(),
    );
    await waitForEmail(seeker.user.email, "was sent");
  });

  it("defaults to the primary resume and rejects someone else's resume", async () => {
    const { job, seeker } = await pipelineWorld();
    const primary = await makeResume(seeker.user.id, { isPrimary: true });
    const other = await signedIn();
    const foreign = await makeResume(other.user.id);
    const bad = await api.post(applyPath(job.id), { resume_id: foreign.id }, { token: seeker.token });
    expect(expectProblem(bad, 400, "validation-error").errors[0].path).toBe("resume_id");
    const ok = await api.post(applyPath(job.id), {}, { token: seeker.token });
    expect(ok.status).toBe(201);
    expect(ok.json.resume.id).toBe(primary.id);
  });

  it("accepts multipart with a resume file and stores it under resumes/{user}/{id}", async () => {
    const { job, seeker } = await pipelineWorld({ screeningQuestions: QUESTIONS.slice(0, 2) });
    const form = new FormData();
    form.append(
      "resume",
      new File(["%PDF-1.4\n1 0 obj\n<<>>\nendobj\n%%EOF\n"], "cv.pdf", { type: "application/pdf" }),
    );
    form.append("cover_letter", "Multipart hello");
    form.append(
      "answers",
      JSON.stringify([
        { question_id: "q_text", answer: "Because" },
        { question_id: "q_yes", answer: true },
      ]),
    );
    const res = await call("POST", applyPath(job.id), { raw: form, token: seeker.token });
    const body = (await res.json()) as { id: string; resume: { id: string }; answers: unknown[] };
    expect(res.status).toBe(201);
    expect(body.answers).toHaveLength(2);
    const resume = await db().select().from(resumes).where(eq(resumes.id, body.resume.id)).get();
    expect(resume).toMatchObject({ userId: seeker.user.id, contentType: "application/pdf", isPrimary: true });
    expect(resume?.r2Key).toBe(`resumes/${seeker.user.id}/${body.resume.id}`);
    expect(await env.FILES.head(`resumes/${seeker.user.id}/${body.resume.id}`)).not.toBeNull();
  });

  it("rejects a multipart file that is not a document (415) and malformed answers (400)", async () => {
    const { job, seeker } = await pipelineWorld();
    const form = new FormData();
    form.append("resume", new File([new Uint8Array([0x4d, 0x5a, 0x90, 0x00, 1, 2, 3])], "cv.pdf"));
    expectProblem(await toJson(await call("POST", applyPath(job.id), { raw: form, token: seeker.token })), 415);
    const form2 = new FormData();
    form2.append("answers", "{not json");
    expectProblem(await toJson(await call("POST", applyPath(job.id), { raw: form2, token: seeker.token })), 400);
  });

  it("takes resumes up to 5 MB with the application, and caps bodies (413) after checking the caller", async () => {
    const { job, seeker } = await pipelineWorld();
    const pdf = (bytes: number) => {
      const head = "%PDF-1.4\n";
      const tail = "\n%%EOF\n";
      return new File([head + " ".repeat(bytes - head.length - tail.length) + tail], "cv.pdf", {
        type: "application/pdf",
      });
    };
    const form = (bytes: number) => {
      const f = new FormData();
      f.append("resume", pdf(bytes));
      return f;
    };
    // Above the global 1 MiB JSON cap, within the 5 MB resume limit.
    const ok = await call("POST", applyPath(job.id), { raw: form(2 * 1024 * 1024), token: seeker.token });
    expect(ok.status).toBe(201);
    const other = await pipelineWorld();
    const big = await toJson(
      await call("POST", applyPath(other.job.id), { raw: form(5 * 1024 * 1024 + 200_000), token: other.seeker.token }),
    );
    expectProblem(big, 413);
    const json = await api.post(
      applyPath(other.job.id),
      { cover_letter: "x".repeat(300_000) },
      { token: other.seeker.token },
    );
    expectProblem(json, 413);
    // An unverified seeker is refused before the body is read.
    const unverified = await signedIn({ verified: false });
    const refused = await toJson(
      await call("POST", applyPath(other.job.id), { raw: form(5 * 1024 * 1024 + 200_000), token: unverified.token }),
    );
    expectProblem(refused, 403, "email-not-verified");
  });

  it("answers 409 already-applied to a second application, and to two concurrent ones exactly once 201", async () => {
    const { job, seeker } = await pipelineWorld();
    const first = await api.post(applyPath(job.id), {}, { token: seeker.token });
    expect(first.status).toBe(201);
    expectProblem(await api.post(applyPath(job.id), {}, { token: seeker.token }), 409, "already-applied");

    const other = await pipelineWorld();
    const results = await Promise.all([
      api.post(applyPath(other.job.id), {}, { token: other.seeker.token }),
      api.post(applyPath(other.job.id), {}, { token: other.seeker.token }),
      api.post(applyPath(other.job.id), {}, { token: other.seeker.token }),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual([201, 409, 409]);
    const rows = await db().select().from(applications).where(eq(applications.jobId, other.job.id));
    expect(rows).toHaveLength(1);
    const j = await db().select().from(jobs).where(eq(jobs.id, other.job.id)).get();
    expect(j?.applicationCount).toBe(1);
  });

  it("refuses jobs that are not open, with a problem type per reason", async () => {
    const company = await makeCompany();
    const seeker = await signedIn();
    const now = Date.now();
    const cases = [
      [{ status: "draft" as const }, "job-not-open"],
      [{ status: "closed" as const }, "job-not-open"],
      [{ status: "pending_review" as const }, "job-not-open"],
      [{ status: "expired" as const }, "job-expired"],
      [{ expiresAt: now - 1000 }, "job-expired"],
      [{ applicationDeadline: now - DAY }, "deadline-passed"],
    ] as const;
    for (const [overrides, slug] of cases) {
      const job = await makeJob({ companyId: company.id, ...overrides });
      expectProblem(await api.post(applyPath(job.id), {}, { token: seeker.token }), 409, slug);
    }
    const open = await makeJob({ companyId: company.id, applicationDeadline: now + DAY });
    expect((await api.post(applyPath(open.id), {}, { token: seeker.token })).status).toBe(201);
    expectProblem(await api.post(applyPath("no-such-job"), {}, { token: seeker.token }), 404);
  });

  it("records a click and returns the external apply_url instead of applying", async () => {
    const { job, seeker } = await pipelineWorld({ applyUrl: "https://careers.example.com/apply/1" });
    const r = await api.post(applyPath(job.id), {}, { token: seeker.token });
    expect(r.status).toBe(200);
    expect(r.json).toEqual({ external: true, apply_url: "https://careers.example.com/apply/1" });
    const clicks = await db().select().from(applyClicks).where(eq(applyClicks.jobId, job.id));
    expect(clicks).toHaveLength(1);
    expect(await db().select().from(applications).where(eq(applications.jobId, job.id))).toHaveLength(0);
  });

  it("requires a verified seeker", async () => {
    const { job, employer } = await pipelineWorld();
    expectProblem(await api.post(applyPath(job.id), {}), 401);
    expectProblem(await api.post(applyPath(job.id), {}, { token: employer.token }), 403, "forbidden-role");
    const unverified = await signedIn({ verified: false });
    expectProblem(await api.post(applyPath(job.id), {}, { token: unverified.token }), 403, "email-not-verified");
  });

  it("rejects unknown body fields (mass assignment)", async () => {
    const { job, seeker } = await pipelineWorld();
    const r = await api.post(applyPath(job.id), { status: "accepted" }, { token: seeker.token });
    expect(expectProblem(r, 400).errors[0].path).toBe("status");
  });

  it("keeps application_count consistent with existing rows", async () => {
    const { job, seeker } = await pipelineWorld();
    const other = await signedIn();
    await makeApplication(job, other.user.id);
    await db().update(jobs).set({ applicationCount: 1 }).where(eq(jobs.id, job.id));
    await api.post(applyPath(job.id), {}, { token: seeker.token });
    expect((await db().select().from(jobs).where(eq(jobs.id, job.id)).get())?.applicationCount).toBe(2);
  });
});

async function toJson(res: Response) {
  const text = await res.text();
  return { status: res.status, json: text ? JSON.parse(text) : null, headers: res.headers };
}

describe("OpenAPI", () => {
  it("documents the applications, interviews, dashboard and analytics routes", async () => {
    const r = await api.get("/openapi.json");
    expect(r.status).toBe(200);
    const ops = Object.values(r.json.paths as Record<string, Record<string, { operationId?: string }>>).flatMap((p) =>
      Object.values(p).map((o) => o.operationId),
    );
    for (const id of [
      "applyToJob",
      "listApplications",
      "listJobApplications",
      "getApplication",
      "updateApplication",
      "withdrawApplication",
      "getApplicationHistory",
      "listApplicationNotes",
      "addApplicationNote",
      "bulkUpdateApplicationStatus",
      "exportApplications",
      "scheduleInterview",
      "listMyInterviews",
      "updateInterview",
      "respondToInterview",
      "getInterviewIcs",
      "getDashboard",
      "getAdminAnalytics",
    ]) {
      expect(ops).toContain(id);
    }
    const apply = r.json.paths["/api/v1/jobs/{id}/applications"].post;
    expect(Object.keys(apply.requestBody.content)).toEqual(["application/json", "multipart/form-data"]);
  });
});
