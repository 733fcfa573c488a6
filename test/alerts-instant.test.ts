import { env } from "cloudflare:test";
import { and, eq } from "drizzle-orm";
import { afterEach, describe, expect, it, vi } from "vitest";
import { handleJobPublished } from "../src/modules/alerts/instant";
import { jobAlerts, notifications, users } from "../src/platform/db/schema";
import { renderTemplate } from "../src/platform/email/templates";
import type { QueueMessage } from "../src/platform/queue/messages";
import { markDelivered } from "../src/platform/queue/outbox";
import { db, employerWithCompany, makeCategory, signedIn } from "./factories";
import { captured, deliver, dispatched, publishedJob, runCron, seekerWithAlert, world } from "./helpers/alerts";
import { api } from "./helpers/http";
import { jobBody } from "./helpers/jobs";
import { unsubscribeSubject } from "./helpers/unsubscribe";

afterEach(() => vi.restoreAllMocks());

const message = (jobId: string, after?: string) => ({
  id: `m-${jobId}`,
  created_at: Date.now(),
  type: "job.published" as const,
  job_id: jobId,
  ...(after ? { after_alert_id: after } : {}),
});

/** What went on the queue through `send` and `sendBatch` (the approval sends two messages at once). */
function spyQueue() {
  const send = vi.spyOn(env.EVENTS, "send");
  const batch = vi.spyOn(env.EVENTS, "sendBatch");
  return {
    sent: () => [
      ...send.mock.calls.map(([b]) => b as QueueMessage),
      ...batch.mock.calls.flatMap(([b]) => [...b].map((m) => m.body as QueueMessage)),
    ],
    mockClear: () => {
      send.mockClear();
      batch.mockClear();
    },
  };
}

describe("job.published is announced wherever a job goes live", () => {
  it("publish route, admin approval and the scheduled-publishing cron", async () => {
    const emp = await employerWithCompany();
    const send = spyQueue();
    const created = await api.post("/api/v1/jobs", jobBody(emp.company.id), { token: emp.token });
    await api.post(`/api/v1/jobs/${created.json.id}/publish`, undefined, { token: emp.token });
    expect(send.sent()).toContainEqual(expect.objectContaining({ type: "job.published", job_id: created.json.id }));

    // Unverified company: pending review announces nothing; the approval does.
    const unverified = await employerWithCompany({ verified: false });
    const admin = await signedIn({ role: "admin" });
    const pending = await api.post("/api/v1/jobs", jobBody(unverified.company.id), { token: unverified.token });
    send.mockClear();
    await api.post(`/api/v1/jobs/${pending.json.id}/publish`, undefined, { token: unverified.token });
    expect(send.sent().some((m) => m.type === "job.published")).toBe(false);
    await api.post(`/api/v1/admin/jobs/${pending.json.id}/approve`, undefined, { token: admin.token });
    expect(send.sent()).toContainEqual(expect.objectContaining({ type: "job.published", job_id: pending.json.id }));

    // Scheduled: announced by the five-minute cron when it goes live, once.
    const publishAt = Date.now() + 3_600_000;
    const later = await api.post(
      "/api/v1/jobs",
      jobBody(emp.company.id, { publish_at: new Date(publishAt).toISOString() }),
      { token: emp.token },
    );
    send.mockClear();
    await api.post(`/api/v1/jobs/${later.json.id}/publish`, undefined, { token: emp.token });
    expect(send.sent().some((m) => m.type === "job.published")).toBe(false);
    const q = captured();
    await runCron("*/5 * * * *", publishAt + 60_000, q.env);
    expect(q.sent.filter((m) => m.type === "job.published" && m.job_id === later.json.id)).toHaveLength(1);
    // The captured queue delivers nothing; stamp what it got as the consumer would, so the
    // outbox sweep of the rerun has nothing lost to re-send: only a new announcement would show.
    await markDelivered(
      db(),
      q.sent.map((m) => m.id),
      Date.now(),
    );
    const again = captured();
    await runCron("*/5 * * * *", publishAt + 60_000, again.env);
    expect(again.sent.filter((m) => m.type === "job.published")).toHaveLength(0);
  });
});

