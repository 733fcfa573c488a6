/**
 * The outbox at each kind of producer (durability issue, item 4): a
 * notification from request code, a job publish announcement, a cron fan-out
 * (alert digests) and the 2FA emails. Each writes its message in the batch of
 * its change; when the enqueue is lost (a queue `send` that throws, as a
 * process stopping after the commit would) the sweep delivers it, and exactly
 * once: a second sweep sends nothing and a duplicate delivery changes nothing.
 */
import { createExecutionContext, createMessageBatch, createScheduledController, env } from "cloudflare:test";
import { and, eq, sql } from "drizzle-orm";
import { afterEach, describe, expect, it, vi } from "vitest";
import worker from "../src/index";
import { runDigests } from "../src/modules/alerts/digest";
import { periodKey } from "../src/modules/alerts/periods";
import { emailLog, notifications, outbox } from "../src/platform/db/schema";
import { QueueMessage } from "../src/platform/queue/messages";
import { OUTBOX_GRACE_MS } from "../src/platform/queue/outbox";
import { DEFAULT_PASSWORD, db, employerWithCompany, signedIn } from "./factories";
import { mailbox, totp, waitFor, waitForEmail } from "./helpers/accounts";
import { captured, dailyTick, HOUR, publishedJob, seekerWithAlert, T0, world } from "./helpers/alerts";
import { api } from "./helpers/http";
import { jobBody } from "./helpers/jobs";
import { envWith } from "./helpers/notifications";

afterEach(() => vi.restoreAllMocks());

async function tick(at: number) {
  const ctx = createExecutionContext();
  await worker.scheduled(createScheduledController({ cron: "*/5 * * * *", scheduledTime: at }), env, ctx);
}

/** The queue refuses the next `send` (each site here enqueues one message). */
function queueDownOnce() {
  vi.spyOn(env.EVENTS, "send").mockRejectedValueOnce(new Error("queue unavailable"));
}

const outboxRow = (id: string) => db().select().from(outbox).where(eq(outbox.id, id)).get();

/** The outbox rows of notification events whose id starts with `prefix`. */
const eventRows = (prefix: string) =>
  db()
    .select()
    .from(outbox)
    .where(sql`substr(json_extract(${outbox.message}, '$.event.id'), 1, ${prefix.length}) = ${prefix}`);

const notificationsOf = (userId: string, type: string) =>
  db()
    .select()
    .from(notifications)
    .where(and(eq(notifications.userId, userId), eq(notifications.type, type)));

/** The same message delivered again (the fast path and the sweep both sent it). */
async function deliverAgain(message: unknown) {
  const body = QueueMessage.parse(message);
  const batch = createMessageBatch("events", [{ id: crypto.randomUUID(), timestamp: new Date(), attempts: 1, body }]);
  await worker.queue(batch, env, createExecutionContext());
}

/** Sweeps after the grace period, waits for the effect, checks a second sweep sends nothing. */
async function sweepDelivers(rowId: string, delivered: () => Promise<unknown>) {
  expect(await outboxRow(rowId)).toMatchObject({ sentAt: null, attempts: 0 });
  const at = Date.now() + OUTBOX_GRACE_MS + 1000;
  await tick(at);
  expect(await outboxRow(rowId)).toMatchObject({ sentAt: at, attempts: 1 });
  await waitFor(delivered, 10_000);
  await waitFor(async () => (await outboxRow(rowId))?.deliveredAt, 10_000);
  // spyOn returns the spy queueDownOnce made: forget its earlier calls.
  const send = vi.spyOn(env.EVENTS, "send");
  const sendBatch = vi.spyOn(env.EVENTS, "sendBatch");
  send.mockClear();
  sendBatch.mockClear();
  await tick(at + 1000);
  const resent = [...send.mock.calls, ...sendBatch.mock.calls].flat(2);
  expect(JSON.stringify(resent)).not.toContain(rowId);
}

