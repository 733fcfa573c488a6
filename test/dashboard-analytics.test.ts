import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { newId } from "../src/lib/ids";
import { DAY, HOUR } from "../src/lib/time";
import { applicationFunnel } from "../src/modules/analytics/funnel";
import { normalizeSearchTerm, recordSearchTerm } from "../src/modules/analytics/search-terms";
import { employerDashboard, seekerDashboard } from "../src/modules/dashboard/service";
import { applicationStatusHistory, jobSkills, jobs, jobViewDaily, searchTerms } from "../src/platform/db/schema";
import {
  db,
  employerOf,
  makeApplication,
  makeCompany,
  makeInterview,
  makeJob,
  makeResume,
  signedIn,
} from "./factories";
import { pipelineWorld } from "./helpers/applications";
import { api, expectProblem } from "./helpers/http";

describe("GET /dashboard", () => {
  it("summarises a seeker's applications and upcoming interviews", async () => {
    const w = await pipelineWorld();
    const now = Date.now();
    await makeApplication(w.job, w.seeker.user.id);
    await makeApplication(await makeJob({ companyId: w.company.id }), w.seeker.user.id, { status: "rejected" });
    const iv = await makeApplication(await makeJob({ companyId: w.company.id }), w.seeker.user.id, {
      status: "interviewing",
    });
    await makeInterview(iv, { startsAt: now + DAY });
    await makeInterview(iv, { startsAt: now - DAY });
    const r = await api.get("/api/v1/dashboard", { token: w.seeker.token });
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({
      role: "seeker",
      applications: { total: 3, active: 2, by_status: { pending: 1, rejected: 1, interviewing: 1, accepted: 0 } },
      saved_jobs: 0,
      profile_completeness: { percent: 0 },
    });
    expect(r.json.upcoming_interviews).toHaveLength(1);
    expect(r.json.upcoming_interviews[0].job.id).toBe(iv.jobId);
  });

  it("counts the seeker's saved jobs and profile completeness from their modules", async () => {
    const w = await pipelineWorld();
    const t = { token: w.seeker.token };
    const archived = await makeJob({ companyId: w.company.id });
    for (const job of [w.job, archived]) {
      expect((await api.put(`/api/v1/jobs/${job.id}/save`, undefined, t)).status).toBeLessThan(300);
    }
    await db().update(jobs).set({ status: "archived" }).where(eq(jobs.id, archived.id));
    expect((await api.patch("/api/v1/profile", { headline: "Welder", bio: "I weld." }, t)).status).toBe(200);
    const r = await api.get("/api/v1/dashboard", t);
    // Archived jobs drop out of the saved list, so out of the count too.
    expect(r.json.saved_jobs).toBe(1);
    const profile = await api.get("/api/v1/profile", t);
    expect(r.json.profile_completeness).toEqual(profile.json.completeness);
    expect(r.json.profile_completeness.percent).toBe(20);
    expect(r.json.profile_completeness.missing).not.toContain("headline");
    // Substitutes can still be passed (the providers are a parameter).
    const d = await seekerDashboard(db(), w.seeker.user.id, Date.now(), {
      savedJobsCount: async () => 4,
      profileCompleteness: async () => ({ percent: 60, missing: ["bio"] }),
      jobViewsSince: async () => 0,
    });
    expect(d).toMatchObject({ saved_jobs: 4, profile_completeness: { percent: 60, missing: ["bio"] } });
  });

  it("summarises an employer's companies", async () => {
    const now = Date.now();
    const company = await makeCompany();
    const employer = await employerOf(company.id);
    const open = await makeJob({ companyId: company.id, viewCount: 40 });
    await makeJob({
      companyId: company.id,
      status: "published",
      expiresAt: now - 1,
      viewCount: 5,
      publishedAt: now - 40 * DAY,
    });
    const closed = await makeJob({
      companyId: company.id,
      status: "closed",
      viewCount: 7,
      publishedAt: now - 10 * DAY,
    });
    await makeJob({ companyId: company.id, status: "draft", viewCount: 0 });
    await makeJob({
      companyId: company.id,
      status: "closed",
      viewCount: 1000,
      publishedAt: now - 90 * DAY,
      closedAt: now - 60 * DAY,
    });
    const [s0, s1, s2, s3] = [await signedIn(), await signedIn(), await signedIn(), await signedIn()];
    await makeApplication(open, s0.user.id, { createdAt: now - 2 * DAY });
    await makeApplication(open, s1.user.id, { createdAt: now - 20 * DAY, status: "reviewing" });
    // Two hires: 10 and 20 days from applying to accepted.
    await makeApplication(open, s2.user.id, {
      createdAt: now - 30 * DAY,
      status: "accepted",
      statusChangedAt: now - 20 * DAY,
    });
    const hire2 = await makeApplication(open, s3.user.id, {
      createdAt: now - 25 * DAY,
      status: "accepted",
      statusChangedAt: now - 5 * DAY,
    });
    await makeInterview(hire2, { startsAt: now + 2 * DAY });
    // Another company's numbers never leak in.
    const other = await makeJob({ companyId: (await makeCompany()).id, viewCount: 999 });
    await makeApplication(other, s0.user.id);
    // Unique views per day: the last 30 days count, older days and other companies' jobs do not.
    const today = Math.floor(now / DAY);
    await db()
      .insert(jobViewDaily)
      .values([
        { jobId: open.id, day: today, views: 10 },
        { jobId: open.id, day: today - 5, views: 20 },
        { jobId: open.id, day: today - 40, views: 100 },
        { jobId: closed.id, day: today - 10, views: 7 },
        { jobId: other.id, day: today, views: 999 },
      ]);

    const r = await api.get("/api/v1/dashboard", { token: employer.token });
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({
      role: "employer",
      companies: 1,
      open_jobs: 1,
      applications_by_status: { pending: 1, reviewing: 1, accepted: 2, rejected: 0 },
      new_applications_7d: 1,
      hires: 2,
      average_time_to_hire_days: 15,
      views_30d: 10 + 20 + 7,
    });
    expect(r.json.upcoming_interviews).toHaveLength(1);
    const viaExtras = await employerDashboard(db(), employer.user.id, now, {
      savedJobsCount: async () => 0,
      profileCompleteness: async () => null,
      jobViewsSince: async () => 12,
    });
    expect(viaExtras.views_30d).toBe(12);
    expect((await api.get("/api/v1/dashboard", { token: (await signedIn({ role: "admin" })).token })).status).toBe(403);
    expectProblem(await api.get("/api/v1/dashboard"), 401);
  });
});

