/**
 * Optimistic concurrency: PATCH honours If-Match with the ETag of a GET;
 * stale → 412 problem+json and nothing changes; fresh → 200 with the new ETag.
 */
import { eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { DAY } from "../src/lib/time";
import { createAlert } from "../src/modules/alerts/service";
import type { PatchJobInput } from "../src/modules/jobs/schemas";
import { updateJob } from "../src/modules/jobs/service";
import type { Db } from "../src/platform/db/client";
import { applicationStatusHistory, auditLog, jobSkills, jobs, users } from "../src/platform/db/schema";
import type { AuthContext } from "../src/platform/env";
import {
  db,
  employerOf,
  employerWithCompany,
  makeApplication,
  makeCompany,
  makeInterview,
  makeJob,
  makeResume,
  makeUser,
  signedIn,
} from "./factories";
import { alertBody } from "./helpers/alerts";
import { reviewBody } from "./helpers/companies";
import { api, expectProblem } from "./helpers/http";

async function jobFixture() {
  const emp = await employerWithCompany();
  const job = await makeJob({ companyId: emp.company.id, title: "Original title" });
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

  it("an edit that loses its race inside the batch (412/409) leaves the skills as they were", async () => {
    const { emp, job } = await jobFixture();
    await db().insert(jobSkills).values({ jobId: job.id, skill: "original", required: true });
    const auth: AuthContext = {
      userId: emp.user.id,
      role: "employer",
      sessionId: null,
      scopes: null,
      emailVerified: true,
    };
    // A real concurrent write lands between updateJob's read and its batch.
    const racing = (bump: () => Promise<unknown>) =>
      new Proxy(db(), {
        get(target, key) {
          if (key === "batch") {
            return async (statements: Parameters<Db["batch"]>[0]) => {
              await bump();
              return target.batch(statements);
            };
          }
          const value = Reflect.get(target, key);
          return typeof value === "function" ? value.bind(target) : value;
        },
      });
    const bumpVersion = () =>
      db()
        .update(jobs)
        .set({ updatedAt: sql`${jobs.updatedAt} + 1` })
        .where(eq(jobs.id, job.id));
    const newSkills = { skills: [{ name: "Replaced", required: true }] } as PatchJobInput;
    await expect(
      updateJob(racing(bumpVersion), auth, job.id, newSkills, { ifMatch: [job.updatedAt] }),
    ).rejects.toMatchObject({ status: 412 });
    const archive = () => db().update(jobs).set({ status: "archived" }).where(eq(jobs.id, job.id));
    await expect(updateJob(racing(archive), auth, job.id, newSkills)).rejects.toMatchObject({ status: 409 });
    const stored = await db().select().from(jobSkills).where(eq(jobSkills.jobId, job.id));
    expect(stored.map((s) => s.skill)).toEqual(["original"]);
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

/**
 * Every other PATCH whose GET sends a versioned ETag, driven by one table: `bump` is
 * applied without If-Match (it makes the first ETag stale), `stale` is refused with
 * that ETag, `fresh` applies with the current one.
 */
interface Case {
  name: string;
  /** Creates the resource; returns its URL and the token that may read and edit it. */
  setup(): Promise<{ url: string; token: string }>;
  bump: Record<string, unknown>;
  stale: Record<string, unknown>;
  fresh: Record<string, unknown>;
}

async function companyWorld() {
  const company = await makeCompany();
  const employer = await employerOf(company.id, "owner");
  const job = await makeJob({ companyId: company.id, postedBy: employer.user.id });
  const seeker = await signedIn({ role: "seeker" });
  return { company, employer, job, seeker };
}

const cases: Case[] = [
  {
    name: "PATCH /companies/{id}",
    async setup() {
      const { company, employer } = await companyWorld();
      return { url: `/api/v1/companies/${company.id}`, token: employer.token };
    },
    bump: { description: "Bumped" },
    stale: { description: "Stale" },
    fresh: { description: "Fresh" },
  },
  {
    name: "PATCH /applications/{id} (rating)",
    async setup() {
      const { job, employer, seeker } = await companyWorld();
      const app = await makeApplication(job, seeker.user.id);
      return { url: `/api/v1/applications/${app.id}`, token: employer.token };
    },
    bump: { rating: 2 },
    stale: { rating: 1 },
    fresh: { rating: 5 },
  },
  {
    name: "PATCH /applications/{id} (status)",
    async setup() {
      const { job, employer, seeker } = await companyWorld();
      const app = await makeApplication(job, seeker.user.id);
      return { url: `/api/v1/applications/${app.id}`, token: employer.token };
    },
    bump: { rating: 3 },
    stale: { status: "reviewing" },
    fresh: { status: "reviewing" },
  },
  {
    name: "PATCH /interviews/{id}",
    async setup() {
      const { job, employer, seeker } = await companyWorld();
      const app = await makeApplication(job, seeker.user.id, { status: "interviewing" });
      const iv = await makeInterview(app, { startsAt: Date.now() + 7 * DAY, createdAt: Date.now() - DAY });
      return { url: `/api/v1/interviews/${iv.id}`, token: employer.token };
    },
    bump: { notes: "Bumped" },
    stale: { notes: "Stale" },
    fresh: { notes: "Fresh" },
  },
  {
    name: "PATCH /alerts/{id}",
    async setup() {
      const seeker = await signedIn({ role: "seeker" });
      const alert = await createAlert(db(), seeker.user.id, alertBody());
      return { url: `/api/v1/alerts/${alert.id}`, token: seeker.token };
    },
    bump: { name: "Bumped" },
    stale: { name: "Stale" },
    fresh: { name: "Fresh" },
  },
  {
    name: "PATCH /resumes/{id}",
    async setup() {
      const seeker = await signedIn({ role: "seeker" });
      const resume = await makeResume(seeker.user.id, { isPrimary: false });
      return { url: `/api/v1/resumes/${resume.id}`, token: seeker.token };
    },
    bump: { title: "Bumped" },
    stale: { is_primary: true },
    fresh: { title: "Fresh", is_primary: true },
  },
  {
    name: "PATCH /reviews/{id}",
    async setup() {
      const { company } = await companyWorld();
      const author = await signedIn();
      const r = await api.post(`/api/v1/companies/${company.id}/reviews`, reviewBody(), { token: author.token });
      expect(r.status).toBe(201);
      return { url: `/api/v1/reviews/${r.json.id}`, token: author.token };
    },
    bump: { title: "Bumped title" },
    stale: { rating: 1 },
    fresh: { title: "Fresh title", rating: 5 },
  },
  {
    name: "PATCH /profile (seeker)",
    async setup() {
      const seeker = await signedIn({ role: "seeker" });
      expect((await api.patch("/api/v1/profile", { headline: "First" }, { token: seeker.token })).status).toBe(200);
      return { url: "/api/v1/profile", token: seeker.token };
    },
    bump: { headline: "Bumped" },
    stale: { headline: "Stale" },
    fresh: { headline: "Fresh" },
  },
  {
    name: "PATCH /profile (employer)",
    async setup() {
      const employer = await signedIn({ role: "employer" });
      expect((await api.patch("/api/v1/profile", { position_title: "CTO" }, { token: employer.token })).status).toBe(
        200,
      );
      return { url: "/api/v1/profile", token: employer.token };
    },
    bump: { position_title: "Bumped" },
    stale: { position_title: "Stale" },
    fresh: { position_title: "Fresh" },
  },
  {
    name: "PATCH /admin/users/{id}",
    async setup() {
      const admin = await signedIn({ role: "admin" });
      const target = await makeUser({ role: "seeker" });
      return { url: `/api/v1/admin/users/${target.id}`, token: admin.token };
    },
    bump: { role: "employer" },
    stale: { role: "seeker" },
    fresh: { role: "seeker" },
  },
];

describe.each(cases)("$name with If-Match", (t) => {
  it("stale → 412 and unchanged; fresh → 200 with a new ETag that a fresh GET agrees with", async () => {
    const { url, token } = await t.setup();
    const first = await api.get(url, { token });
    expect(first.status).toBe(200);
    const staleTag = first.headers.get("ETag") ?? "";
    expect(staleTag).toMatch(/^"[0-9a-z]+\.[A-Za-z0-9_-]+"$/);

    expect((await api.patch(url, t.bump, { token })).status).toBe(200);
    const before = await api.get(url, { token });
    const currentTag = before.headers.get("ETag") ?? "";
    expect(currentTag).not.toBe(staleTag);

    const refused = await api.patch(url, t.stale, { token, headers: { "If-Match": staleTag } });
    expectProblem(refused, 412, "precondition-failed");
    expect(refused.json.title).toBe("Precondition Failed");
    const unchanged = await api.get(url, { token });
    expect(unchanged.json).toEqual(before.json);
    expect(unchanged.headers.get("ETag")).toBe(currentTag);

    const ok = await api.patch(url, t.fresh, { token, headers: { "If-Match": currentTag } });
    expect(ok.status).toBe(200);
    const next = ok.headers.get("ETag") ?? "";
    expect(next).toMatch(/^"[0-9a-z]+\.[A-Za-z0-9_-]+"$/);
    expect(next).not.toBe(currentTag);
    const after = await api.get(url, { token });
    expect(after.json).not.toEqual(before.json);
    // The version (what If-Match compares) is the same; where the PATCH answers the GET's
    // representation, the whole tag is.
    const version = (tag: string) => tag.slice(1).split(".")[0];
    expect(version(next)).toBe(version(after.headers.get("ETag") ?? ""));
    if (JSON.stringify(ok.json) === JSON.stringify(after.json)) expect(next).toBe(after.headers.get("ETag"));
    // And it is current: the old one is now stale, the new one applies again.
    expectProblem(await api.patch(url, t.stale, { token, headers: { "If-Match": currentTag } }), 412);
  });
});

describe("If-Match on the other PATCH routes", () => {
  it("OpenAPI documents the header and 412 on each of them", async () => {
    const doc = (await api.get("/openapi.json")).json;
    const routes = [
      "/api/v1/companies/{id}",
      "/api/v1/applications/{id}",
      "/api/v1/interviews/{id}",
      "/api/v1/alerts/{id}",
      "/api/v1/resumes/{id}",
      "/api/v1/reviews/{id}",
      "/api/v1/profile",
      "/api/v1/admin/users/{id}",
    ];
    for (const path of routes) {
      const op = doc.paths[path].patch;
      expect(
        op.parameters.some((p: { in: string; name: string }) => p.in === "header" && p.name === "if-match"),
        path,
      ).toBe(true);
      expect(op.responses["412"], path).toBeDefined();
    }
  });

  it("a stale status change writes no history row and no outbox message", async () => {
    const { job, employer, seeker } = await companyWorld();
    const app = await makeApplication(job, seeker.user.id);
    const url = `/api/v1/applications/${app.id}`;
    const tag = (await api.get(url, { token: employer.token })).headers.get("ETag") ?? "";
    expect((await api.patch(url, { rating: 4 }, { token: employer.token })).status).toBe(200);
    const r = await api.patch(url, { status: "rejected" }, { token: employer.token, headers: { "If-Match": tag } });
    expectProblem(r, 412, "precondition-failed");
    const history = await db()
      .select()
      .from(applicationStatusHistory)
      .where(eq(applicationStatusHistory.applicationId, app.id));
    expect(history.map((h) => h.toStatus)).toEqual(["pending"]);
  });

  it("a stale admin change writes no audit entry", async () => {
    const admin = await signedIn({ role: "admin" });
    const target = await makeUser({ role: "seeker" });
    const url = `/api/v1/admin/users/${target.id}`;
    const tag = (await api.get(url, { token: admin.token })).headers.get("ETag") ?? "";
    expect((await api.patch(url, { role: "employer" }, { token: admin.token })).status).toBe(200);
    const r = await api.patch(url, { is_suspended: true }, { token: admin.token, headers: { "If-Match": tag } });
    expectProblem(r, 412, "precondition-failed");
    const entries = await db().select().from(auditLog).where(eq(auditLog.targetId, target.id));
    expect(entries.map((e) => e.action)).toEqual(["admin.user_role_changed"]);
    const row = await db().select({ status: users.status }).from(users).where(eq(users.id, target.id)).get();
    expect(row?.status).toBe("active");
  });
});
