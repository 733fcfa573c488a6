import { env } from "cloudflare:test";
import { and, eq } from "drizzle-orm";
import { afterEach, describe, expect, it, vi } from "vitest";
import { changeStatus } from "../src/modules/applications/pipeline";
import {
  APPLICATION_STATUSES,
  type ApplicationStatus,
  applicationStatusHistory,
  applications,
  interviews,
} from "../src/platform/db/schema";
import { db, employerOf, makeApplication, makeCompany, makeInterview, makeJob, signedIn } from "./factories";
import { pipelineWorld } from "./helpers/applications";
import { api, expectProblem } from "./helpers/http";

afterEach(() => vi.restoreAllMocks());

/** The contract's transitions, written out independently of the implementation. */
const COMPANY_LEGAL: Array<[ApplicationStatus, ApplicationStatus]> = [
  ["pending", "reviewing"],
  ["reviewing", "shortlisted"],
  ["shortlisted", "interviewing"],
  ["interviewing", "offered"],
  ["offered", "accepted"],
  ["pending", "rejected"],
  ["reviewing", "rejected"],
  ["shortlisted", "rejected"],
  ["interviewing", "rejected"],
  ["offered", "rejected"],
];
const NON_FINAL: ApplicationStatus[] = ["pending", "reviewing", "shortlisted", "interviewing", "offered"];

const patch = (id: string, body: unknown, token: string) => api.patch(`/api/v1/applications/${id}`, body, { token });

async function historyOf(id: string) {
  return db()
    .select()
    .from(applicationStatusHistory)
    .where(eq(applicationStatusHistory.applicationId, id))
    .orderBy(applicationStatusHistory.createdAt);
}

describe("the status machine", () => {
  it("allows every legal company transition, writing a history row and an event", async () => {
    const { job, employer } = await pipelineWorld();
    const send = vi.spyOn(env.EVENTS, "send");
    for (const [from, to] of COMPANY_LEGAL) {
      const applicant = await signedIn();
      const app = await makeApplication(job, applicant.user.id, { status: from });
      const body =
        to === "rejected" ? { status: to, rejection_reason: "not_qualified", rejection_note: "No Go" } : { status: to };
      const r = await patch(app.id, body, employer.token);
      expect(r.status, `${from} → ${to}`).toBe(200);
      expect(r.json.status).toBe(to);
      const last = (await historyOf(app.id)).at(-1);
      expect(last).toMatchObject({ fromStatus: from, toStatus: to, actorRole: "company", actorId: employer.user.id });
      expect(send).toHaveBeenCalledWith(
        expect.objectContaining({
          type: "application.status_changed",
          application_id: app.id,
          from_status: from,
          to_status: to,
        }),
        expect.anything(),
      );
      if (to === "rejected") {
        expect(r.json).toMatchObject({ rejection_reason: "not_qualified", rejection_note: "No Go" });
        expect(last?.reason).toBe("not_qualified");
      }
    }
  });

  it("lets the applicant withdraw from every non-final status", async () => {
    const { job, seeker } = await pipelineWorld();
    const send = vi.spyOn(env.EVENTS, "send");
    for (const from of NON_FINAL) {
      const j = await makeJob({ companyId: job.companyId });
      const app = await makeApplication(j, seeker.user.id, { status: from });
      const r = await api.post(`/api/v1/applications/${app.id}/withdraw`, undefined, { token: seeker.token });
      expect(r.status, from).toBe(200);
      expect(r.json.status).toBe("withdrawn");
      expect((await historyOf(app.id)).at(-1)).toMatchObject({
        fromStatus: from,
        toStatus: "withdrawn",
        actorRole: "applicant",
      });
      expect(send).toHaveBeenCalledWith(
        expect.objectContaining({ type: "application.withdrawn", application_id: app.id }),
        expect.anything(),
      );
    }
  });

  it("refuses every other company transition with 409 and writes nothing", async () => {
    const { job, employer } = await pipelineWorld();
    const applicant = await signedIn();
    const legal = new Set(COMPANY_LEGAL.map(([f, t]) => `${f}>${t}`));
    let checked = 0;
    for (const from of APPLICATION_STATUSES) {
      const j = await makeJob({ companyId: job.companyId });
      const app = await makeApplication(j, applicant.user.id, { status: from });
      for (const to of APPLICATION_STATUSES) {
        if (legal.has(`${from}>${to}`)) continue;
        expectProblem(await patch(app.id, { status: to }, employer.token), 409, "invalid-transition");
        checked += 1;
      }
      const row = await db().select().from(applications).where(eq(applications.id, app.id)).get();
      expect(row?.status).toBe(from);
      expect(await historyOf(app.id)).toHaveLength(1);
    }
    expect(checked).toBe(64 - COMPANY_LEGAL.length);
  });

  it("refuses withdrawing a final application and the applicant moving anything else", async () => {
    const { job, seeker, employer } = await pipelineWorld();
    for (const from of ["accepted", "rejected", "withdrawn"] as const) {
      const j = await makeJob({ companyId: job.companyId });
      const app = await makeApplication(j, seeker.user.id, { status: from });
      expectProblem(
        await api.post(`/api/v1/applications/${app.id}/withdraw`, undefined, { token: seeker.token }),
        409,
        "invalid-transition",
      );
    }
    const app = await makeApplication(await makeJob({ companyId: job.companyId }), seeker.user.id);
    expectProblem(await patch(app.id, { status: "reviewing" }, seeker.token), 403);
    expectProblem(await api.post(`/api/v1/applications/${app.id}/withdraw`, undefined, { token: employer.token }), 403);
  });

  it("lets exactly one of two conflicting concurrent changes win", async () => {
    const { job, employer, seeker } = await pipelineWorld();
    for (let round = 0; round < 3; round++) {
      const app = await makeApplication(await makeJob({ companyId: job.companyId }), seeker.user.id, {
        status: "reviewing",
      });
      const [a, b] = await Promise.all([
        patch(app.id, { status: "rejected", rejection_reason: "other" }, employer.token),
        api.post(`/api/v1/applications/${app.id}/withdraw`, undefined, { token: seeker.token }),
      ]);
      expect([a.status, b.status].sort()).toEqual([200, 409]);
      const history = await historyOf(app.id);
      expect(history).toHaveLength(2);
      const row = await db().select().from(applications).where(eq(applications.id, app.id)).get();
      expect(row?.status).toBe(history[1]?.toStatus);
    }
    const app = await makeApplication(await makeJob({ companyId: job.companyId }), seeker.user.id, {
      status: "reviewing",
    });
    const same = await Promise.all([1, 2].map(() => patch(app.id, { status: "shortlisted" }, employer.token)));
    expect(same.map((r) => r.status).sort()).toEqual([200, 409]);
    expect(await historyOf(app.id)).toHaveLength(2);
  });

  it("guards the write itself: a stale read loses with status-conflict and leaves no history", async () => {
    const { job, seeker } = await pipelineWorld();
    const app = await makeApplication(job, seeker.user.id, { status: "reviewing" });
    // Someone else moves it after our read.
    await db().update(applications).set({ status: "shortlisted" }).where(eq(applications.id, app.id));
    await expect(
      changeStatus(db(), env, app, { to: "rejected", actor: { role: "company", id: null } }),
    ).rejects.toMatchObject({ status: 409, slug: "status-conflict" });
    expect(await historyOf(app.id)).toHaveLength(1);
    expect((await db().select().from(applications).where(eq(applications.id, app.id)).get())?.status).toBe(
      "shortlisted",
    );
  });

  it("cancels upcoming interviews when an application is closed", async () => {
    const { job, employer, seeker } = await pipelineWorld();
    const app = await makeApplication(job, seeker.user.id, { status: "interviewing" });
    const { id: ivId } = await makeInterview(app, { scheduledBy: employer.user.id });
    expect((await patch(app.id, { status: "rejected" }, employer.token)).json.rejection_reason).toBe("other");
    const iv = await db().select().from(interviews).where(eq(interviews.id, ivId)).get();
    expect(iv).toMatchObject({ status: "cancelled", sequence: 1 });
  });
});

