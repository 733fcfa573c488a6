/**
 * Transactional outbox (durability issue, item 4): a message is written in
 * the same D1 batch as its change; a process that stops before the enqueue
 * (simulated by a queue `send` that throws) leaves a pending row that the
 * cron sweep sends, consumers absorb the duplicate when both paths send, and
 * email log rows never stay `queued` forever.
 */
import { createExecutionContext, createMessageBatch, createScheduledController, env } from "cloudflare:test";
import { and, eq, sql } from "drizzle-orm";
import { afterEach, describe, expect, it, vi } from "vitest";
import worker from "../src/index";
import { DAY, MINUTE } from "../src/lib/time";
import { accountTokens, emailLog, notifications, outbox, users } from "../src/platform/db/schema";
import { queueEmail } from "../src/platform/email/log";
import type { QueueMessage } from "../src/platform/queue/messages";
import { OUTBOX_GRACE_MS, outboxWrite, REDELIVER_AFTER_MS } from "../src/platform/queue/outbox";
import { db, makeResume, unique } from "./factories";
import { mailbox, registerViaApi, waitFor, waitForEmail } from "./helpers/accounts";
import { pipelineWorld } from "./helpers/applications";
import { api } from "./helpers/http";
import { uploadResume } from "./helpers/profiles";

afterEach(() => vi.restoreAllMocks());

/** Runs the five-minute cron tick at `at` (the sweep uses the tick's time, not the clock). */
async function tick(at: number, cron = "*/5 * * * *") {
  const ctx = createExecutionContext();
  await worker.scheduled(createScheduledController({ cron, scheduledTime: at }), env, ctx);
}

/** The queue stops accepting for the next call: what a process stopping after the commit looks like. */
function queueDownOnce() {
  vi.spyOn(env.EVENTS, "send").mockRejectedValueOnce(new Error("queue unavailable"));
}

const outboxRow = (id: string) => db().select().from(outbox).where(eq(outbox.id, id)).get();

async function deliver(body: QueueMessage) {
  const batch = createMessageBatch("events", [{ id: crypto.randomUUID(), timestamp: new Date(), attempts: 1, body }]);
  const ctx = createExecutionContext();
  await worker.queue(batch, env, ctx);
}

