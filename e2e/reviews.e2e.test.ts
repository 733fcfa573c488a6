/**
 * Company reviews and moderation: a seeker reviews a company, the company
 * answers publicly (and the author is told), someone reports the review and a
 * job, and the admin resolves both reports from the moderation queue.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { expectStatus, get, loginAdmin, post, put, registerVerified, type User, waitFor } from "./lib/client";
import { createCompany, createDraftJob, verifyCompany } from "./lib/fixtures";

const stamp = Date.now().toString(36);
let employer: User;
let reviewer: User;
let reporter: User;
let admin: User;
// biome-ignore lint/suspicious/noExplicitAny: shapes are checked against the OpenAPI schema
let company: any;
let reviewId: string;
let jobId: string;

beforeAll(async () => {
  [employer, reviewer, reporter, admin] = await Promise.all([
    registerVerified("employer", "owner"),
    registerVerified("seeker", "reviewer"),
    registerVerified("seeker", "reporter"),
    loginAdmin(),
  ]);
});

describe("reviews and moderation", () => {
  it("an employer creates the company to review", async () => {
    company = await createCompany(employer, `Numbat Systems ${stamp}`);
  });

  it("a seeker reviews the company; the rating is public", async () => {
    const review = expectStatus(
      await post(`/api/v1/companies/${company.id}/reviews`, {
        as: reviewer,
        json: {
          rating: 4,
          title: "Kind people, real ownership",
          body: "Two years on the platform team: interesting problems and colleagues who care about quality.",
          pros: "Mentoring",
          cons: "Busy release weeks",
          ratings: { culture: 5, work_life_balance: 4, compensation: 3, management: 4, career_growth: 4 },
          is_anonymous: false,
          employment_status: "former",
        },
      }),
      201,
    );
    reviewId = review.id;
    // One review per user per company.
    const twice = await post(`/api/v1/companies/${company.id}/reviews`, {
      as: reviewer,
      json: {
        rating: 5,
        title: "Again",
        body: "A second review of the same company.",
        is_anonymous: true,
        employment_status: "current",
      },
    });
    expect(twice.status).toBe(409);
    // Employers cannot review.
    const byEmployer = await post(`/api/v1/companies/${company.id}/reviews`, {
      as: employer,
      json: {
        rating: 5,
        title: "Our own company",
        body: "We are the best company in the world.",
        is_anonymous: false,
        employment_status: "current",
      },
    });
    expect(byEmployer.status).toBe(403);

    const pub = expectStatus(await get(`/api/v1/companies/${company.id}`), 200);
    expect(pub.rating).toEqual({ average: 4, count: 1 });
    const list = expectStatus(await get(`/api/v1/companies/${company.id}/reviews`, { query: { sort: "recent" } }), 200);
    expect(list.data.map((r: { id: string }) => r.id)).toContain(reviewId);
  });

  it("the company responds publicly and the author is notified", async () => {
    const answered = expectStatus(
      await put(`/api/v1/reviews/${reviewId}/response`, {
        as: employer,
        json: { body: "Thank you! We have since moved releases to a calmer cadence." },
      }),
      200,
    );
    expect(JSON.stringify(answered)).toContain("calmer cadence");
    // Only a member of the company may answer.
    const outsider = await put(`/api/v1/reviews/${reviewId}/response`, { as: reporter, json: { body: "Not mine." } });
    expect([403, 404]).toContain(outsider.status);
    const review = expectStatus(await get(`/api/v1/reviews/${reviewId}`), 200);
    expect(JSON.stringify(review)).toContain("calmer cadence");
    await waitFor("the review_response notification", async () => {
      const list = expectStatus(await get("/api/v1/notifications", { as: reviewer }), 200);
      return list.data.find((n: { type: string }) => n.type === "review_response");
    });
  });

  it("reports of the review and of a job reach the admin, who resolves them", async () => {
    await verifyCompany(admin, company.id);
    const job = await createDraftJob(employer, company.id, `Numbat Support Engineer ${stamp}`);
    jobId = job.id;
    expect(expectStatus(await post(`/api/v1/jobs/${jobId}/publish`, { as: employer }), 200).status).toBe("published");

    expectStatus(
      await post(`/api/v1/reviews/${reviewId}/report`, {
        as: reporter,
        json: { reason: "Contains personal data of a colleague." },
      }),
      202,
    );
    const jobReport = await post(`/api/v1/jobs/${jobId}/report`, {
      as: reporter,
      json: { reason: "This looks like a scam asking for fees." },
    });
    expect([200, 201]).toContain(jobReport.status);

    // Moderation is for admins only.
    expect((await get("/api/v1/admin/reports", { as: reporter })).status).toBe(403);
    const open = expectStatus(
      await get("/api/v1/admin/reports", { as: admin, query: { status: "open", limit: 100 } }),
      200,
    );
    const find = (type: string, id: string) =>
      open.data.find(
        (r: { target_type: string; target_id?: string; target?: { id: string } }) =>
          r.target_type === type && (r.target_id ?? r.target?.id) === id,
      );
    const reviewReport = find("review", reviewId);
    const jobReportRow = find("job", jobId);
    expect(reviewReport, JSON.stringify(open.data).slice(0, 500)).toBeTruthy();
    expect(jobReportRow).toBeTruthy();

    const hidden = expectStatus(
      await post(`/api/v1/admin/reports/${reviewReport.id}/resolve`, {
        as: admin,
        json: { action: "hide", note: "Personal data." },
      }),
      200,
    );
    expect(hidden.status).toBe("resolved");
    // A hidden review is gone for the public, and the rating no longer counts it.
    expect((await get(`/api/v1/reviews/${reviewId}`)).status).toBe(404);
    expect(expectStatus(await get(`/api/v1/companies/${company.id}`), 200).rating.count).toBe(0);
    // Resolving twice is a conflict.
    const twice = await post(`/api/v1/admin/reports/${reviewReport.id}/resolve`, {
      as: admin,
      json: { action: "dismiss" },
    });
    expect(twice.status).toBe(409);

    expectStatus(
      await post(`/api/v1/admin/reports/${jobReportRow.id}/resolve`, { as: admin, json: { action: "dismiss" } }),
      200,
    );
    expect(expectStatus(await get(`/api/v1/jobs/${jobId}`), 200).status).toBe("published");
  });
});