describe("PATCH /applications/{id}", () => {
  it("rates 1–5 and validates the rating and rejection fields", async () => {
    const { job, employer, seeker } = await pipelineWorld();
    const app = await makeApplication(job, seeker.user.id);
    const r = await patch(app.id, { rating: 4 }, employer.token);
    expect(r.status).toBe(200);
    expect(r.json.rating).toBe(4);
    expect((await db().select().from(applications).where(eq(applications.id, app.id)).get())?.rating).toBe(4);
    expectProblem(await patch(app.id, { rating: 6 }, employer.token), 400);
    expectProblem(await patch(app.id, { rating: 0 }, employer.token), 400);
    expectProblem(await patch(app.id, { rejection_reason: "because", status: "rejected" }, employer.token), 400);
    expectProblem(await patch(app.id, { rejection_reason: "other", status: "reviewing" }, employer.token), 400);
    expectProblem(await patch(app.id, { applicant_id: "x" }, employer.token), 400);
    // Nothing changed by the failed attempts.
    expect(await historyOf(app.id)).toHaveLength(1);
  });

  it("is 404 for another company's employer and 401 anonymously", async () => {
    const { job, seeker } = await pipelineWorld();
    const app = await makeApplication(job, seeker.user.id);
    const stranger = await employerOf((await makeCompany()).id);
    expectProblem(await patch(app.id, { status: "reviewing" }, stranger.token), 404);
    expectProblem(await api.patch(`/api/v1/applications/${app.id}`, { status: "reviewing" }), 401);
  });

  it("lets an admin move an application, recorded as an admin action", async () => {
    const { job, seeker } = await pipelineWorld();
    const admin = await signedIn({ role: "admin" });
    const app = await makeApplication(job, seeker.user.id);
    expect((await patch(app.id, { status: "reviewing" }, admin.token)).status).toBe(200);
    const rows = await db()
      .select()
      .from(applicationStatusHistory)
      .where(
        and(eq(applicationStatusHistory.applicationId, app.id), eq(applicationStatusHistory.toStatus, "reviewing")),
      );
    expect(rows[0]?.actorRole).toBe("admin");
  });
});

describe("GET /applications/{id}/history", () => {
  it("lists changes oldest first; actor ids only for the company", async () => {
    const { job, employer, seeker } = await pipelineWorld();
    const app = await makeApplication(job, seeker.user.id);
    await patch(app.id, { status: "reviewing" }, employer.token);
    const mine = await api.get(`/api/v1/applications/${app.id}/history`, { token: seeker.token });
    expect(mine.status).toBe(200);
    expect(mine.json.data.map((h: { to_status: string }) => h.to_status)).toEqual(["pending", "reviewing"]);
    expect(mine.json.data[1]).not.toHaveProperty("actor_id");
    const theirs = await api.get(`/api/v1/applications/${app.id}/history`, { token: employer.token });
    expect(theirs.json.data[1].actor_id).toBe(employer.user.id);
    const other = await signedIn();
    expectProblem(await api.get(`/api/v1/applications/${app.id}/history`, { token: other.token }), 404);
  });
});
