/**
 * Operations (issue #20): request metrics to Analytics Engine, cron task runs and dead
 * letters in D1, their public view in /health/ready and the admin endpoint.
 */
import {
  createExecutionContext,
  createMessageBatch,
  env,
  getQueueResult,
  waitOnExecutionContext,
} from "cloudflare:test";
import { OpenAPIHono } from "@hono/zod-openapi";
import { eq } from "drizzle-orm";
import { afterEach, describe, expect, it, vi } from "vitest";
import { createApp, errorsAreErrors, installErrorHandlers } from "../src/app";
import { type CronTask, runSchedule } from "../src/cron";
import { requestId } from "../src/http/middleware/request-id";
import { pruneOperationsTask } from "../src/modules/operations";
import { cronRuns, deadLetters } from "../src/platform/db/schema";
import type { AppEnv } from "../src/platform/env";
import { consumeBatch, type Handlers, handlers } from "../src/queue";
import { db, signedIn, unique } from "./factories";
import { api, expectProblem } from "./helpers/http";

/** A test double of the AnalyticsEngineDataset interface that keeps what it was given. */
function fakeDataset() {
  const points: AnalyticsEngineDataPoint[] = [];
  return { points, dataset: { writeDataPoint: (p?: AnalyticsEngineDataPoint) => void points.push(p ?? {}) } };
}

async function fetchWith(
  app: { fetch: (r: Request, e: Env, c: ExecutionContext) => Response | Promise<Response> },
  testEnv: Env,
  path: string,
  init: RequestInit = {},
) {
  const ctx = createExecutionContext();
  const res = await app.fetch(new Request(`http://api.test${path}`, init), testEnv, ctx);
  await res.arrayBuffer();
  await waitOnExecutionContext(ctx);
  return res;
}

const task = (name: string, fail = false): CronTask => ({
  name,
  run: async () => {
    if (fail) throw new Error(`${name} broke: D1_ERROR secret detail`);
    return { done: true };
  },
});

describe("request metrics", () => {
  afterEach(() => vi.restoreAllMocks());

  it("writes one data point per request: route pattern, method, status, duration and D1 cost", async () => {
    const { points, dataset } = fakeDataset();
    const testEnv = { ...env, METRICS: dataset } as Env;
    const app = createApp();
    const requests: Array<[string, RequestInit, number]> = [
      ["/health", {}, 200],
      ["/health/ready", {}, 200],
      ["/api/v1/jobs/01234567-89ab-7def-8123-456789abcdef", {}, 404],
      ["/api/v1/admin/operations", {}, 401],
      ["/api/v1/jobs?nope=1", {}, 400],
      ["/no/such/path", { method: "POST" }, 404],
    ];
    for (const [path, init, status] of requests) {
      const res = await fetchWith(app, testEnv, path, init);
      expect(res.status).toBe(status);
    }
    expect(points).toHaveLength(requests.length);
    const [health, ready, job, ops] = points;
    expect(health).toEqual({
      indexes: ["/health"],
      blobs: ["/health", "GET", "2xx"],
      doubles: [200, expect.any(Number), 0, 0, 0],
    });
    // /health/ready reads D1 (the probe and the operations summary): counted, like the log line.
    expect(ready?.doubles?.[2]).toBeGreaterThan(0);
    // The route pattern, never the raw path with its id.
    expect(job?.blobs).toEqual(["/api/v1/jobs/:id", "GET", "4xx"]);
    expect(job?.doubles?.[0]).toBe(404);
    expect(ops?.blobs).toEqual(["/api/v1/admin/operations", "GET", "4xx"]);
    expect(points.map((p) => p.doubles?.[0])).toEqual(requests.map((r) => r[2]));
    for (const p of points) expect(p.doubles?.[1]).toBeGreaterThanOrEqual(0);
  });

  it("counts rows written by a request", async () => {
    const { points, dataset } = fakeDataset();
    const testEnv = { ...env, METRICS: dataset } as Env;
    const email = `${unique("m")}@example.com`;
    const res = await fetchWith(createApp(), testEnv, "/api/v1/auth/register", {
      method: "POST",
      headers: { "Content-Type": "application/json", "CF-Connecting-IP": "10.9.9.9" },
      body: JSON.stringify({
        email,
        password: "correct-Horse-battery-9",
        role: "seeker",
        first_name: "A",
        last_name: "B",
      }),
    });
    expect(res.status).toBe(201);
    expect(points).toHaveLength(1);
    expect(points[0]?.blobs?.[0]).toBe("/api/v1/auth/register");
    expect(points[0]?.doubles?.[4]).toBeGreaterThan(0);
  });

  it("is a no-op without the binding, and a failing dataset never breaks the response", async () => {
    const { METRICS: _, ...withoutMetrics } = env;
    expect((await fetchWith(createApp(), withoutMetrics as unknown as Env, "/health")).status).toBe(200);
    vi.spyOn(console, "warn").mockImplementation(() => {});
    const broken = {
      writeDataPoint: () => {
        throw new Error("dataset down");
      },
    };
    expect((await fetchWith(createApp(), { ...env, METRICS: broken } as Env, "/health")).status).toBe(200);
  });

  it("the local binding of wrangler.toml accepts the data points (the Worker as deployed)", async () => {
    expect(typeof env.METRICS?.writeDataPoint).toBe("function");
    const r = await api.get("/health");
    expect(r.status).toBe(200);
  });
});

