import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { reports, savedJobs } from "../src/platform/db/schema";
import { addMember, db, employerWithCompany, makeCompany, makeJob, signedIn } from "./factories";
import { api, expectProblem } from "./helpers/http";
import { jobBody } from "./helpers/jobs";

describe("job authorization matrix", () => {
  it("POST /jobs: anonymous 401, seeker 403, unverified email 403, non-member 404, member and admin 201", async () => {
    const emp = await employerWithCompany();
    const body = jobBody(emp.company.id);
    expectProblem(await api.post("/api/v1/jobs", body), 401);
    const seeker = await signedIn({ role: "seeker" });
    expectProblem(await api.post("/api/v1/jobs", body, { token: seeker.token }), 403, "forbidden-role");
    const unverified = await signedIn({ role: "employer", verified: false });
    await addMember(emp.company.id, unverified.user.id, "recruiter");
    expectProblem(await api.post("/api/v1/jobs", body, { token: unverified.token }), 403, "email-not-verified");
    const stranger = await employerWithCompany();
    expectProblem(await api.post("/api/v1/jobs", body, { token: stranger.token }), 404);
    expect((await api.post("/api/v1/jobs", body, { token: emp.token })).status).toBe(201);
    const recruiter = await signedIn({ role: "employer" });
    await addMember(emp.company.id, recruiter.user.id, "recruiter");
    expect((await api.post("/api/v1/jobs", body, { token: recruiter.token })).status).toBe(201);
    const admin = await signedIn({ role: "admin" });
    expect((await api.post("/api/v1/jobs", body, { token: admin.token })).status).toBe(201);
    expectProblem(await api.post("/api/v1/jobs", jobBody("no-such-company"), { token: emp.token }), 404);
  });

  it("PATCH/DELETE/publish/close: others get 404, seekers 403, only admins may feature", async () => {
    const emp = await employerWithCompany();
    const other = await employerWithCompany();
    const seeker = await signedIn({ role: "seeker" });
    const admin = await signedIn({ role: "admin" });
    const job = await makeJob({ companyId: emp.company.id });
    const id = job.id;
    for (const [method, path, body] of [
      ["patch", `/api/v1/jobs/${id}`, { title: "Hijacked" }],
      ["delete", `/api/v1/jobs/${id}`, undefined],
      ["post", `/api/v1/jobs/${id}/publish`, undefined],
      ["post", `/api/v1/jobs/${id}/close`, undefined],
      ["get", `/api/v1/jobs/${id}/analytics`, undefined],
    ] as const) {
      const call = (token?: string) =>
        method === "get" || method === "delete" ? api[method](path, { token }) : api[method](path, body, { token });
      expectProblem(await call(), 401);
      expectProblem(await call(seeker.token), 403);
      expectProblem(await call(other.token), 404);
    }
    expectProblem(await api.patch(`/api/v1/jobs/${id}`, { is_featured: true }, { token: emp.token }), 403);
    const featured = await api.patch(`/api/v1/jobs/${id}`, { is_featured: true }, { token: admin.token });
    expect(featured.json.is_featured).toBe(true);
    const edited = await api.patch(`/api/v1/jobs/${id}`, { title: "Edited by owner" }, { token: emp.token });
    expect(edited.json.title).toBe("Edited by owner");
    expect(edited.json.slug).toBe("edited-by-owner");
    expectProblem(await api.patch(`/api/v1/jobs/${id}`, { status: "draft" }, { token: emp.token }), 400);
    expectProblem(await api.patch(`/api/v1/jobs/${id}`, { company_id: other.company.id }, { token: emp.token }), 400);
    expect((await api.post(`/api/v1/jobs/${id}/close`, undefined, { token: admin.token })).json.status).toBe("closed");
  });

  it("replaces skills on PATCH and keeps job_skills in step", async () => {
    const emp = await employerWithCompany();
    const created = await api.post("/api/v1/jobs", jobBody(emp.company.id), { token: emp.token });
    const r = await api.patch(
      `/api/v1/jobs/${created.json.id}`,
      { skills: [{ name: " Rust " }, { name: "rust" }, { name: "WASM", required: false }] },
      { token: emp.token },
    );
    expect(r.json.skills).toEqual([
      { name: "Rust", required: true },
      { name: "WASM", required: false },
    ]);
    const rows = await db()
      .$client.prepare("SELECT skill FROM job_skills WHERE job_id = ? ORDER BY skill")
      .bind(created.json.id)
      .all();
    expect(rows.results.map((x) => x.skill)).toEqual(["rust", "wasm"]);
  });
});