describe("applicationFunnel", () => {
  it("counts stages, conversions and median time per stage from the history", async () => {
    const w = await pipelineWorld();
    const t0 = Date.now() - 30 * DAY;
    // Stage paths with hours spent in each stage.
    const paths: Array<Array<[string, number]>> = [
      [
        ["pending", 10],
        ["reviewing", 5],
        ["shortlisted", 1],
        ["interviewing", 2],
        ["offered", 1],
        ["accepted", 0],
      ],
      [
        ["pending", 20],
        ["reviewing", 15],
        ["shortlisted", 3],
        ["rejected", 0],
      ],
      [
        ["pending", 30],
        ["reviewing", 25],
        ["withdrawn", 0],
      ],
      [
        ["pending", 40],
        ["rejected", 0],
      ],
    ];
    for (const path of paths) {
      const s = await signedIn();
      const final = path.at(-1)?.[0];
      const app = await makeApplication(w.job, s.user.id, { createdAt: t0, status: final as never });
      let at = t0;
      for (const [i, [to]] of path.entries()) {
        const prev = path[i - 1];
        if (!prev) continue;
        at += prev[1] * HOUR;
        await db()
          .insert(applicationStatusHistory)
          .values({
            id: newId(),
            applicationId: app.id,
            fromStatus: prev[0] as never,
            toStatus: to as never,
            actorRole: "company",
            createdAt: at,
          });
      }
    }
    await makeApplication(await makeJob({ companyId: w.company.id }), (await signedIn()).user.id); // other job: ignored
    const f = await applicationFunnel(db(), w.job.id);
    expect(f).toMatchObject({ job_id: w.job.id, total_applications: 4, rejected: 2, withdrawn: 1 });
    const stage = (name: string) => f.stages.find((s) => s.stage === name);
    expect(f.stages.map((s) => [s.stage, s.count])).toEqual([
      ["applied", 4],
      ["reviewing", 3],
      ["shortlisted", 2],
      ["interviewing", 1],
      ["offered", 1],
      ["accepted", 1],
    ]);
    expect(stage("reviewing")).toMatchObject({ conversion_from_previous: 0.75, conversion_from_applied: 0.75 });
    expect(stage("shortlisted")).toMatchObject({ conversion_from_previous: 0.6667, conversion_from_applied: 0.5 });
    expect(stage("applied")?.median_hours_in_stage).toBe(25); // 10, 20, 30, 40
    expect(stage("reviewing")?.median_hours_in_stage).toBe(15); // 5, 15, 25
    expect(stage("shortlisted")?.median_hours_in_stage).toBe(2); // 1, 3
    expect(stage("accepted")?.median_hours_in_stage).toBeNull();
  });
});