describe("cron runs and dead letters", () => {
  afterEach(() => vi.restoreAllMocks());

  it("records every task run with its outcome; /health/ready reports the failed task without its message", async () => {
    vi.spyOn(console, "log").mockImplementation(() => {});
    vi.spyOn(console, "error").mockImplementation(() => {});
    const good = unique("ops.good");
    const bad = unique("ops.bad");
    const table = { "*/5 * * * *": [task(good), task(bad, true)] };
    const ctx = createExecutionContext();
    await expect(runSchedule("*/5 * * * *", { env, ctx, scheduledTime: Date.now() }, table)).rejects.toThrow(
      AggregateError,
    );
    const rows = await db().select().from(cronRuns).where(eq(cronRuns.task, bad));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      outcome: "error",
      cron: "*/5 * * * *",
      error: `${bad} broke: D1_ERROR secret detail`,
    });
    expect(rows[0]?.finishedAt).toBeGreaterThanOrEqual(rows[0]?.startedAt ?? Number.POSITIVE_INFINITY);

    const r = await api.get("/health/ready");
    expect(r.status).toBe(200);
    expect(r.json.status).toBe("ok");
    expect(r.json.operations.status).toBe("attention");
    const byTask = Object.fromEntries(r.json.operations.cron.map((t: { task: string }) => [t.task, t]));
    expect(byTask[good]).toMatchObject({ outcome: "ok" });
    expect(byTask[bad]).toMatchObject({ outcome: "error" });
    expect(JSON.stringify(r.json)).not.toContain("D1_ERROR");

    // The next run succeeds: the last run is what counts.
    await runSchedule("*/5 * * * *", { env, ctx, scheduledTime: Date.now() }, { "*/5 * * * *": [task(bad)] });
    const again = await api.get("/health/ready");
    const last = again.json.operations.cron.find((t: { task: string }) => t.task === bad);
    expect(last.outcome).toBe("ok");
  });

  it("a recorder that fails never fails the task or the tick", async () => {
    vi.spyOn(console, "log").mockImplementation(() => {});
    const error = vi.spyOn(console, "error").mockImplementation(() => {});
    const broken = {
      start: async () => {
        throw new Error("D1 down");
      },
      finish: async () => {},
    };
    const ctx = createExecutionContext();
    const ran = await runSchedule(
      "0 * * * *",
      { env, ctx, scheduledTime: Date.now() },
      { "0 * * * *": [task("ops.unrecorded")] },
      broken,
    );
    expect(ran).toEqual(["ops.unrecorded"]);
    const lines = error.mock.calls.map((c) => JSON.parse(String(c[0])));
    expect(lines).toContainEqual(expect.objectContaining({ msg: "cron run start not recorded" }));
  });

  it("a run left `running` for over 30 minutes is reported stuck", async () => {
    const name = unique("ops.stuck");
    const started = Date.now() - 31 * 60_000;
    await db()
      .insert(cronRuns)
      .values({ id: unique("run"), task: name, cron: "0 * * * *", scheduledTime: started, startedAt: started });
    const r = await api.get("/health/ready");
    expect(r.json.operations.cron.find((t: { task: string }) => t.task === name)).toMatchObject({
      outcome: "stuck",
      finished_at: null,
    });
    expect(r.json.operations.status).toBe("attention");
  });

  it("every message reaching events-dlq is recorded once (id and type), and counted by /health/ready", async () => {
    vi.spyOn(console, "error").mockImplementation(() => {});
    const before = (await api.get("/health/ready")).json.operations.dead_letters.last_24h;
    const id = unique("evt");
    const batch = createMessageBatch<unknown>("events-dlq", [
      {
        id: "q1",
        timestamp: new Date(),
        attempts: 1,
        body: { type: "user.registered", id, created_at: Date.now(), user_id: "u1" },
      },
      { id: "q2", timestamp: new Date(), attempts: 1, body: "not a message" },
    ]);
    const ctx = createExecutionContext();
    await consumeBatch(batch, env, ctx);
    await consumeBatch(batch, env, ctx); // redelivered: still one letter each
    await waitOnExecutionContext(ctx);
    const row = await db().select().from(deadLetters).where(eq(deadLetters.messageId, id)).get();
    expect(row).toMatchObject({ type: "user.registered" });
    expect(await db().select().from(deadLetters).where(eq(deadLetters.messageId, "q2")).get()).toMatchObject({
      type: "string",
    });
    const after = (await api.get("/health/ready")).json.operations;
    expect(after.dead_letters.last_24h).toBe(before + 2);
    expect(after.status).toBe("attention");
  });

  it("the daily prune forgets runs and letters older than 30 days", async () => {
    const old = Date.now() - 31 * 86_400_000;
    const name = unique("ops.old");
    await db()
      .insert(cronRuns)
      .values({ id: unique("run"), task: name, cron: "0 3 * * *", scheduledTime: old, startedAt: old, outcome: "ok" });
    await db()
      .insert(deadLetters)
      .values({ messageId: unique("old"), type: "email.send", receivedAt: old });
    const ctx = createExecutionContext();
    const result = (await pruneOperationsTask.run({ env, ctx, scheduledTime: Date.now() })) as Record<string, number>;
    expect(result.runs_deleted).toBeGreaterThanOrEqual(1);
    expect(result.dead_letters_deleted).toBeGreaterThanOrEqual(1);
    expect(await db().select().from(cronRuns).where(eq(cronRuns.task, name))).toHaveLength(0);
  });
});

