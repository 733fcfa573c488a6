/**
 * Every webhook event type the API advertises has a producer: each test makes
 * the change through the API (or the cron), takes the domain message the change
 * wrote to the outbox/queue, hands it to the Worker's own queue handler, and
 * checks the signed delivery a subscribed endpoint receives, and that its
 * payload holds only what the endpoint's owner reads through the API.
 */
import { createExecutionContext, env } from "cloudflare:test";
import { eq, isNull, like } from "drizzle-orm";
import { Webhook } from "standardwebhooks";
import { afterEach, describe, expect, it } from "vitest";
import { newId } from "../src/lib/ids";
import { runJobSchedules } from "../src/modules/jobs/lifecycle";
import { deliverWebhook, WEBHOOK_EVENT_TYPES } from "../src/modules/webhooks";
import { eventFromMessage } from "../src/modules/webhooks/events";
import { createDb } from "../src/platform/db/client";
import { jobs, outbox, reviews, webhookEndpoints } from "../src/platform/db/schema";
import type { QueueMessage } from "../src/platform/queue/messages";
import { handlers } from "../src/queue";
import {
  db,
  employerWithCompany,
  makeApplication,
  makeCompany,
  makeInterview,
  makeJob,
  makeUser,
  signedIn,
} from "./factories";
import { call } from "./helpers/http";
import { capturedQueue, fakeReceiver, makeEndpoint } from "./helpers/webhooks";

let receiver: ReturnType<typeof fakeReceiver> | undefined;
afterEach(async () => {
  receiver?.restore();
  receiver = undefined;
  await db().delete(webhookEndpoints).where(isNull(webhookEndpoints.companyId));
});

type Q = ReturnType<typeof capturedQueue>;

/** A published review, stored directly (the API path is covered above). */
async function makeReview(companyId: string, authorId: string) {
  const now = Date.now();
  const row = {
    id: newId(now),
    companyId,
    authorId,
    rating: 5,
    title: "Great",
    body: "A fine place to work for a while.",
    isAnonymous: false,
    employmentStatus: "current" as const,
    status: "published" as const,
    createdAt: now,
    updatedAt: now,
  };
  await db().insert(reviews).values(row);
  return row;
}

/** Runs the real queue handler of every captured domain message (not deliveries) of `type`. */
async function handle(q: Q, type: QueueMessage["type"]): Promise<number> {
  const msgs = q.sent.map((s) => s.body).filter((m) => m.type === type);
  const ctx = { env: q.env, ctx: createExecutionContext() } as unknown as Parameters<
    (typeof handlers)["job.closed"]
  >[1];
  for (const m of msgs) await (handlers[type] as (m: QueueMessage, hc: typeof ctx) => Promise<void>)(m, ctx);
  return msgs.length;
}

/** Delivers every captured `webhook.deliver` message, as the consumer would. */
async function drain(q: Q) {
  for (const m of q.deliveries()) await deliverWebhook(q.env, m);
}

function received(secret: string) {
  if (!receiver) throw new Error("no receiver");
  return receiver.received.map(
    (r) =>
      new Webhook(secret).verify(r.body, r.headers) as {
        type: string;
        data: { job?: { id: string } } & Record<string, unknown>;
      },
  );
}

