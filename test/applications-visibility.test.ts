import { describe, expect, it } from "vitest";
import { employerOf, makeApplication, makeCompany, makeJob, makeResume, signedIn } from "./factories";
import { pipelineWorld } from "./helpers/applications";
import { api, expectProblem } from "./helpers/http";

async function world() {
  const w = await pipelineWorld();
  const recruiter = await employerOf(w.company.id, "recruiter");
  const otherEmployer = await employerOf((await makeCompany()).id);
  const otherSeeker = await signedIn();
  const admin = await signedIn({ role: "admin" });
  const resume = await makeResume(w.seeker.user.id);
  const app = await makeApplication(w.job, w.seeker.user.id, { resumeId: resume.id, rating: 3, coverLetter: "Hi" });
  await api.post(`/api/v1/applications/${app.id}/notes`, { body: "Strong Go skills" }, { token: recruiter.token });
  return { ...w, recruiter, otherEmployer, otherSeeker, admin, resume, app };
}

describe("who sees an application", () => {
  it("follows the visibility matrix on GET /applications/{id}", async () => {
    const w = await world();
    const path = `/api/v1/applications/${w.app.id}`;

    const mine = await api.get(path, { token: w.seeker.token });
    expect(mine.status).toBe(200);
    expect(mine.json).toMatchObject({ id: w.app.id, company: { id: w.company.id }, job: { id: w.job.id } });
    expect(mine.json.history).toHaveLength(1);
    for (const internal of ["notes", "rating", "rejection_note", "applicant"])
      expect(mine.json).not.toHaveProperty(internal);
    expect(JSON.stringify(mine.json)).not.toContain("Strong Go skills");

    for (const staff of [w.recruiter, w.employer, w.admin]) {
      const r = await api.get(path, { token: staff.token });
      expect(r.status).toBe(200);
      expect(r.json).toMatchObject({
        rating: 3,
        applicant: { id: w.seeker.user.id, first_name: "Test", email: w.seeker.user.email },
        resume: { id: w.resume.id, download_url: `/api/v1/resumes/${w.resume.id}/download` },
        notes: [{ body: "Strong Go skills", author: { id: w.recruiter.user.id } }],
      });
    }

    expectProblem(await api.get(path, { token: w.otherEmployer.token }), 404);
    expectProblem(await api.get(path, { token: w.otherSeeker.token }), 404);
    expectProblem(await api.get(path), 401);
    expectProblem(await api.get("/api/v1/applications/does-not-exist", { token: w.admin.token }), 404);
  });

  it("sends an ETag and answers 304 to If-None-Match", async () => {
    const w = await world();
    const first = await api.get(`/api/v1/applications/${w.app.id}`, { token: w.seeker.token });
    const etag = first.headers.get("ETag");
    expect(etag).toBeTruthy();
    const again = await api.get(`/api/v1/applications/${w.app.id}`, {
      token: w.seeker.token,
      headers: { "If-None-Match": etag ?? "" },
    });
    expect(again.status).toBe(304);
  });

  it("keeps notes for company members only", async () => {
    const w = await world();
    const path = `/api/v1/applications/${w.app.id}/notes`;
    const list = await api.get(path, { token: w.employer.token });
    expect(list.status).toBe(200);
    expect(list.json.data).toEqual([
      expect.objectContaining({ body: "Strong Go skills", author: expect.objectContaining({ first_name: "Test" }) }),
    ]);
    expectProblem(await api.get(path, { token: w.seeker.token }), 403);
    expectProblem(await api.post(path, { body: "I am great" }, { token: w.seeker.token }), 403);
    expectProblem(await api.get(path, { token: w.otherEmployer.token }), 404);
    expectProblem(await api.post(path, { body: "x" }, { token: w.otherEmployer.token }), 404);
    expectProblem(await api.post(path, { body: "   " }, { token: w.employer.token }), 400);
    expectProblem(await api.get(path), 401);
    // Not in the applicant's list either.
    const seekerList = await api.get("/api/v1/applications", { token: w.seeker.token });
    expect(JSON.stringify(seekerList.json)).not.toContain("Strong Go skills");
  });
});