describe("GET /api/v1/admin/operations", () => {
  afterEach(() => vi.restoreAllMocks());

  it("anonymous 401, seeker and employer 403, bad query 400", async () => {
    expectProblem(await api.get("/api/v1/admin/operations"), 401);
    const seeker = await signedIn();
    expectProblem(await api.get("/api/v1/admin/operations", { token: seeker.token }), 403);
    const employer = await signedIn({ role: "employer" });
    expectProblem(await api.get("/api/v1/admin/operations", { token: employer.token }), 403);
    const admin = await signedIn({ role: "admin" });
    expectProblem(await api.get("/api/v1/admin/operations?x=1", { token: admin.token }), 400);
  });

  it("admins see the last runs with error messages, recent failures, dead letters and bindings", async () => {
    vi.spyOn(console, "log").mockImplementation(() => {});
    vi.spyOn(console, "error").mockImplementation(() => {});
    const bad = unique("ops.admin-bad");
    const ctx = createExecutionContext();
    await expect(
      runSchedule("0 * * * *", { env, ctx, scheduledTime: Date.now() }, { "0 * * * *": [task(bad, true)] }),
    ).rejects.toThrow();
    const admin = await signedIn({ role: "admin" });
    const r = await api.get("/api/v1/admin/operations", { token: admin.token });
    expect(r.status).toBe(200);
    expect(r.headers.get("Cache-Control")).toBe("private, no-store");
    expect(r.json.status).toBe("attention");
    expect(r.json.cron.find((t: { task: string }) => t.task === bad)).toMatchObject({
      outcome: "error",
      cron: "0 * * * *",
      error: `${bad} broke: D1_ERROR secret detail`,
    });
    expect(r.json.recent_failures[0]).toMatchObject({ task: bad });
    expect(r.json.bindings).toEqual({ metrics: true, error_tracking: false });
    expect(r.json.dead_letters).toMatchObject({ last_24h: expect.any(Number), latest: expect.any(Array) });
  });
});