describe("search terms and GET /admin/analytics", () => {
  it("normalises and anonymises search terms", () => {
    expect(normalizeSearchTerm('  "Senior   RUST"  Engineer ')).toBe("senior rust engineer");
    expect(normalizeSearchTerm("ｒｕｓｔ")).toBe("rust");
    expect(normalizeSearchTerm("jane.doe@example.com")).toBeNull();
    expect(normalizeSearchTerm("+49 170 1234567")).toBeNull();
    expect(normalizeSearchTerm("https://evil.example")).toBeNull();
    expect(normalizeSearchTerm("x")).toBeNull();
    expect(normalizeSearchTerm("a".repeat(101))).toBeNull();
  });

  it("reports totals, sign-ups, jobs, funnel, skills and searches to admins only", async () => {
    const admin = await signedIn({ role: "admin" });
    const w = await pipelineWorld();
    const rows = await db().select().from(searchTerms);
    expect(rows.every((r) => Object.keys(r).sort().join() === "count,day,term,zeroResults")).toBe(true);
    for (const t of ["Kotlin", "kotlin ", "KOTLIN", "Elixir", "me@x.io"]) await recordSearchTerm(db(), t);
    await recordSearchTerm(db(), "elixir", Date.now() - 40 * DAY); // outside a 30-day window
    await db()
      .insert(jobSkills)
      .values([
        { jobId: w.job.id, skill: "zig-lang", required: true },
        { jobId: (await makeJob({ companyId: w.company.id })).id, skill: "zig-lang", required: true },
        {
          jobId: (await makeJob({ companyId: w.company.id, status: "draft" })).id,
          skill: "cobol-lang",
          required: true,
        },
      ]);
    await makeResume(w.seeker.user.id, { extractedSkills: ["Zig-Lang", "cobol-lang"] });
    await makeResume(w.seeker.user.id, { extractedSkills: ["zig-lang"] });

    const r = await api.get("/api/v1/admin/analytics?days=7", { token: admin.token });
    expect(r.status).toBe(200);
    expect(r.json.days).toBe(7);
    expect(r.json.signups_per_day).toHaveLength(7);
    expect(r.json.signups_per_day.at(-1).date).toBe(new Date().toISOString().slice(0, 10));
    expect(r.json.signups_per_day.at(-1).count).toBeGreaterThanOrEqual(3);
    expect(r.json.totals.admins).toBeGreaterThanOrEqual(1);
    expect(r.json.totals.users).toBe(r.json.totals.seekers + r.json.totals.employers + r.json.totals.admins);
    expect(Object.keys(r.json.jobs_by_status)).toEqual([
      "draft",
      "pending_review",
      "published",
      "closed",
      "expired",
      "archived",
    ]);
    expect(r.json.application_funnel.stages[0].stage).toBe("applied");
    expect(r.json.top_skills.demand).toContainEqual({ skill: "zig-lang", jobs: 2, seekers: 1 });
    expect(r.json.top_skills.demand.find((d: { skill: string }) => d.skill === "cobol-lang")).toBeUndefined();
    expect(r.json.top_skills.supply).toContainEqual({ skill: "cobol-lang", seekers: 1, jobs: null });
    expect(r.json.top_searches.slice(0, 2)).toEqual([
      { term: "kotlin", count: 3 },
      { term: "elixir", count: 1 },
    ]);
    expect(JSON.stringify(r.json.top_searches)).not.toContain("@");

    expectProblem(await api.get("/api/v1/admin/analytics", { token: w.employer.token }), 403);
    expectProblem(await api.get("/api/v1/admin/analytics", { token: w.seeker.token }), 403);
    expectProblem(await api.get("/api/v1/admin/analytics"), 401);
    expectProblem(await api.get("/api/v1/admin/analytics?days=0", { token: admin.token }), 400);
  });
});