describe("GET /applications", () => {
  it("lists by scope: own, company's, all", async () => {
    const w = await world();
    const elsewhere = await makeJob({ companyId: (await makeCompany()).id });
    const foreign = await makeApplication(elsewhere, w.otherSeeker.user.id);

    const ids = (r: { json: { data: Array<{ id: string }> } }) => r.json.data.map((a) => a.id);
    const seeker = await api.get("/api/v1/applications", { token: w.seeker.token });
    expect(ids(seeker)).toEqual([w.app.id]);
    expect(seeker.json.data[0].history).toHaveLength(1);
    expect(seeker.json.data[0]).not.toHaveProperty("rating");

    const employer = await api.get("/api/v1/applications", { token: w.recruiter.token });
    expect(ids(employer)).toEqual([w.app.id]);
    expect(employer.json.data[0].applicant.id).toBe(w.seeker.user.id);

    expect(ids(await api.get("/api/v1/applications", { token: w.otherEmployer.token }))).toEqual([]);
    const admin = await api.get("/api/v1/applications?limit=100", { token: w.admin.token });
    expect(ids(admin)).toEqual(expect.arrayContaining([w.app.id, foreign.id]));
    expectProblem(await api.get("/api/v1/applications"), 401);
  });

  it("filters by job, status and applicant name, sorts by rating, and pages with a cursor", async () => {
    const company = await makeCompany();
    const employer = await employerOf(company.id);
    const job = await makeJob({ companyId: company.id });
    const otherJob = await makeJob({ companyId: company.id });
    const names = ["Ada Lovelace", "Alan Turing", "Grace Hopper", "Linus O'Brien_x"];
    const apps = [];
    for (const [i, name] of names.entries()) {
      const [firstName, lastName] = name.split(" ") as [string, string];
      const s = await signedIn({ firstName, lastName });
      apps.push(
        await makeApplication(i === 3 ? otherJob : job, s.user.id, {
          rating: i === 0 ? null : i,
          status: i === 2 ? "reviewing" : "pending",
          createdAt: Date.now() - (10 - i) * 1000,
        }),
      );
    }
    const get = (qs: string) => api.get(`/api/v1/applications?${qs}`, { token: employer.token });
    const ids = (r: { json: { data: Array<{ id: string }> } }) => r.json.data.map((a) => a.id);

    expect(ids(await get(`job_id=${otherJob.id}`))).toEqual([apps[3]?.id]);
    expect(ids(await get("status=reviewing"))).toEqual([apps[2]?.id]);
    expect(ids(await get("q=turing"))).toEqual([apps[1]?.id]);
    expect(ids(await get("q=ada%20love"))).toEqual([apps[0]?.id]);
    expect(ids(await get("q=%25"))).toEqual([]);
    expect(ids(await get("q=o'brien_"))).toEqual([apps[3]?.id]);
    // Newest first by default.
    expect(ids(await get("limit=100"))).toEqual([apps[3], apps[2], apps[1], apps[0]].map((a) => a?.id));

    // Rating: 3, 2, 1, then unrated; walked two at a time.
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page = await get(`sort=rating&limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`);
      expect(page.status).toBe(200);
      seen.push(...ids(page));
      cursor = page.json.next_cursor;
    } while (cursor);
    expect(seen).toEqual([apps[3], apps[2], apps[1], apps[0]].map((a) => a?.id));

    expectProblem(await get("cursor=garbage"), 400, "invalid-cursor");
    expectProblem(await get("sort=name"), 400);
    expectProblem(await get("status=nope"), 400);
  });
});

describe("GET /jobs/{id}/applications", () => {
  it("is for members of the job's company and admins", async () => {
    const w = await world();
    const path = `/api/v1/jobs/${w.job.id}/applications`;
    const r = await api.get(path, { token: w.recruiter.token });
    expect(r.status).toBe(200);
    expect(r.json.data.map((a: { id: string }) => a.id)).toEqual([w.app.id]);
    expect((await api.get(path, { token: w.admin.token })).status).toBe(200);
    expectProblem(await api.get(path, { token: w.otherEmployer.token }), 404);
    expectProblem(await api.get(path, { token: w.seeker.token }), 403);
    expectProblem(await api.get(path), 401);
    expectProblem(await api.get("/api/v1/jobs/nope/applications", { token: w.recruiter.token }), 404);
    // An empty page (no application has this status): still 200 for a member and
    // an admin, still 404 for another company (the membership is part of the page query).
    const none = `${path}?status=offered`;
    const empty = await api.get(none, { token: w.recruiter.token });
    expect(empty.status).toBe(200);
    expect(empty.json.data).toEqual([]);
    expect((await api.get(none, { token: w.admin.token })).json.data).toEqual([]);
    expectProblem(await api.get(none, { token: w.otherEmployer.token }), 404);
  });
});
