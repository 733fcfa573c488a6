import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { newId } from "../src/lib/ids";
import { auditLog, companies, jobs, reports, reviews } from "../src/platform/db/schema";
import { db, makeCompany, makeJob, signedIn } from "./factories";
import { reviewBody } from "./helpers/companies";
import { api, expectProblem } from "./helpers/http";

async function reviewed(companyId: string, rating: number) {
  const s = await signedIn();
  const r = await api.post(`/api/v1/companies/${companyId}/reviews`, reviewBody({ rating }), { token: s.token });
  return r.json as { id: string };
}

async function report(reviewId: string, reason = "Offensive language") {
  const s = await signedIn();
  const r = await api.post(`/api/v1/reviews/${reviewId}/report`, { reason }, { token: s.token });
  expect(r.status).toBe(202);
  return { reporter: s, report: r.json as { id: string; status: string } };
}

const findIn = (list: { data: { id: string }[] }, id: string) => list.data.find((r) => r.id === id);

describe("POST /reviews/{id}/report", () => {
  it("files one report per user per review", async () => {
    const co = await makeCompany();
    const review = await reviewed(co.id, 4);
    const { reporter, report: first } = await report(review.id);
    expect(first.status).toBe("open");
    const again = await api.post(`/api/v1/reviews/${review.id}/report`, { reason: "Again" }, { token: reporter.token });
    expect(again.json.id).toBe(first.id);
    const rows = await db().select().from(reports).where(eq(reports.targetId, review.id)).all();
    expect(rows).toHaveLength(1);
  });

  it("validates, needs a session and a visible review", async () => {
    const co = await makeCompany();
    const review = await reviewed(co.id, 4);
    const s = await signedIn();
    expectProblem(await api.post(`/api/v1/reviews/${review.id}/report`, { reason: "" }, { token: s.token }), 400);
    expectProblem(await api.post(`/api/v1/reviews/${review.id}/report`, { reason: "Spam" }), 401);
    expectProblem(await api.post("/api/v1/reviews/nope/report", { reason: "Spam" }, { token: s.token }), 404);
  });
});

