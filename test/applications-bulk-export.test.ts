import { env } from "cloudflare:test";
import { eq, inArray } from "drizzle-orm";
import { afterEach, describe, expect, it, vi } from "vitest";
import { csvCell, exportApplicantData } from "../src/modules/applications/export";
import { applicationStatusHistory, applications } from "../src/platform/db/schema";
import { db, employerOf, makeApplication, makeCompany, makeJob, signedIn } from "./factories";
import { pipelineWorld, QUESTIONS } from "./helpers/applications";
import { api, call, expectProblem } from "./helpers/http";

afterEach(() => vi.restoreAllMocks());

describe("POST /applications/bulk", () => {
  it("authorises and transitions each id on its own", async () => {
    const { job, employer } = await pipelineWorld();
    const s = await signedIn();
    const okA = await makeApplication(job, s.user.id);
    const okB = await makeApplication(await makeJob({ companyId: job.companyId }), s.user.id);
    const illegal = await makeApplication(await makeJob({ companyId: job.companyId }), s.user.id, {
      status: "offered",
    });
    const foreign = await makeApplication(await makeJob({ companyId: (await makeCompany()).id }), s.user.id);
    const send = vi.spyOn(env.EVENTS, "sendBatch");
    const ids = [okA.id, illegal.id, foreign.id, "missing-id", okB.id];
    const r = await api.post("/api/v1/applications/bulk", { ids, status: "reviewing" }, { token: employer.token });
    expect(r.status).toBe(200);
    expect(r.json.data).toEqual([
      { id: okA.id, ok: true, status: "reviewing" },
      { id: illegal.id, ok: false, error: "invalid-transition" },
      { id: foreign.id, ok: false, error: "not-found" },
      { id: "missing-id", ok: false, error: "not-found" },
      { id: okB.id, ok: true, status: "reviewing" },
    ]);
    const rows = await db().select().from(applications).where(inArray(applications.id, ids));
    const status = Object.fromEntries(rows.map((a) => [a.id, a.status]));
    expect(status).toEqual({
      [okA.id]: "reviewing",
      [okB.id]: "reviewing",
      [illegal.id]: "offered",
      [foreign.id]: "pending",
    });
    const hist = await db()
      .select()
      .from(applicationStatusHistory)
      .where(inArray(applicationStatusHistory.applicationId, [okA.id, okB.id, illegal.id]));
    expect(
      hist
        .filter((h) => h.toStatus === "reviewing")
        .map((h) => h.applicationId)
        .sort(),
    ).toEqual([okA.id, okB.id].sort());
    const sent = send.mock.calls.flatMap(([batch]) =>
      [...batch].map((m) => m.body as { type: string; application_id: string }),
    );
    expect(
      sent
        .filter((m) => m.type === "application.status_changed")
        .map((m) => m.application_id)
        .sort(),
    ).toEqual([okA.id, okB.id].sort());
  });

  it("rejects with a reason in bulk and validates the body", async () => {
    const { job, employer } = await pipelineWorld();
    const a = await makeApplication(job, (await signedIn()).user.id, { status: "shortlisted" });
    const r = await api.post(
      "/api/v1/applications/bulk",
      { ids: [a.id], status: "rejected", rejection_reason: "position_filled" },
      { token: employer.token },
    );
    expect(r.json.data[0]).toEqual({ id: a.id, ok: true, status: "rejected" });
    expect((await db().select().from(applications).where(eq(applications.id, a.id)).get())?.rejectionReason).toBe(
      "position_filled",
    );
    const bulk = (body: unknown, token = employer.token) => api.post("/api/v1/applications/bulk", body, { token });
    expectProblem(await bulk({ ids: [], status: "reviewing" }), 400);
    expectProblem(await bulk({ ids: [a.id, a.id], status: "reviewing" }), 400);
    expectProblem(await bulk({ ids: Array.from({ length: 101 }, (_, i) => `id${i}`), status: "reviewing" }), 400);
    expectProblem(await bulk({ ids: [a.id], status: "reviewing", extra: 1 }), 400);
    expectProblem(await bulk({ ids: [a.id], status: "reviewing" }, (await signedIn()).token), 403);
    expectProblem(await api.post("/api/v1/applications/bulk", { ids: [a.id], status: "reviewing" }), 401);
  });
});

describe("GET /applications/export", () => {
  it("exports a job's applications as formula-safe CSV for company members only", async () => {
    const { job, employer } = await pipelineWorld({ screeningQuestions: QUESTIONS.slice(0, 2) });
    const s = await signedIn({ firstName: '=HYPERLINK("http://evil")', lastName: "Smith, Jr." });
    await makeApplication(job, s.user.id, {
      coverLetter: "+1 line one\nline two",
      answers: [
        { question_id: "q_text", answer: "@SUM(A1)" },
        { question_id: "q_yes", answer: true },
      ],
      rating: 5,
    });
    const res = await call("GET", `/api/v1/applications/export?job_id=${job.id}&format=csv`, { token: employer.token });
    expect(res.status).toBe(200);
    expect(res.headers.get("Content-Type")).toContain("text/csv");
    expect(res.headers.get("Content-Disposition")).toMatch(/^attachment; filename="applications-/);
    const csv = await res.text();
    const [header, row] = csv.split("\r\n");
    expect(header).toBe(
      "application_id,applied_at,status,first_name,last_name,email,rating,rejection_reason,resume_url,cover_letter,Why us?,Can you work in the EU?",
    );
    expect(row).toContain(`"'=HYPERLINK(""http://evil"")"`);
    expect(row).toContain('"Smith, Jr."');
    expect(row).toContain("'@SUM(A1)");
    expect(csv).toContain(`"'+1 line one\nline two"`);
    expect(row).toContain(",5,");

    const other = await employerOf((await makeCompany()).id);
    expectProblem(await api.get(`/api/v1/applications/export?job_id=${job.id}`, { token: other.token }), 404);
    expectProblem(await api.get(`/api/v1/applications/export?job_id=${job.id}`, { token: s.token }), 403);
    expectProblem(await api.get("/api/v1/applications/export", { token: employer.token }), 400);
    expectProblem(
      await api.get(`/api/v1/applications/export?job_id=${job.id}&format=xlsx`, { token: employer.token }),
      400,
    );
  });

  it("escapes every dangerous leading character", () => {
    expect(["=1", "+1", "-1", "@a", "\tx", "\rx", "ok", "a=b"].map(csvCell)).toEqual([
      "'=1",
      "'+1",
      "'-1",
      "'@a",
      "'\tx",
      '"\'\rx"',
      "ok",
      "a=b",
    ]);
  });
});

describe("exportApplicantData", () => {
  it("returns the user's applications with history and interviews, without internal data", async () => {
    const { job, employer, seeker } = await pipelineWorld();
    const app = await makeApplication(job, seeker.user.id, { rating: 2, rejectionNote: "secret note" });
    await api.post(`/api/v1/applications/${app.id}/notes`, { body: "secret internal" }, { token: employer.token });
    await makeApplication(job, (await signedIn()).user.id);
    const data = await exportApplicantData(db(), seeker.user.id);
    expect(data.applications).toHaveLength(1);
    expect(data.applications[0]).toMatchObject({
      id: app.id,
      job: { id: job.id },
      history: [{ to_status: "pending" }],
    });
    expect(JSON.stringify(data)).not.toMatch(/secret|rating/);
    expect(data.interviews).toEqual([]);
  });
});