describe("instant alerts", () => {
  it("notify exactly the owners of matching instant alerts, on their channels, once", async () => {
    const w = await world();
    const child = await makeCategory({ parentId: w.category.id });
    const now = Date.now();
    const match = await seekerWithAlert({ frequency: "instant", query: { q: "golang", category: child.slug } }, now);
    const parent = await seekerWithAlert({ frequency: "instant", query: { category: w.category.slug } }, now);
    const inApp = await seekerWithAlert(
      { frequency: "instant", channels: ["in_app"], query: { category: child.id, skills: ["go"] } },
      now,
    );
    const noMatch = [
      await seekerWithAlert({ frequency: "instant", query: { q: "python", category: child.slug } }, now),
      await seekerWithAlert({ frequency: "instant", query: { category: child.slug, remote: true } }, now),
      await seekerWithAlert({ frequency: "instant", query: { category: child.slug, job_type: ["contract"] } }, now),
      await seekerWithAlert({ frequency: "instant", query: { category: child.slug, salary_min: 200000 } }, now),
      await seekerWithAlert({ frequency: "instant", query: { category: child.slug, location: "Paris" } }, now),
      await seekerWithAlert({ frequency: "daily", query: { category: child.slug } }, now),
    ];
    const paused = await seekerWithAlert({ frequency: "instant", query: { category: child.slug } }, now);
    await db().update(jobAlerts).set({ active: false, pausedReason: "user" }).where(eq(jobAlerts.id, paused.alert.id));
    const suspended = await seekerWithAlert({ frequency: "instant", query: { category: child.slug } }, now);
    await db().update(users).set({ status: "suspended" }).where(eq(users.id, suspended.seeker.user.id));

    const job = await publishedJob({ ...w, category: child }, now - 1000, {
      skills: ["Go"],
      salaryMin: 70000,
      salaryMax: 90000,
      salaryCurrency: "EUR",
      salaryPeriod: "year",
    });
    const q = captured();
    const result = await handleJobPublished(q.env, message(job.id));
    expect(result).toEqual({ notified: 3, continued: false });
    const events = dispatched(q.sent);
    expect(events.map((e) => e.id).sort()).toEqual(
      [match, parent, inApp].map((a) => `alert:${a.alert.id}:job:${job.id}`).sort(),
    );
    expect(events.every((e) => e.type === "job_alert")).toBe(true);
    const forMatch = events.find((e) => e.recipients[0] === match.seeker.user.id);
    expect(forMatch).toMatchObject({
      title: 'New job for "Go jobs": Golang Engineer',
      action_url: `/jobs/${job.id}/${job.slug}`,
      channels: ["email", "in_app"],
      data: {
        alert_id: match.alert.id,
        total: 1,
        jobs: [{ id: job.id, title: "Golang Engineer", company: "Acme Edge" }],
      },
    });
    expect((forMatch?.data?.jobs as { url: string }[] | undefined)?.[0]?.url).toBe(
      new URL(`/jobs/${job.id}/${job.slug}`, env.PUBLIC_APP_URL).toString(),
    );
    expect(events.find((e) => e.recipients[0] === inApp.seeker.user.id)?.channels).toEqual(["in_app"]);
    for (const n of noMatch) expect(events.some((e) => e.recipients[0] === n.seeker.user.id)).toBe(false);
    const stored = await db().select().from(jobAlerts).where(eq(jobAlerts.id, match.alert.id)).get();
    expect(stored?.lastSentAt).not.toBeNull();

    // notify: in-app for all three, email for the two with the email channel, each with its own unsubscribe link.
    const emails = await deliver(events);
    expect(emails.map((m) => m.to).sort()).toEqual([match.seeker.user.email, parent.seeker.user.email].sort());
    const mail = emails.find((m) => m.to === match.seeker.user.email);
    expect(await unsubscribeSubject(mail?.unsubscribe_url)).toEqual({ kind: "alert", alertId: match.alert.id });
    const rendered = renderTemplate(mail?.template ?? "", mail?.data ?? {}, { unsubscribeUrl: mail?.unsubscribe_url });
    expect(rendered.text).toContain(`Unsubscribe: ${mail?.unsubscribe_url}`);
    expect(rendered.text).toContain("Golang Engineer — Acme Edge — Berlin, Germany");
    const inbox = await db()
      .select()
      .from(notifications)
      .where(and(eq(notifications.userId, inApp.seeker.user.id), eq(notifications.type, "job_alert")));
    expect(inbox).toHaveLength(1);

    // A redelivered job.published dispatches the same event ids; notify sends nothing twice.
    // The captured queue delivers nothing; stamp what it got as the consumer would, so the
    // outbox sweep of the rerun has nothing lost to re-send: only a new announcement would show.
    await markDelivered(
      db(),
      q.sent.map((m) => m.id),
      Date.now(),
    );
    const again = captured();
    await handleJobPublished(again.env, message(job.id));
    expect(
      dispatched(again.sent)
        .map((e) => e.id)
        .sort(),
    ).toEqual(events.map((e) => e.id).sort());
    expect(await deliver(dispatched(again.sent))).toEqual([]);
    expect(
      await db()
        .select()
        .from(notifications)
        .where(and(eq(notifications.userId, inApp.seeker.user.id), eq(notifications.type, "job_alert"))),
    ).toHaveLength(1);
  });

  it("a job that matches nothing, or is not live, sends nothing", async () => {
    const w = await world();
    const now = Date.now();
    await seekerWithAlert({ frequency: "instant", query: { q: "rust", category: w.category.slug } }, now);
    const other = await publishedJob(w, now - 1000, { title: "Golang Engineer" });
    const q = captured();
    expect(await handleJobPublished(q.env, message(other.id))).toEqual({ notified: 0, continued: false });
    expect(q.sent).toEqual([]);

    const matchAll = await seekerWithAlert({ frequency: "instant", query: { category: w.category.slug } }, now);
    const draft = await publishedJob(w, now, { status: "draft", publishedAt: null });
    const expired = await publishedJob(w, now - 2000, { expiresAt: now - 1000 });
    await handleJobPublished(q.env, message(draft.id));
    await handleJobPublished(q.env, message(expired.id));
    await handleJobPublished(q.env, message("no-such-job"));
    expect(q.sent).toEqual([]);

    // A continuation only looks at alerts after the given id.
    const live = await publishedJob(w, now - 500);
    await handleJobPublished(q.env, message(live.id, matchAll.alert.id));
    expect(dispatched(q.sent)).toEqual([]);
    await handleJobPublished(q.env, message(live.id));
    expect(dispatched(q.sent).map((e) => e.recipients[0])).toEqual([matchAll.seeker.user.id]);
  });
});