describe("admin reports", () => {
  it("lists reported reviews and jobs, oldest first", async () => {
    const co = await makeCompany();
    const review = await reviewed(co.id, 4);
    const { report: r1 } = await report(review.id);
    const job = await makeJob({ companyId: co.id, title: "Reported job" });
    const jobReport = newId();
    await db()
      .insert(reports)
      .values({ id: jobReport, targetType: "job", targetId: job.id, reason: "Scam", createdAt: Date.now() + 1 });
    const admin = await signedIn({ role: "admin" });
    const list = await api.get("/api/v1/admin/reports?limit=100", { token: admin.token });
    expect(list.status).toBe(200);
    const ids = list.json.data.map((r: { id: string }) => r.id);
    expect(ids.indexOf(r1.id)).toBeLessThan(ids.indexOf(jobReport));
    expect(findIn(list.json, r1.id)).toMatchObject({
      target_type: "review",
      status: "open",
      reason: "Offensive language",
      target: { type: "review", id: review.id, company: { id: co.id }, rating: 4 },
    });
    expect(findIn(list.json, jobReport)).toMatchObject({
      target: { type: "job", id: job.id, title: "Reported job", status: "published" },
    });
    const onlyJobs = await api.get("/api/v1/admin/reports?target_type=job&limit=100", { token: admin.token });
    expect(onlyJobs.json.data.every((r: { target_type: string }) => r.target_type === "job")).toBe(true);
  });

  it("is admin only", async () => {
    for (const role of ["seeker", "employer"] as const) {
      const u = await signedIn({ role });
      expectProblem(await api.get("/api/v1/admin/reports", { token: u.token }), 403);
      expectProblem(
        await api.post(`/api/v1/admin/reports/${newId()}/resolve`, { action: "hide" }, { token: u.token }),
        403,
      );
    }
    expectProblem(await api.get("/api/v1/admin/reports"), 401);
  });

  it("hide: the review leaves listings and the rating; all its open reports close; audited", async () => {
    const co = await makeCompany();
    const good = await reviewed(co.id, 5);
    const bad = await reviewed(co.id, 1);
    expect((await db().select().from(companies).where(eq(companies.id, co.id)).get())?.ratingCount).toBe(2);
    const { report: r1 } = await report(bad.id);
    const { report: r2 } = await report(bad.id, "Fake");
    const admin = await signedIn({ role: "admin" });

    const res = await api.post(
      `/api/v1/admin/reports/${r1.id}/resolve`,
      { action: "hide", note: "Abusive" },
      { token: admin.token },
    );
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ status: "resolved", resolution: "hide", resolution_note: "Abusive" });
    expect(res.json.target.status).toBe("hidden");

    const co2 = await db().select().from(companies).where(eq(companies.id, co.id)).get();
    expect([co2?.ratingAverage, co2?.ratingCount]).toEqual([5, 1]);
    const list = await api.get(`/api/v1/companies/${co.id}/reviews`);
    expect(list.json.data.map((r: { id: string }) => r.id)).toEqual([good.id]);
    expect((await db().select().from(reports).where(eq(reports.id, r2.id)).get())?.status).toBe("resolved");
    const audit = await db().select().from(auditLog).where(eq(auditLog.targetId, r1.id)).all();
    expect(audit).toEqual([expect.objectContaining({ action: "report.resolve", actorId: admin.user.id })]);

    // Editing a hidden review does not bring it back.
    await api.patch(`/api/v1/reviews/${bad.id}`, { rating: 2 }, { token: admin.token });
    expect((await db().select().from(reviews).where(eq(reviews.id, bad.id)).get())?.status).toBe("hidden");
    expect((await db().select().from(companies).where(eq(companies.id, co.id)).get())?.ratingCount).toBe(1);

    expectProblem(
      await api.post(`/api/v1/admin/reports/${r1.id}/resolve`, { action: "dismiss" }, { token: admin.token }),
      409,
    );
  });

  it("dismiss: closes only that report and leaves the review", async () => {
    const co = await makeCompany();
    const review = await reviewed(co.id, 3);
    const { report: r1 } = await report(review.id);
    const { report: r2 } = await report(review.id);
    const admin = await signedIn({ role: "admin" });
    const res = await api.post(`/api/v1/admin/reports/${r1.id}/resolve`, { action: "dismiss" }, { token: admin.token });
    expect(res.json).toMatchObject({ status: "resolved", resolution: "dismiss" });
    expect((await db().select().from(reviews).where(eq(reviews.id, review.id)).get())?.status).toBe("published");
    expect((await db().select().from(reports).where(eq(reports.id, r2.id)).get())?.status).toBe("open");
    const history = await api.get("/api/v1/admin/reports?status=resolved&limit=100", { token: admin.token });
    expect(findIn(history.json, r1.id)).toBeDefined();
  });

  it("hide on a job report archives the job and refreshes the open jobs count", async () => {
    const co = await makeCompany();
    const job = await makeJob({ companyId: co.id });
    await db().update(companies).set({ openJobsCount: 1 }).where(eq(companies.id, co.id));
    const id = newId();
    await db()
      .insert(reports)
      .values({ id, targetType: "job", targetId: job.id, reason: "Scam", createdAt: Date.now() });
    const admin = await signedIn({ role: "admin" });
    const res = await api.post(`/api/v1/admin/reports/${id}/resolve`, { action: "hide" }, { token: admin.token });
    expect(res.status).toBe(200);
    expect((await db().select().from(jobs).where(eq(jobs.id, job.id)).get())?.status).toBe("archived");
    expect((await db().select().from(companies).where(eq(companies.id, co.id)).get())?.openJobsCount).toBe(0);
  });

  it("resolves reports whose target is gone, and validates the action", async () => {
    const id = newId();
    await db()
      .insert(reports)
      .values({ id, targetType: "review", targetId: newId(), reason: "Gone", createdAt: Date.now() });
    const admin = await signedIn({ role: "admin" });
    expectProblem(
      await api.post(`/api/v1/admin/reports/${id}/resolve`, { action: "delete" }, { token: admin.token }),
      400,
    );
    const res = await api.post(`/api/v1/admin/reports/${id}/resolve`, { action: "hide" }, { token: admin.token });
    expect(res.status).toBe(200);
    expect(res.json.target).toBeNull();
    expectProblem(
      await api.post(`/api/v1/admin/reports/${newId()}/resolve`, { action: "hide" }, { token: admin.token }),
      404,
    );
  });
});