describe("error tracking (Sentry through toucan-js)", () => {
  afterEach(() => vi.restoreAllMocks());

  function failingApp() {
    const app = new OpenAPIHono<AppEnv>();
    app.use("*", errorsAreErrors, requestId);
    app.post("/boom", () => {
      throw new Error("kaboom");
    });
    installErrorHandlers(app);
    return app;
  }

  it("reports an unhandled error with request context and without secrets, only when SENTRY_DSN is set", async () => {
    vi.spyOn(console, "error").mockImplementation(() => {});
    const sent: Array<{ url: string; body: string }> = [];
    const realFetch = globalThis.fetch;
    vi.spyOn(globalThis, "fetch").mockImplementation(async (input, init) => {
      const url = typeof input === "string" ? input : input instanceof URL ? input.href : input.url;
      if (!url.startsWith("https://sentry.example.com/")) return realFetch(input, init);
      sent.push({ url, body: typeof init?.body === "string" ? init.body : await new Response(init?.body).text() });
      return new Response("{}", { status: 200 });
    });
    const init = {
      method: "POST",
      headers: {
        Authorization: "Bearer secret-token-123",
        Cookie: "session=cookie-secret",
        "Content-Type": "application/json",
        "User-Agent": "ops-test",
      },
      body: JSON.stringify({ password: "hunter2-password" }),
    };
    const app = failingApp();
    const noDsn = await fetchWith(app, env, "/boom?token=query-secret", init);
    expect(noDsn.status).toBe(500);
    expect(sent).toHaveLength(0);

    const withDsn = { ...env, SENTRY_DSN: "https://publickey@sentry.example.com/42" } as Env;
    const res = await fetchWith(app, withDsn, "/boom?token=query-secret", init);
    expect(res.status).toBe(500);
    const requestIdHeader = res.headers.get("X-Request-Id");
    expect(sent).toHaveLength(1);
    expect(sent[0]?.url).toContain("/api/42/envelope/");
    const body = sent[0]?.body ?? "";
    expect(body).toContain("kaboom");
    expect(body).toContain(String(requestIdHeader));
    expect(body).toContain("ops-test");
    expect(body).toContain('"route":"/boom"');
    for (const secret of ["secret-token-123", "cookie-secret", "hunter2-password", "query-secret", "Authorization"]) {
      expect(body).not.toContain(secret);
    }
  });
});

