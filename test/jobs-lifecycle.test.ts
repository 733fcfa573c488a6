import { env } from "cloudflare:test";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { companies, jobs, notifications } from "../src/platform/db/schema";
import { db, employerWithCompany, makeCompany, makeJob, signedIn } from "./factories";
import { api, expectProblem } from "./helpers/http";
import { jobBody, runFiveMinuteCron } from "./helpers/jobs";

const DAY = 86_400_000;

async function openJobs(companyId: string) {
  const row = await db().select().from(companies).where(eq(companies.id, companyId)).get();
  return row?.openJobsCount;
}

describe("job lifecycle", () => {
  it("creates a draft with normalised salary and skills, invisible to the public", async () => {
    const emp = await employerWithCompany();
    const r = await api.post(
      "/api/v1/jobs",
      jobBody(emp.company.id, { salary: { min: 40, max: 50, currency: "usd", period: "hour" } }),
      { token: emp.token },
    );
    expect(r.status).toBe(201);
    expect(r.json.status).toBe("draft");
    expect(r.json.salary).toMatchObject({ currency: "USD", yearly_min: 83200, yearly_max: 104000 });
    expect(r.json.description_html).toContain("<strong>APIs</strong>");
    const stored = await db().select().from(jobs).where(eq(jobs.id, r.json.id)).get();
    expect(stored?.salaryMinYearly).toBe(83200);
    expectProblem(await api.get(`/api/v1/jobs/${r.json.id}`), 404, "not-found");
    expect((await api.get(`/api/v1/jobs/${r.json.id}`, { token: emp.token })).status).toBe(200);
  });

  it("publishes a verified company's job at once with a 30-day default expiry and counts it open", async () => {
    const emp = await employerWithCompany();
    const created = await api.post("/api/v1/jobs", jobBody(emp.company.id), { token: emp.token });
    const before = Date.now();
    const r = await api.post(`/api/v1/jobs/${created.json.id}/publish`, undefined, { token: emp.token });
    expect(r.status).toBe(200);
    expect(r.json.status).toBe("published");
    const expires = Date.parse(r.json.expires_at) - Date.parse(r.json.published_at);
    expect(expires).toBe(30 * DAY);
    expect(Date.parse(r.json.published_at)).toBeGreaterThanOrEqual(before);
    expect(await openJobs(emp.company.id)).toBe(1);
    expect((await api.get(`/api/v1/jobs/${created.json.id}`)).status).toBe(200);

    // Publishing twice is an illegal move.
    expectProblem(
      await api.post(`/api/v1/jobs/${created.json.id}/publish`, undefined, { token: emp.token }),
      409,
      "invalid-transition",
    );
    const closed = await api.post(`/api/v1/jobs/${created.json.id}/close`, undefined, { token: emp.token });
    expect(closed.json.status).toBe("closed");
    expect(await openJobs(emp.company.id)).toBe(0);
    expectProblem(
      await api.post(`/api/v1/jobs/${created.json.id}/close`, undefined, { token: emp.token }),
      409,
      "invalid-transition",
    );
    // Deleting a non-draft archives it; archived jobs cannot be edited.
    expect((await api.delete(`/api/v1/jobs/${created.json.id}`, { token: emp.token })).status).toBe(204);
    const archived = await db().select().from(jobs).where(eq(jobs.id, created.json.id)).get();
    expect(archived?.status).toBe("archived");
    expectProblem(
      await api.patch(`/api/v1/jobs/${created.json.id}`, { title: "New title" }, { token: emp.token }),
      409,
      "invalid-transition",
    );
  });

  it("deletes drafts outright", async () => {
    const emp = await employerWithCompany();
    const created = await api.post("/api/v1/jobs", jobBody(emp.company.id), { token: emp.token });
    expect((await api.delete(`/api/v1/jobs/${created.json.id}`, { token: emp.token })).status).toBe(204);
    expect(await db().select().from(jobs).where(eq(jobs.id, created.json.id)).get()).toBeUndefined();
  });

  it("sends an unverified company's job to review; admin approval publishes and emails the employer", async () => {
    const emp = await employerWithCompany({ verified: false });
    const admin = await signedIn({ role: "admin" });
    const created = await api.post("/api/v1/jobs", jobBody(emp.company.id), { token: emp.token });
    const pub = await api.post(`/api/v1/jobs/${created.json.id}/publish`, undefined, { token: emp.token });
    expect(pub.json.status).toBe("pending_review");

    const queue = await api.get("/api/v1/admin/jobs?status=pending_review&limit=100", { token: admin.token });
    expect(queue.status).toBe(200);
    expect(queue.json.data.map((j: { id: string }) => j.id)).toContain(created.json.id);
    expectProblem(await api.get("/api/v1/admin/jobs", { token: emp.token }), 403);

    const approved = await api.post(`/api/v1/admin/jobs/${created.json.id}/approve`, undefined, { token: admin.token });
    expect(approved.status).toBe(200);
    expect(approved.json.status).toBe("published");
    expect(await openJobs(emp.company.id)).toBe(1);
    expectProblem(
      await api.post(`/api/v1/admin/jobs/${created.json.id}/approve`, undefined, { token: admin.token }),
      409,
      "invalid-transition",
    );
  });

  it("rejection returns the job to draft with the reason and notifies the employer by email", async () => {
    const emp = await employerWithCompany({ verified: false });
    const admin = await signedIn({ role: "admin" });
    const created = await api.post("/api/v1/jobs", jobBody(emp.company.id), { token: emp.token });
    await api.post(`/api/v1/jobs/${created.json.id}/publish`, undefined, { token: emp.token });
    expectProblem(
      await api.post(`/api/v1/admin/jobs/${created.json.id}/reject`, {}, { token: admin.token }),
      400,
      "validation-error",
    );
    const rejected = await api.post(
      `/api/v1/admin/jobs/${created.json.id}/reject`,
      { reason: "Salary range missing" },
      { token: admin.token },
    );
    expect(rejected.json.status).toBe("draft");
    expect(rejected.json.moderation_note).toBe("Salary range missing");

    // The queue handler turns job.moderated into a job_moderated notification: in-app row and email.
    const { handleJobModerated } = await import("../src/modules/jobs/events");
    const sent: Array<{ type: string; to?: string; template?: string; data?: Record<string, unknown> }> = [];
    const fakeEnv = {
      ...env,
      EVENTS: {
        send: async (b: (typeof sent)[number]) => sent.push(b),
        sendBatch: async (batch: Array<{ body: (typeof sent)[number] }>) => sent.push(...batch.map((m) => m.body)),
      },
    };
    const message = {
      id: "evt-1",
      created_at: Date.now(),
      type: "job.moderated" as const,
      job_id: created.json.id,
      decision: "rejected" as const,
      reason: "Salary range missing",
    };
    await handleJobModerated(fakeEnv as unknown as Env, message);
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ type: "email.send", to: emp.user.email, template: "notify.job_moderated" });
    const { renderTemplate } = await import("../src/platform/email/templates");
    const mail = renderTemplate("notify.job_moderated", sent[0]?.data ?? {});
    expect(mail.subject).toContain("was not approved");
    expect(mail.text).toContain("Salary range missing");
    const rows = await db().select().from(notifications).where(eq(notifications.userId, emp.user.id)).all();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      type: "job_moderated",
      actionUrl: `/employer/jobs/${created.json.id}`,
      data: { decision: "rejected", reason: "Salary range missing", job_id: created.json.id },
    });
    // A redelivered message notifies nobody twice.
    await handleJobModerated(fakeEnv as unknown as Env, message);
    expect(sent).toHaveLength(1);
    expect(await db().select().from(notifications).where(eq(notifications.userId, emp.user.id)).all()).toHaveLength(1);
  });

  it("the cron publishes scheduled jobs, expires old ones and closes past deadlines, idempotently", async () => {
    const emp = await employerWithCompany();
    const company = await makeCompany({ verified: true });
    const base = Date.now();
    const publishAt = new Date(base + 2 * 3600_000).toISOString();
    const created = await api.post("/api/v1/jobs", jobBody(emp.company.id, { publish_at: publishAt }), {
      token: emp.token,
    });
    const scheduled = await api.post(`/api/v1/jobs/${created.json.id}/publish`, undefined, { token: emp.token });
    expect(scheduled.json).toMatchObject({ status: "draft", is_scheduled: true });
    expectProblem(
      await api.post(`/api/v1/jobs/${created.json.id}/publish`, undefined, { token: emp.token }),
      409,
      "invalid-transition",
    );

    const expiring = await makeJob({ companyId: company.id, expiresAt: base + 3600_000 });
    const deadline = await makeJob({ companyId: company.id, applicationDeadline: base + 3600_000 });
    expect(await openJobs(company.id)).toBe(2);

    // Before anything is due: nothing changes.
    await runFiveMinuteCron(base);
    expect((await db().select().from(jobs).where(eq(jobs.id, created.json.id)).get())?.status).toBe("draft");

    const tick = base + 3 * 3600_000;
    await runFiveMinuteCron(tick);
    const pub = await db().select().from(jobs).where(eq(jobs.id, created.json.id)).get();
    expect(pub?.status).toBe("published");
    expect(pub?.publishedAt).toBe(Date.parse(publishAt));
    expect(pub?.expiresAt).toBe(Date.parse(publishAt) + 30 * DAY);
    expect((await db().select().from(jobs).where(eq(jobs.id, expiring.id)).get())?.status).toBe("expired");
    const closed = await db().select().from(jobs).where(eq(jobs.id, deadline.id)).get();
    expect(closed?.status).toBe("closed");
    expect(closed?.closedAt).toBe(tick);
    expect(await openJobs(company.id)).toBe(0);
    expect(await openJobs(emp.company.id)).toBe(1);

    // The same tick again changes nothing.
    const snapshot = await db().select().from(jobs).where(eq(jobs.id, created.json.id)).get();
    await runFiveMinuteCron(tick);
    expect(await db().select().from(jobs).where(eq(jobs.id, created.json.id)).get()).toEqual(snapshot);
    expect(await openJobs(emp.company.id)).toBe(1);
  });

  it("rejects publishing with dates in the past and bad bodies", async () => {
    const emp = await employerWithCompany();
    const created = await api.post(
      "/api/v1/jobs",
      jobBody(emp.company.id, { expires_at: new Date(Date.now() - DAY).toISOString() }),
      { token: emp.token },
    );
    expectProblem(
      await api.post(`/api/v1/jobs/${created.json.id}/publish`, undefined, { token: emp.token }),
      400,
      "validation-error",
    );
    for (const bad of [
      { salary: { min: 90, max: 10, currency: "EUR", period: "year" } },
      { status: "published" },
      { view_count: 5 },
      { job_type: "gig" },
      { apply_url: "javascript:alert(1)" },
      { location: { city: "Berlin", lat: 10 } },
    ]) {
      expectProblem(
        await api.post("/api/v1/jobs", jobBody(emp.company.id, bad), { token: emp.token }),
        400,
        "validation-error",
      );
    }
  });
});