describe("webhook events", () => {
  it("job.closed: closing a job through the API delivers it, with the job summary and the reason", async () => {
    const owner = await employerWithCompany();
    const job = await makeJob({ companyId: owner.company.id, postedBy: owner.user.id });
    const ep = await makeEndpoint(owner.company.id, { eventTypes: ["job.closed"] });
    const other = await makeEndpoint((await makeCompany()).id, { eventTypes: ["job.closed"] });
    const q = capturedQueue();
    receiver = fakeReceiver();
    const res = await call("POST", `/api/v1/jobs/${job.id}/close`, { token: owner.token, app: q.app });
    expect(res.status).toBe(200);
    expect(await handle(q, "job.closed")).toBe(1);
    await drain(q);
    expect(receiver.received).toHaveLength(1);
    expect(receiver.received[0]?.headers["webhook-id"]).toMatch(/^msg_/);
    const [event] = received(ep.secret);
    expect(event).toMatchObject({
      type: "job.closed",
      data: { reason: "closed", job: { id: job.id, status: "closed", company: { id: owner.company.id } } },
    });
    expect(() => received(other.secret)).toThrow();
  });

  it("job.expired and job.closed (deadline) come from the schedules cron, once per job, via the outbox", async () => {
    const owner = await employerWithCompany();
    const now = Date.now();
    const expiring = await makeJob({ companyId: owner.company.id, expiresAt: now - 1000 });
    const deadline = await makeJob({ companyId: owner.company.id, applicationDeadline: now - 1000 });
    // Past both: it expires (the first UPDATE), and is announced once, as expired.
    const both = await makeJob({ companyId: owner.company.id, expiresAt: now - 1000, applicationDeadline: now - 1000 });
    const ep = await makeEndpoint(owner.company.id, { eventTypes: ["job.expired", "job.closed"] });
    const q = capturedQueue();
    receiver = fakeReceiver();
    const counts = await runJobSchedules(createDb(env.DB), q.env, now);
    expect(counts).toMatchObject({ expired: 2, closed: 1 });
    // The outbox rows committed with the change, one per job moved.
    const rows = await db().select().from(outbox).where(like(outbox.id, "job-%d:%"));
    const mine = rows.filter((r) => [expiring.id, deadline.id, both.id].some((id) => r.id.includes(id)));
    expect(mine.map((r) => r.id.split(":")[0]).sort()).toEqual(["job-closed", "job-expired", "job-expired"]);
    // A rerun of the tick moves and announces nothing more.
    expect(await runJobSchedules(createDb(env.DB), q.env, now)).toMatchObject({ expired: 0, closed: 0 });
    expect(await handle(q, "job.expired")).toBe(2);
    expect(await handle(q, "job.closed")).toBe(1);
    await drain(q);
    const events = received(ep.secret);
    const byJob = Object.fromEntries(events.map((e) => [e.data.job?.id, e]));
    expect(byJob[expiring.id]).toMatchObject({ type: "job.expired", data: { job: { status: "expired" } } });
    expect(byJob[both.id]).toMatchObject({ type: "job.expired" });
    expect(byJob[deadline.id]).toMatchObject({ type: "job.closed", data: { reason: "deadline" } });
    expect(events).toHaveLength(3);
    const stored = await db().select({ status: jobs.status }).from(jobs).where(eq(jobs.id, deadline.id)).get();
    expect(stored?.status).toBe("closed");
  });

  it("review.posted: a seeker's review reaches the company's endpoint; an anonymous author stays hidden", async () => {
    const owner = await employerWithCompany();
    const ep = await makeEndpoint(owner.company.id, { eventTypes: ["review.posted"] });
    const seeker = await signedIn({ role: "seeker" });
    const q = capturedQueue();
    receiver = fakeReceiver();
    const res = await call("POST", `/api/v1/companies/${owner.company.id}/reviews`, {
      token: seeker.token,
      app: q.app,
      body: {
        rating: 4,
        title: "Good place to work",
        body: "Kind colleagues and interesting problems to solve.",
        is_anonymous: true,
        employment_status: "former",
      },
    });
    expect(res.status).toBe(201);
    const review = (await res.json()) as { id: string };
    expect(await handle(q, "review.posted")).toBe(1);
    await drain(q);
    const [event] = received(ep.secret);
    expect(event).toMatchObject({
      type: "review.posted",
      data: { review: { id: review.id, company_id: owner.company.id, rating: 4, is_anonymous: true, author: null } },
    });
    expect(JSON.stringify(event)).not.toContain(seeker.user.id);
  });

  it("company.verified: an admin's verification is announced once; withdrawing it announces nothing", async () => {
    const owner = await employerWithCompany({ verified: false });
    const ep = await makeEndpoint(owner.company.id, { eventTypes: ["company.verified"] });
    const admin = await signedIn({ role: "admin" });
    const q = capturedQueue();
    receiver = fakeReceiver();
    const path = `/api/v1/admin/companies/${owner.company.id}/verify`;
    expect((await call("POST", path, { token: admin.token, app: q.app })).status).toBe(200);
    // Verifying again (already verified) and withdrawing write no further announcement.
    expect((await call("POST", path, { token: admin.token, app: q.app })).status).toBe(200);
    expect((await call("DELETE", path, { token: admin.token, app: q.app })).status).toBe(200);
    expect(q.sent.filter((s) => s.body.type === "company.verified")).toHaveLength(1);
    // Delivered after the withdrawal, the event says nothing false: it is dropped.
    expect(await handle(q, "company.verified")).toBe(1);
    expect(q.deliveries()).toHaveLength(0);
    // Verified again: announced and delivered with the public company.
    expect((await call("POST", path, { token: admin.token, app: q.app })).status).toBe(200);
    const q2 = capturedQueue();
    q2.sent.push(...q.sent.filter((s) => s.body.type === "company.verified").slice(1));
    expect(await handle(q2, "company.verified")).toBe(1);
    await drain(q2);
    const [event] = received(ep.secret);
    expect(event).toMatchObject({
      type: "company.verified",
      data: { company: { id: owner.company.id, is_verified: true } },
    });
  });

  it("the catalogue has no event without a producer: every source message maps onto it, all types covered", async () => {
    const owner = await employerWithCompany();
    const job = await makeJob({ companyId: owner.company.id, status: "closed" });
    const seeker = await makeUser();
    const app = await makeApplication(job, seeker.id);
    const interview = await makeInterview(app);
    const review = await makeReview(owner.company.id, seeker.id);
    const base = { created_at: Date.now() };
    const sources: Parameters<typeof eventFromMessage>[1][] = [
      { ...base, id: "1", type: "job.published", job_id: job.id },
      { ...base, id: "2", type: "job.closed", job_id: job.id, reason: "closed" },
      { ...base, id: "3", type: "job.expired", job_id: job.id },
      { ...base, id: "4", type: "application.submitted", application_id: app.id },
      {
        ...base,
        id: "5",
        type: "application.status_changed",
        application_id: app.id,
        from_status: "pending",
        to_status: "reviewing",
        actor_role: "company",
      },
      { ...base, id: "6", type: "application.withdrawn", application_id: app.id, from_status: "pending" },
      { ...base, id: "7", type: "interview.scheduled", interview_id: interview.id },
      { ...base, id: "8", type: "interview.updated", interview_id: interview.id, change: "rescheduled" },
      { ...base, id: "9", type: "interview.updated", interview_id: interview.id, change: "cancelled" },
      { ...base, id: "10", type: "review.posted", review_id: review.id },
      { ...base, id: "11", type: "company.verified", company_id: owner.company.id },
    ];
    const types = [];
    for (const m of sources) {
      const event = await eventFromMessage(env, m);
      // Each event belongs to the subject's company: only its endpoints (and platform ones) get it.
      expect(event?.companyId).toBe(owner.company.id);
      types.push(event?.type);
    }
    expect(types.sort()).toEqual([...WEBHOOK_EVENT_TYPES].sort());
  });
});