describe("error tracking of scheduled tasks and queue handlers", () => {
  afterEach(() => vi.restoreAllMocks());

  /** Captures the Sentry envelope POSTs (the DSN's host), passing every other fetch through. */
  function interceptSentry() {
    const sent: Array<{ url: string; body: string }> = [];
    const realFetch = globalThis.fetch;
    vi.spyOn(globalThis, "fetch").mockImplementation(async (input, init) => {
      const url = typeof input === "string" ? input : input instanceof URL ? input.href : input.url;
      if (!url.startsWith("https://sentry.example.com/")) return realFetch(input, init);
      sent.push({ url, body: typeof init?.body === "string" ? init.body : await new Response(init?.body).text() });
      return new Response("{}", { status: 200 });
    });
    return sent;
  }
  const withDsn = () => ({ ...env, SENTRY_DSN: "https://publickey@sentry.example.com/42" }) as Env;

  it("a failing cron task is recorded in cron_runs and reported with its name and cron, only with a DSN", async () => {
    vi.spyOn(console, "log").mockImplementation(() => {});
    vi.spyOn(console, "error").mockImplementation(() => {});
    const sent = interceptSentry();
    const bad = unique("ops.sentry");
    const table = { "0 * * * *": [task(unique("ops.fine")), task(bad, true)] };

    const quiet = createExecutionContext();
    await expect(runSchedule("0 * * * *", { env, ctx: quiet, scheduledTime: Date.now() }, table)).rejects.toThrow();
    await waitOnExecutionContext(quiet);
    expect(sent).toHaveLength(0);

    const ctx = createExecutionContext();
    await expect(runSchedule("0 * * * *", { env: withDsn(), ctx, scheduledTime: Date.now() }, table)).rejects.toThrow(
      AggregateError,
    );
    await waitOnExecutionContext(ctx);
    expect(sent).toHaveLength(1);
    expect(sent[0]?.url).toContain("/api/42/envelope/");
    const body = sent[0]?.body ?? "";
    expect(body).toContain(`${bad} broke`);
    expect(body).toContain(`"task":"${bad}"`);
    expect(body).toContain('"cron":"0 * * * *"');
    expect(body).toContain('"kind":"cron"');
    for (const secret of ["SIGNING_SECRET", String(env.SIGNING_SECRET)]) expect(body).not.toContain(secret);
    // The report comes after the recording, which it does not replace.
    const rows = await db().select().from(cronRuns).where(eq(cronRuns.task, bad));
    expect(rows.map((r) => r.outcome)).toEqual(["error", "error"]);
  });

  it("a failing queue handler is retried and reported with type, ids and attempt, never the message body", async () => {
    vi.spyOn(console, "error").mockImplementation(() => {});
    const sent = interceptSentry();
    const to = `${unique("pii")}@example.com`;
    const eventId = `evt-${unique()}`;
    const table: Handlers = {
      ...handlers,
      "email.send": async () => {
        throw new Error("provider answered 503");
      },
    };
    const body = {
      id: eventId,
      created_at: Date.now(),
      type: "email.send",
      to,
      template: "test",
      data: { subject: "Private subject line", text: "Private text" },
    };
    const batch = createMessageBatch<unknown>("events", [{ id: "q-sentry", timestamp: new Date(), attempts: 3, body }]);
    const ctx = createExecutionContext();
    await consumeBatch(batch, withDsn(), ctx, table);
    const result = await getQueueResult(batch, ctx);
    expect(result.retryMessages).toEqual([expect.objectContaining({ msgId: "q-sentry" })]);
    expect(sent).toHaveLength(1);
    const report = sent[0]?.body ?? "";
    expect(report).toContain("provider answered 503");
    expect(report).toContain('"kind":"queue"');
    expect(report).toContain('"message_type":"email.send"');
    expect(report).toContain(`"event_id":"${eventId}"`);
    expect(report).toContain('"attempts":"3"');
    for (const secret of [to, "Private subject line", "Private text"]) expect(report).not.toContain(secret);

    // Without a DSN the same failure is only retried.
    const again = createMessageBatch<unknown>("events", [{ id: "q-quiet", timestamp: new Date(), attempts: 1, body }]);
    const ctx2 = createExecutionContext();
    await consumeBatch(again, env, ctx2, table);
    expect((await getQueueResult(again, ctx2)).retryMessages).toHaveLength(1);
    expect(sent).toHaveLength(1);
  });
});