describe("transactional outbox", () => {
  it("a registration whose enqueue failed still gets its verification email, sent by the sweep", async () => {
    queueDownOnce();
    const { email } = await registerViaApi();
    const [log] = await db().select().from(emailLog).where(eq(emailLog.to, email));
    expect(log).toMatchObject({ template: "verify_email", status: "queued" });
    const pending = await outboxRow(log?.id ?? "");
    expect(pending).toMatchObject({ sentAt: null, attempts: 0 });
    expect(pending?.message).toMatchObject({ type: "email.send", email_id: log?.id, to: email });

    // Inside the grace period the sweep leaves the row to its request.
    await tick(Date.now());
    expect((await outboxRow(log?.id ?? ""))?.sentAt).toBeNull();

    const at = Date.now() + OUTBOX_GRACE_MS + 1000;
    await tick(at);
    expect(await outboxRow(log?.id ?? "")).toMatchObject({ sentAt: at, attempts: 1 });
    const { mail } = await waitForEmail(email, "verify_email");
    expect(mail.text).toMatch(/verify-email\?token=/);
  });

  it("the fast path sends right after the commit and stamps the row", async () => {
    const to = `${unique("fast")}@example.com`;
    const id = await queueEmail(db(), env, { to, template: "welcome", data: { first_name: "Ada" } });
    expect((await outboxRow(id))?.sentAt).toBeTypeOf("number");
    await waitForEmail(to, "welcome");
    // The consumer stamps it delivered, so the sweep never sends it again.
    await waitFor(async () => (await outboxRow(id))?.deliveredAt);
  });

  it("sends again a message the queue accepted but lost (sent, never delivered)", async () => {
    const to = `${unique("vanished")}@example.com`;
    // The queue says yes and drops it (a local queue lives in memory: a restart loses it).
    vi.spyOn(env.EVENTS, "send").mockResolvedValueOnce(undefined as never);
    const id = await queueEmail(db(), env, { to, template: "welcome", data: { first_name: "Ada" } });
    expect(await outboxRow(id)).toMatchObject({ sentAt: expect.any(Number), deliveredAt: null });
    await tick(Date.now() + 30_000);
    expect((await outboxRow(id))?.attempts).toBe(0); // too early to call it lost
    await tick(Date.now() + REDELIVER_AFTER_MS + 1000);
    await waitForEmail(to, "welcome");
    const row = await waitFor(async () => {
      const r = await outboxRow(id);
      return r?.deliveredAt ? r : null;
    });
    expect(row.attempts).toBe(1);
  });

  it("delivers exactly once when both the fast path and the sweep send the message", async () => {
    const to = `${unique("twice")}@example.com`;
    const id = await queueEmail(db(), env, { to, template: "welcome", data: { first_name: "Ada" } });
    // The stamp was lost (say): the sweep sends the same message again.
    await db().update(outbox).set({ sentAt: null }).where(eq(outbox.id, id));
    await tick(Date.now() + OUTBOX_GRACE_MS + 1000);
    const row = await outboxRow(id);
    await deliver(row?.message as unknown as QueueMessage);
    await waitForEmail(to, "welcome");
    await new Promise((r) => setTimeout(r, 300));
    expect(await mailbox(to)).toHaveLength(1);
    expect((await db().select().from(emailLog).where(eq(emailLog.to, to))).map((r) => r.status)).toEqual(["sent"]);
  });

  it("registration is one batch: a stop before it commits leaves no account without its email", async () => {
    const email = `${unique("atomic")}@example.com`;
    const body = {
      email,
      password: "Plenty-of-Entropy-2026",
      role: "seeker",
      first_name: "Ada",
      last_name: "Lovelace",
    };
    // The process stops at the write: before, the user was already inserted on its own by then.
    // Requests run in a D1 session (src/http/middleware/db.ts): the stop is that session's batch.
    const openSession = env.DB.withSession.bind(env.DB);
    vi.spyOn(env.DB, "withSession").mockImplementationOnce((constraint) => {
      const session = openSession(constraint);
      vi.spyOn(session, "batch").mockRejectedValueOnce(new Error("stopped"));
      return session;
    });
    const failed = await api.post("/api/v1/auth/register", body);
    expect(failed.status).toBeGreaterThanOrEqual(500);
    expect(await db().select().from(users).where(eq(users.email, email))).toEqual([]);
    expect(await db().select().from(emailLog).where(eq(emailLog.to, email))).toEqual([]);

    // Nothing half-made blocks the retry, and the retry's user, token and email landed together.
    const again = await api.post("/api/v1/auth/register", body);
    expect(again.status).toBe(201);
    const [log] = await db().select().from(emailLog).where(eq(emailLog.to, email));
    expect(log).toMatchObject({ template: "verify_email", userId: again.json.user.id });
    expect(await outboxRow(log?.id ?? "")).toMatchObject({ message: { type: "email.send", email_id: log?.id } });
    const tokens = await db().select().from(accountTokens).where(eq(accountTokens.userId, again.json.user.id));
    expect(tokens.map((t) => t.purpose)).toEqual(["verify_email"]);
  });

  it("an application whose enqueue failed reaches the company through the sweep", async () => {
    const { job, seeker, employer } = await pipelineWorld();
    const resume = await makeResume(seeker.user.id);
    queueDownOnce();
    const r = await api.post(`/api/v1/jobs/${job.id}/applications`, { resume_id: resume.id }, { token: seeker.token });
    expect(r.status).toBe(201);
    const [pending] = await db()
      .select()
      .from(outbox)
      .where(sql`json_extract(${outbox.message}, '$.application_id') = ${r.json.id}`);
    expect(pending).toMatchObject({ sentAt: null, message: { type: "application.submitted" } });

    await tick(Date.now() + OUTBOX_GRACE_MS + 1000);
    const received = await waitFor(() =>
      db()
        .select()
        .from(notifications)
        .where(and(eq(notifications.userId, employer.user.id), eq(notifications.type, "application_received")))
        .get(),
    );
    expect(received).toBeTruthy();
  });

  it("a resume upload whose enqueue failed is parsed after the sweep", async () => {
    const { seeker } = await pipelineWorld();
    queueDownOnce();
    const up = await uploadResume(seeker.token, {
      bytes: new TextEncoder().encode("Python and Kubernetes"),
      name: "cv.txt",
    });
    expect(up.status).toBe(201);
    await tick(Date.now() + OUTBOX_GRACE_MS + 1000);
    const parsed = await waitFor(async () => {
      const got = await api.get(`/api/v1/resumes/${up.json.id}`, { token: seeker.token });
      return got.json.parse_status === "done" ? got.json : null;
    });
    expect(parsed.extracted_skills).toEqual(expect.arrayContaining(["Python", "Kubernetes"]));
  });

  it("writes nothing when the change's batch fails, and a sweep failure backs the row off", async () => {
    const write = outboxWrite(db(), [{ type: "user.registered", user_id: "nobody" }]);
    const [insert] = write.statements;
    if (!insert) throw new Error("no statement");
    // A batch whose other statement fails (here: the same id twice) commits nothing.
    await expect(db().batch([insert, insert])).rejects.toThrow();
    expect(await outboxRow(write.messages[0]?.id ?? "")).toBeUndefined();

    await db().batch([insert]);
    const id = write.messages[0]?.id ?? "";
    const at = Date.now() + OUTBOX_GRACE_MS + 1000;
    vi.spyOn(env.EVENTS, "send").mockRejectedValue(new Error("queue unavailable"));
    vi.spyOn(env.EVENTS, "sendBatch").mockRejectedValue(new Error("queue unavailable"));
    await tick(at).catch(() => undefined);
    expect(await outboxRow(id)).toMatchObject({ sentAt: null, attempts: 1, availableAt: at + 5 * MINUTE });
  });
});