describe("saved jobs", () => {
  it("PUT/DELETE are idempotent; the list shows summaries; is_saved reflects it", async () => {
    const seeker = await signedIn({ role: "seeker" });
    const company = await makeCompany({ verified: true });
    const a = await makeJob({ companyId: company.id, title: "First" });
    const b = await makeJob({ companyId: company.id, title: "Second" });
    const draft = await makeJob({ companyId: company.id, status: "draft", publishedAt: null });
    for (let i = 0; i < 2; i++) {
      expect((await api.put(`/api/v1/jobs/${a.id}/save`, undefined, { token: seeker.token })).status).toBe(204);
    }
    expect((await api.put(`/api/v1/jobs/${b.id}/save`, undefined, { token: seeker.token })).status).toBe(204);
    expectProblem(await api.put(`/api/v1/jobs/${draft.id}/save`, undefined, { token: seeker.token }), 404);
    expectProblem(await api.put(`/api/v1/jobs/${a.id}/save`), 401);
    const employer = await signedIn({ role: "employer" });
    expectProblem(await api.put(`/api/v1/jobs/${a.id}/save`, undefined, { token: employer.token }), 403);

    const list = await api.get("/api/v1/saved-jobs?limit=1", { token: seeker.token });
    expect(list.json.data).toHaveLength(1);
    const page2 = await api.get(`/api/v1/saved-jobs?limit=1&cursor=${list.json.next_cursor}`, { token: seeker.token });
    const titles = [...list.json.data, ...page2.json.data].map((s: { job: { title: string } }) => s.job.title).sort();
    expect(titles).toEqual(["First", "Second"]);
    expect(page2.json.next_cursor).toBeNull();

    for (let i = 0; i < 2; i++) {
      expect((await api.delete(`/api/v1/jobs/${a.id}/save`, { token: seeker.token })).status).toBe(204);
    }
    const rows = await db()
      .select()
      .from(savedJobs)
      .where(and(eq(savedJobs.userId, seeker.user.id), eq(savedJobs.jobId, a.id)));
    expect(rows).toHaveLength(0);
    // Another seeker's list is their own.
    const other = await signedIn({ role: "seeker" });
    expect((await api.get("/api/v1/saved-jobs", { token: other.token })).json.data).toEqual([]);
    expectProblem(await api.get("/api/v1/saved-jobs", { token: employer.token }), 403);
  });
});

describe("POST /jobs/{id}/report", () => {
  it("records one report per user and job for moderation", async () => {
    const company = await makeCompany({ verified: true });
    const job = await makeJob({ companyId: company.id });
    const user = await signedIn({ role: "seeker" });
    expectProblem(await api.post(`/api/v1/jobs/${job.id}/report`, { reason: "Scam" }), 401);
    expectProblem(await api.post(`/api/v1/jobs/${job.id}/report`, { reason: "" }, { token: user.token }), 400);
    const first = await api.post(
      `/api/v1/jobs/${job.id}/report`,
      { reason: "Looks like a scam" },
      { token: user.token },
    );
    expect(first.status).toBe(201);
    const second = await api.post(`/api/v1/jobs/${job.id}/report`, { reason: "Again" }, { token: user.token });
    expect(second.status).toBe(200);
    expect(second.json.id).toBe(first.json.id);
    const rows = await db().select().from(reports).where(eq(reports.targetId, job.id));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ targetType: "job", reason: "Looks like a scam", status: "open" });
    expectProblem(await api.post("/api/v1/jobs/nope/report", { reason: "Scam!" }, { token: user.token }), 404);
  });
});