describe("outbox at every producer", () => {
  it("a notification from request code (password changed) whose enqueue failed arrives once, via the sweep", async () => {
    const s = await signedIn();
    queueDownOnce();
    const r = await api.post(
      "/api/v1/auth/password/change",
      { current_password: DEFAULT_PASSWORD, new_password: "Another-Long-Passphrase-2027" },
      { token: s.token },
    );
    expect(r.status).toBeLessThan(300);
    const [row] = await eventRows(`password_changed:${s.user.id}:`);
    expect(row?.message).toMatchObject({ type: "notification.dispatch", event: { type: "password_changed" } });
    await sweepDelivers(row?.id ?? "", async () => (await notificationsOf(s.user.id, "password_changed")).length);
    await deliverAgain(row?.message);
    expect(await notificationsOf(s.user.id, "password_changed")).toHaveLength(1);
  });

  it("a job publish announcement whose enqueue failed reaches the instant alert once, via the sweep", async () => {
    const word = `zephyr${crypto.randomUUID().slice(0, 6).replace(/-/g, "")}`;
    const { seeker } = await seekerWithAlert({ frequency: "instant", query: { q: word } }, Date.now() - HOUR);
    const emp = await employerWithCompany();
    const created = await api.post("/api/v1/jobs", jobBody(emp.company.id, { title: `${word} engineer` }), {
      token: emp.token,
    });
    queueDownOnce();
    const published = await api.post(`/api/v1/jobs/${created.json.id}/publish`, undefined, { token: emp.token });
    expect(published.json.status).toBe("published");
    const id = `job-published:${created.json.id}`;
    expect((await outboxRow(id))?.message).toMatchObject({ type: "job.published", job_id: created.json.id });
    await sweepDelivers(id, async () => (await notificationsOf(seeker.user.id, "job_alert")).length);
    await deliverAgain((await outboxRow(id))?.message);
    // The alert consumer dispatches through the queue: give a (wrong) second notification time to land.
    await new Promise((r) => setTimeout(r, 500));
    expect(await notificationsOf(seeker.user.id, "job_alert")).toHaveLength(1);
  });

  it("a digest fan-out whose enqueue failed is claimed once and delivered once, via the sweep", async () => {
    const w = await world();
    const { seeker, alert } = await seekerWithAlert({ query: { q: "golang", category: w.category.slug } }, T0);
    await publishedJob(w, T0 + HOUR);
    const down = {
      send: async () => {
        throw new Error("queue unavailable");
      },
      sendBatch: async () => {
        throw new Error("queue unavailable");
      },
    } as unknown as Queue;
    const at = dailyTick(1);
    // The claim and the outbox row committed together; only the enqueue failed.
    expect(await runDigests(envWith({ EVENTS: down }), "daily", at)).toMatchObject({ claimed: 1, sent: 1 });
    const id = `alert:${alert.id}:daily:${periodKey("daily", at)}`;
    // The rerun of the tick claims nothing and writes nothing more.
    const again = captured();
    expect(await runDigests(again.env, "daily", at)).toMatchObject({ claimed: 0, sent: 0 });
    expect(again.sent).toHaveLength(0);
    expect(await db().select().from(outbox).where(eq(outbox.id, id))).toHaveLength(1);

    const row = await outboxRow(id);
    expect(row).toMatchObject({ sentAt: null, availableAt: at + OUTBOX_GRACE_MS });
    const sweepAt = at + OUTBOX_GRACE_MS + 1000;
    await tick(sweepAt);
    expect(await outboxRow(id)).toMatchObject({ sentAt: sweepAt, attempts: 1 });
    await waitFor(async () => (await notificationsOf(seeker.user.id, "job_alert")).length, 10_000);
    await deliverAgain(row?.message);
    expect(await notificationsOf(seeker.user.id, "job_alert")).toHaveLength(1);
  });

  it("the 2FA email commits with the change; a lost enqueue is sent by the sweep, once", async () => {
    const s = await signedIn();
    const setup = await api.post("/api/v1/auth/2fa/setup", undefined, { token: s.token });
    queueDownOnce();
    const on = await api.post("/api/v1/auth/2fa/enable", { code: totp(setup.json.secret) }, { token: s.token });
    expect(on.status).toBe(200);
    const [log] = await db()
      .select()
      .from(emailLog)
      .where(and(eq(emailLog.to, s.user.email), eq(emailLog.template, "mfa_enabled")));
    expect(log?.status).toBe("queued");
    const sent = async () =>
      (
        await db()
          .select()
          .from(emailLog)
          .where(eq(emailLog.id, log?.id ?? ""))
          .get()
      )?.status === "sent";
    await sweepDelivers(log?.id ?? "", sent);
    const { mail } = await waitForEmail(s.user.email, "mfa_enabled");
    await deliverAgain((await outboxRow(log?.id ?? ""))?.message);
    const subject = mail.subject;
    expect((await mailbox(s.user.email)).filter((m) => m.subject === subject)).toHaveLength(1);
  });
});