describe("email log rows never stay queued", () => {
  it("re-sends an email the queue lost (sent outbox row, log still queued) and fails one with nothing to re-send", async () => {
    const to = `${unique("lost")}@example.com`;
    const lost = await queueEmail(db(), env, { to, template: "welcome", data: { first_name: "Ada" } });
    await waitForEmail(to, "welcome");
    // Pretend the message vanished with the queue: the log row is back to queued, an hour old.
    const old = Date.now() - 60 * MINUTE;
    await db().update(emailLog).set({ status: "queued", createdAt: old, updatedAt: old }).where(eq(emailLog.id, lost));
    const orphan = crypto.randomUUID();
    await db()
      .insert(emailLog)
      .values({
        id: orphan,
        to,
        template: "welcome",
        status: "queued",
        createdAt: Date.now() - DAY,
        updatedAt: Date.now() - DAY,
      });
    const consumed = vi.spyOn(env.EVENTS, "send");
    await tick(Date.now());
    expect(consumed).toHaveBeenCalledWith(expect.objectContaining({ id: lost, type: "email.send" }), expect.anything());
    await waitFor(async () => {
      const row = await db().select().from(emailLog).where(eq(emailLog.id, lost)).get();
      return row?.status === "sent";
    });
    expect(await db().select().from(emailLog).where(eq(emailLog.id, orphan)).get()).toMatchObject({
      status: "failed",
      error: expect.stringMatching(/Lost before delivery/),
    });
  });

  it("purges sent rows past retention daily and keeps pending ones", async () => {
    const old = Date.now() - 8 * DAY;
    const write = outboxWrite(
      db(),
      [
        { type: "user.registered", user_id: "a" },
        { type: "user.registered", user_id: "b" },
      ],
      old,
    );
    await db().batch(write.statements as [never]);
    const [sent, pending] = write.messages.map((m) => m.id) as [string, string];
    await db().update(outbox).set({ sentAt: old }).where(eq(outbox.id, sent));
    await db()
      .update(outbox)
      .set({ availableAt: Date.now() + DAY })
      .where(eq(outbox.id, pending));
    await tick(Date.now(), "0 3 * * *").catch(() => undefined);
    expect(await outboxRow(sent)).toBeUndefined();
    expect(await outboxRow(pending)).toBeTruthy();
  });
});
