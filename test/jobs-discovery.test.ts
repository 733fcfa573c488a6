import { createExecutionContext, createScheduledController, env, waitOnExecutionContext } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import worker from "../src/index";
import { trendingCache } from "../src/modules/jobs/discovery";
import { jobViewDaily, jobViews } from "../src/platform/db/schema";
import { db, makeApplication, makeCategory, makeCompany, makeJob, makeUser } from "./factories";
import { api, expectProblem } from "./helpers/http";

const DAY = 86_400_000;

async function runCron(cron: string, scheduledTime: number) {
  const ctx = createExecutionContext();
  await worker.scheduled(createScheduledController({ cron, scheduledTime }), env, ctx);
  await waitOnExecutionContext(ctx);
}

describe("featured, trending and similar jobs", () => {
  it("GET /jobs/featured lists published featured jobs, newest first", async () => {
    const company = await makeCompany({ verified: true });
    const older = await makeJob({ companyId: company.id, isFeatured: true, publishedAt: Date.now() - 2 * DAY });
    const newer = await makeJob({ companyId: company.id, isFeatured: true });
    await makeJob({ companyId: company.id, isFeatured: false });
    await makeJob({ companyId: company.id, isFeatured: true, status: "closed" });
    const r = await api.get("/api/v1/jobs/featured");
    expect(r.json.data.map((j: { id: string }) => j.id)).toEqual([newer.id, older.id]);
    expectProblem(await api.get("/api/v1/jobs/featured?limit=500"), 400);
  });

  it("trending ranks recent views and applications with time decay, computed by the hourly cron", async () => {
    const company = await makeCompany({ verified: true });
    const now = Date.now();
    const today = Math.floor(now / DAY);
    const fresh = await makeJob({ companyId: company.id, title: "Fresh" });
    const stale = await makeJob({ companyId: company.id, title: "Stale" });
    const applied = await makeJob({ companyId: company.id, title: "Applied" });
    const closed = await makeJob({ companyId: company.id, title: "Closed", status: "closed" });
    await db()
      .insert(jobViewDaily)
      .values([
        { jobId: fresh.id, day: today, views: 10 },
        // Twice the views, but ten days ago: decayed below the fresh job.
        { jobId: stale.id, day: today - 10, views: 20 },
        { jobId: applied.id, day: today, views: 4 },
        { jobId: closed.id, day: today, views: 100 },
      ]);
    for (let i = 0; i < 2; i++) {
      const u = await makeUser();
      await makeApplication(applied, u.id, { createdAt: now });
    }
    await runCron("0 * * * *", now);
    const snapshot = await trendingCache.get(env, undefined);
    expect(snapshot?.jobs.map((j) => j.id)).toEqual([applied.id, fresh.id, stale.id]);
    const r = await api.get("/api/v1/jobs/trending?limit=2");
    expect(r.json.data.map((j: { title: string }) => j.title)).toEqual(["Applied", "Fresh"]);
    expect(r.json.data[0].trending_score).toBeGreaterThan(r.json.data[1].trending_score);
  });

  it("the daily cron prunes old per-viewer dedupe rows but keeps the daily counts", async () => {
    const company = await makeCompany({ verified: true });
    const job = await makeJob({ companyId: company.id });
    const today = Math.floor(Date.now() / DAY);
    await db()
      .insert(jobViews)
      .values([
        { jobId: job.id, day: today - 5, viewer: "old-viewer-hash" },
        { jobId: job.id, day: today, viewer: "new-viewer-hash" },
      ]);
    await runCron("0 3 * * *", Date.now());
    const left = await env.DB.prepare("SELECT day FROM job_views WHERE job_id = ?").bind(job.id).all<{ day: number }>();
    expect(left.results.map((r) => r.day)).toEqual([today]);
    const daily = await env.DB.prepare("SELECT sum(views) AS v FROM job_view_daily WHERE job_id = ?")
      .bind(job.id)
      .first<{ v: number }>();
    expect(daily?.v).toBe(2);
  });

  it("similar jobs share skills, category or title words; never the job itself or closed jobs", async () => {
    const company = await makeCompany({ verified: true });
    const cat = await makeCategory();
    const base = await makeJob({
      companyId: company.id,
      categoryId: cat.id,
      title: "Rust Systems Engineer",
      skills: ["Rust", "Linux"],
    });
    const sameSkills = await makeJob({
      companyId: company.id,
      title: "Embedded Developer",
      skills: ["Rust", "Linux"],
    });
    const sameTitle = await makeJob({ companyId: company.id, title: "Rust Backend Engineer" });
    const sameCategory = await makeJob({ companyId: company.id, categoryId: cat.id, title: "QA Specialist" });
    const closed = await makeJob({
      companyId: company.id,
      title: "Rust Engineer",
      skills: ["Rust", "Linux"],
      status: "closed",
    });
    await makeJob({ companyId: company.id, title: "Pastry Chef" });
    const r = await api.get(`/api/v1/jobs/${base.id}/similar`);
    expect(r.status).toBe(200);
    const ids = r.json.data.map((j: { id: string }) => j.id);
    expect(ids[0]).toBe(sameSkills.id);
    expect(ids).toEqual(expect.arrayContaining([sameSkills.id, sameTitle.id, sameCategory.id]));
    expect(ids).not.toContain(base.id);
    expect(ids).not.toContain(closed.id);
    expect(r.json.data.map((j: { title: string }) => j.title)).not.toContain("Pastry Chef");
    expectProblem(await api.get(`/api/v1/jobs/${closed.id}/similar`), 404);
  });
});
