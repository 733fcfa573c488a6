import { createExecutionContext, createMessageBatch, env, getQueueResult } from "cloudflare:test";
import { eq } from "drizzle-orm";
import { afterEach, describe, expect, it, vi } from "vitest";
import worker from "../src/index";
import { devMailbox } from "../src/platform/db/schema";
import { retryDelaySeconds } from "../src/platform/queue/consumer";
import { enqueue } from "../src/platform/queue/enqueue";
import { consumeBatch, type Handlers, handlers } from "../src/queue";
import { db, unique } from "./factories";

function emailMessage(to: string, extra: Record<string, unknown> = {}) {
  return {
    id: `evt-${unique()}`,
    created_at: Date.now(),
    type: "email.send",
    to,
    template: "test",
    data: { subject: "Queue test", text: "Hello from the queue" },
    ...extra,
  };
}

const asMessages = (bodies: unknown[]) =>
  bodies.map((body, i) => ({ id: `msg-${i}`, timestamp: new Date(), attempts: 1, body }));

/** Runs a batch through the Worker's real `queue` export and returns what it acked/retried. */
async function runThroughWorker(queue: string, bodies: unknown[]) {
  const batch = createMessageBatch(queue, asMessages(bodies));
  const ctx = createExecutionContext();
  await worker.queue(batch, env, ctx);
  return getQueueResult(batch, ctx);
}

describe("EVENTS queue consumer", () => {
  afterEach(() => vi.restoreAllMocks());

  it("acks a valid email.send and delivers it to the dev mailbox", async () => {
    const to = `${unique()}@example.com`;
    const batch = createMessageBatch("events", asMessages([emailMessage(to)]));
    const ctx = createExecutionContext();
    await consumeBatch(batch, env, ctx);
    const result = await getQueueResult(batch, ctx);
    expect(result.explicitAcks).toEqual(["msg-0"]);
    expect(result.retryMessages).toEqual([]);
    const rows = await db().select().from(devMailbox).where(eq(devMailbox.to, to)).all();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ subject: "Queue test" });
    expect(rows[0]?.text).toMatch(/^Hello from the queue\n/);
    expect(rows[0]?.html).toContain("Hello from the queue");
  });

  it("goes through the Worker's queue export too", async () => {
    const to = `${unique()}@example.com`;
    vi.spyOn(console, "warn").mockImplementation(() => {});
    const result = await runThroughWorker("events", [emailMessage(to), { type: "nope" }]);
    expect(result.explicitAcks.sort()).toEqual(["msg-0", "msg-1"]);
    expect(await db().select().from(devMailbox).where(eq(devMailbox.to, to)).all()).toHaveLength(1);
  });

  it("acks and logs unknown or malformed messages instead of retrying them", async () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    const bodies = [
      { type: "job.exploded", id: "x", created_at: 1 },
      "plain text",
      { ...emailMessage("not-an-email") },
    ];
    const batch = createMessageBatch("events", asMessages(bodies));
    const ctx = createExecutionContext();
    await consumeBatch(batch, env, ctx);
    const result = await getQueueResult(batch, ctx);
    expect(result.explicitAcks.sort()).toEqual(["msg-0", "msg-1", "msg-2"]);
    expect(result.retryMessages).toEqual([]);
    const lines = warn.mock.calls.map((c) => JSON.parse(String(c[0])));
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatchObject({ msg: "unknown queue message acknowledged", body_type: "job.exploded" });
  });

  it("retries a message whose handler throws, with backoff, and still acks the rest", async () => {
    vi.spyOn(console, "error").mockImplementation(() => {});
    const to = `${unique()}@example.com`;
    const badTo = `${unique()}@example.com`;
    const bad = emailMessage(badTo);
    const good = emailMessage(to);
    // An unknown template is acked as failed (retrying cannot fix it), so make the provider fail instead.
    const flaky: Handlers = {
      ...handlers,
      "email.send": async (m, hc) => {
        if (m.to === badTo) throw new Error("provider down");
        return handlers["email.send"](m, hc);
      },
    };
    const batch = createMessageBatch("events", [
      { id: "bad", timestamp: new Date(), attempts: 3, body: bad },
      { id: "good", timestamp: new Date(), attempts: 1, body: good },
    ]);
    const retry = vi.spyOn(batch.messages[0] as Message<unknown>, "retry");
    const ctx = createExecutionContext();
    await consumeBatch(batch, env, ctx, flaky);
    const result = await getQueueResult(batch, ctx);
    expect(result.explicitAcks).toEqual(["good"]);
    expect(result.retryMessages).toEqual([{ msgId: "bad" }]);
    expect(retry).toHaveBeenCalledWith({ delaySeconds: retryDelaySeconds(3) });
    expect(retryDelaySeconds(3)).toBe(40);
    expect(retryDelaySeconds(100)).toBe(900);
  });

  it("dispatches by type to the handler map it is given", async () => {
    const seen: string[] = [];
    const custom: Handlers = {
      ...handlers,
      "user.registered": async (m, hc) => {
        seen.push(`${m.user_id}:${hc.attempts}`);
      },
      "email.send": async () => {
        throw new Error("provider down");
      },
    };
    vi.spyOn(console, "error").mockImplementation(() => {});
    const batch = createMessageBatch(
      "events",
      asMessages([{ id: "e1", created_at: 1, type: "user.registered", user_id: "u1" }, emailMessage("a@example.com")]),
    );
    const ctx = createExecutionContext();
    await consumeBatch(batch, env, ctx, custom);
    const result = await getQueueResult(batch, ctx);
    expect(seen).toEqual(["u1:1"]);
    expect(result.explicitAcks).toEqual(["msg-0"]);
    expect(result.retryMessages.map((m) => m.msgId)).toEqual(["msg-1"]);
  });

  it("acks and logs everything that reaches the dead-letter queue", async () => {
    const error = vi.spyOn(console, "error").mockImplementation(() => {});
    const result = await runThroughWorker("events-dlq", [emailMessage("a@example.com"), { junk: true }]);
    expect(result.explicitAcks.sort()).toEqual(["msg-0", "msg-1"]);
    expect(result.retryMessages).toEqual([]);
    const lines = error.mock.calls.map((c) => JSON.parse(String(c[0])));
    expect(lines.map((l) => l.msg)).toEqual(["dead-lettered message", "dead-lettered message"]);
    expect(lines[0].body_type).toBe("email.send");
  });
});

describe("enqueue()", () => {
  it("refuses a message that does not match the union", async () => {
    await expect(
      // biome-ignore lint/suspicious/noExplicitAny: deliberately invalid message
      enqueue(env, { type: "email.send", to: "not-an-email", template: "test", data: {} } as any),
    ).rejects.toThrow();
  });

  it("sends valid messages, filling in id and created_at", async () => {
    const send = vi.spyOn(env.EVENTS, "send");
    await enqueue(env, { type: "user.registered", user_id: "u1" });
    expect(send).toHaveBeenCalledTimes(1);
    const body = send.mock.calls[0]?.[0] as { id: string; created_at: number; type: string };
    expect(body.type).toBe("user.registered");
    expect(body.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(body.created_at).toBeGreaterThan(0);
    send.mockRestore();
  });
});
