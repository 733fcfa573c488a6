/**
 * Optimistic concurrency: PATCH honours If-Match with the ETag of a GET;
 * stale → 412 problem+json and nothing changes; fresh → 200 with the new ETag.
 */
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { jobs, users } from "../src/db/schema";
import { db, signedIn } from "./helpers/factories";
import { api, expectProblem } from "./helpers/http";
import { employerWithCompany, insertJob } from "./helpers/jobs";

async function jobFixture() {
  const emp = await employerWithCompany();
  const job = await insertJob({ companyId: emp.company.id, title: "Original title" });
  return { emp, job };
}

describe("PATCH /jobs/{id} with If-Match", () => {
  it("a fresh ETag applies the change and answers the new ETag", async () => {
    const { emp, job } = await jobFixture();
    const got = await api.get(`/api/v1/jobs/${job.id}`, { token: emp.token });
    const etag = got.headers.get("ETag") ?? "";
    expect(etag).toMatch(/^"[0-9a-z]+\.[A-Za-z0-9_-]+"$/);
    const r = await api.patch(
      `/api/v1/jobs/${job.id}`,
      { title: "New title" },
      { token: emp.token, headers: { "If-Match": etag } },
    );
    expect(r.status).toBe(200);
    expect(r.json.title).toBe("New title");
    const next = r.headers.get("ETag");
    expect(next).toBeTruthy();
    expect(next).not.toBe(etag);
    // The new ETag is current: a second conditional PATCH with it applies too.
    const again = await api.patch(
      `/api/v1/jobs/${job.id}`,
      { title: "Third title" },
      { token: emp.token, headers: { "If-Match": next ?? "" } },
    );
    expect(again.status).toBe(200);
  });

  it("a stale ETag is 412 precondition-failed and nothing changes", async () => {
    const { emp, job } = await jobFixture();
    const etag = (await api.get(`/api/v1/jobs/${job.id}`, { token: emp.token })).headers.get("ETag") ?? "";
    expect((await api.patch(`/api/v1/jobs/${job.id}`, { title: "Someone else" }, { token: emp.token })).status).toBe(
      200,
    );
    const before = await db().select().from(jobs).where(eq(jobs.id, job.id)).get();
    const r = await api.patch(
      `/api/v1/jobs/${job.id}`,
      { title: "Mine" },
      { token: emp.token, headers: { "If-Match": etag } },
    );
    expectProblem(r, 412, "precondition-failed");
    const after = await db().select().from(jobs).where(eq(jobs.id, job.id)).get();
    expect(after).toEqual(before);
    expect(after?.title).toBe("Someone else");
  });

  it("concurrent PATCHes with the same ETag: exactly one wins, the others are 412", async () => {
    const { emp, job } = await jobFixture();
    const etag = (await api.get(`/api/v1/jobs/${job.id}`, { token: emp.token })).headers.get("ETag") ?? "";
    const results = await Promise.all(
      Array.from({ length: 5 }, (_, i) =>
        api.patch(
          `/api/v1/jobs/${job.id}`,
          { title: `Writer ${i}` },
          { token: emp.token, headers: { "If-Match": etag } },
        ),
      ),
    );
    const statuses = results.map((r) => r.status).sort();
    expect(statuses).toEqual([200, 412, 412, 412, 412]);
    const winner = results.find((r) => r.status === 200);
    const row = await db().select({ title: jobs.title }).from(jobs).where(eq(jobs.id, job.id)).get();
    expect(row?.title).toBe(winner?.json.title);
  });

  it("weak, malformed or foreign tags never match; * and no header apply unconditionally", async () => {
    const { emp, job } = await jobFixture();
    const etag = (await api.get(`/api/v1/jobs/${job.id}`, { token: emp.token })).headers.get("ETag") ?? "";
    for (const tag of [`W/${etag}`, '"nope"', "garbage"]) {
      const r = await api.patch(
        `/api/v1/jobs/${job.id}`,
        { title: "Xyz title" },
        { token: emp.token, headers: { "If-Match": tag } },
      );
      expectProblem(r, 412, "precondition-failed");
    }
    const star = await api.patch(
      `/api/v1/jobs/${job.id}`,
      { title: "Star" },
      { token: emp.token, headers: { "If-Match": "*" } },
    );
    expect(star.status).toBe(200);
    const plain = await api.patch(`/api/v1/jobs/${job.id}`, { title: "Plain" }, { token: emp.token });
    expect(plain.status).toBe(200);
    // A list of tags matches when any is current.
    const cur = plain.headers.get("ETag") ?? "";
    const listed = await api.patch(
      `/api/v1/jobs/${job.id}`,
      { title: "Listed" },
      { token: emp.token, headers: { "If-Match": `${etag}, ${cur}` } },
    );
    expect(listed.status).toBe(200);
  });

  it("someone else's job is 404 even with If-Match; OpenAPI documents If-Match and 412", async () => {
    const { job } = await jobFixture();
    const stranger = await employerWithCompany();
    expectProblem(
      await api.patch(
        `/api/v1/jobs/${job.id}`,
        { title: "Xyz title" },
        { token: stranger.token, headers: { "If-Match": "*" } },
      ),
      404,
    );
    const doc = (await api.get("/openapi.json")).json;
    const op = doc.paths["/api/v1/jobs/{id}"].patch;
    expect(op.parameters.some((p: { in: string; name: string }) => p.in === "header" && p.name === "if-match")).toBe(
      true,
    );
    expect(op.responses["412"]).toBeDefined();
  });
});

describe("PATCH /auth/me with If-Match", () => {
  it("stale → 412 and unchanged; fresh → 200 with the ETag a later GET also sends", async () => {
    const s = await signedIn();
    const etag = (await api.get("/api/v1/auth/me", { token: s.token })).headers.get("ETag") ?? "";
    const ok = await api.patch(
      "/api/v1/auth/me",
      { first_name: "Grace" },
      { token: s.token, headers: { "If-Match": etag } },
    );
    expect(ok.status).toBe(200);
    const next = ok.headers.get("ETag");
    expect(next).not.toBe(etag);
    expect((await api.get("/api/v1/auth/me", { token: s.token })).headers.get("ETag")).toBe(next);
    const stale = await api.patch(
      "/api/v1/auth/me",
      { first_name: "Ada" },
      { token: s.token, headers: { "If-Match": etag } },
    );
    expectProblem(stale, 412, "precondition-failed");
    const row = await db().select({ firstName: users.firstName }).from(users).where(eq(users.id, s.user.id)).get();
    expect(row?.firstName).toBe("Grace");
  });
});
