/**
 * Runs that span several queue messages: each `ingestion.fetch` message is one
 * bounded step; the run's position lives on the run row and the next step goes
 * through the outbox. Driven through the real queue consumer (src/queue.ts) with
 * local D1; the producer side is captured so each test delivers the messages itself.
 */
import { createExecutionContext, createMessageBatch, env, getQueueResult } from "cloudflare:test";
import { afterEach, describe, expect, it, vi } from "vitest";
import { runIngestion } from "../src/modules/ingestion/run";
import { queueRuns } from "../src/modules/ingestion/service";
import type { QueueMessage } from "../src/platform/queue/messages";
import { consumeBatch, type Handlers, handlers } from "../src/queue";
import { db } from "./factories";
import { jobsOfSource, makeSource, type Route, serveFeeds } from "./helpers/ingestion";
import { captureQueue, envWith } from "./helpers/notifications";

afterEach(() => vi.restoreAllMocks());

/** Two pages per step (the default budget is 10 pages or 1 000 postings: the same code path, smaller). */
const BUDGET = { pages: 2, postings: 1000 };

/** An Atom feed of `pages` pages with `perPage` entries each, linked by rel="next". */
function atomPages(host: string, pages: number, perPage: number, missing: (page: number) => boolean = () => false) {
  const routes: Record<string, Route> = {};
  for (let page = 1; page <= pages; page++) {
    const entries = Array.from({ length: perPage }, (_, i) => {
      const n = (page - 1) * perPage + i;
      return `<entry><title>Warehouse Analyst ${n} for depot ${n % 9}</title><id>tag:${host},2026:job/${n}</id><link href="https://${host}/jobs/${n}"/><updated>2026-11-25T08:00:00Z</updated><content type="text">Role ${n}: analyse shipment ${n * 17} data for depot ${n % 9} with SQL in Lisbon, Portugal.</content></entry>`;
    }).join("");
    const next = page < pages ? `<link rel="next" href="https://${host}/feed.atom?page=${page + 1}"/>` : "";
    const body = `<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>p${page}</title><id>p${page}</id><updated>2026-11-28T12:00:00Z</updated>${next}${entries}</feed>`;
    const url = page === 1 ? `https://${host}/feed.atom` : `https://${host}/feed.atom?page=${page}`;
    routes[url] = () =>
      missing(page)
        ? new Response("busy", { status: 503 })
        : new Response(body, { headers: { "content-type": "application/atom+xml" } });
  }
  return routes;
}

/** The consumer's own table, with the small step budget. */
const table: Handlers = {
  ...handlers,
  "ingestion.fetch": async (message, hc) => {
    await runIngestion(hc.env, message, { budget: BUDGET });
  },
};

/** Delivers one message through the queue consumer, with the producer captured. */
async function deliver(message: QueueMessage, attempts = 1, queue = "events") {
  const { sent, queue: captured } = captureQueue();
  const batch = createMessageBatch(queue, [
    { id: `msg-${message.id}-${attempts}`, timestamp: new Date(), attempts, body: message },
  ]);
  const ctx = createExecutionContext();
  await consumeBatch(batch, envWith({ EVENTS: captured }), ctx, table);
  return { sent, result: await getQueueResult(batch, ctx) };
}

async function startRun(sourceId: string) {
  const { sent, queue } = captureQueue();
  const [run] = await queueRuns(db(), { EVENTS: queue }, [{ id: sourceId }], "manual", Date.now());
  const first = sent[0];
  if (!run || !first) throw new Error("no run queued");
  return { runId: run.id, first };
}

/** Delivers `message` and every continuation it leads to; returns the messages delivered. */
async function drain(message: QueueMessage) {
  const delivered: QueueMessage[] = [];
  let next: QueueMessage | undefined = message;
  while (next) {
    delivered.push(next);
    const { sent } = await deliver(next);
    next = sent.find((m) => m.type === "ingestion.fetch");
  }
  return delivered;
}

const runRow = (id: string) =>
  env.DB.prepare(
    "SELECT status, step, written, cursor, fetched, created, updated, duplicates, unchanged, errors, expired, error FROM ingestion_runs WHERE id = ?",
  )
    .bind(id)
    .first<Record<string, unknown>>();

async function feedSource(host: string) {
  return makeSource({
    name: host,
    kind: "feed",
    config: { url: `https://${host}/feed.atom`, company_name: `Depot ${host}` },
  });
}

describe("a run spans several queue messages", () => {
  it("imports a source with more pages than one message's budget fully, with the run's counts", async () => {
    const host = "cont1.example.org";
    const { seen } = serveFeeds(atomPages(host, 5, 3));
    const source = await feedSource(host);
    const { runId, first } = await startRun(source.id);

    // Step 0: pages 1–2, the position stored (encrypted), step 1 queued through the outbox.
    const { sent, result } = await deliver(first);
    expect(result.explicitAcks).toHaveLength(1);
    const afterFirst = await runRow(runId);
    expect(afterFirst).toMatchObject({ status: "running", step: 1, written: 0, fetched: 6, created: 6 });
    expect(String(afterFirst?.cursor)).toMatch(/^v1\./);
    expect(String(afterFirst?.cursor)).not.toContain(host);
    expect(sent).toEqual([expect.objectContaining({ type: "ingestion.fetch", run_id: runId, step: 1 })]);
    const outboxRow = await env.DB.prepare("SELECT sent_at FROM outbox WHERE id = ?")
      .bind(`ingest-${runId}-1`)
      .first<{ sent_at: number | null }>();
    expect(outboxRow?.sent_at).toBeTypeOf("number");
    expect(seen).toHaveLength(2);

    // Steps 1 and 2: pages 3–4 and 5; the last one finishes the run.
    const rest = await drain(sent[0] as QueueMessage);
    expect(rest.map((m) => (m.type === "ingestion.fetch" ? m.step : null))).toEqual([1, 2]);
    expect(seen).toHaveLength(5);
    expect(await runRow(runId)).toMatchObject({
      status: "succeeded",
      step: 3,
      cursor: null,
      fetched: 15,
      created: 15,
      updated: 0,
      duplicates: 0,
      errors: 0,
      expired: 0,
      error: null,
    });
    const jobs = await jobsOfSource(source.id);
    expect(jobs).toHaveLength(15);
    expect(new Set(jobs.map((j) => j.status))).toEqual(new Set(["published"]));

    // The next run sees every posting again (unchanged) and expires nothing.
    const again = await startRun(source.id);
    await drain(again.first);
    expect(await runRow(again.runId)).toMatchObject({ status: "succeeded", fetched: 15, created: 0, unchanged: 15 });
  });

  it("a duplicate continuation is a no-op", async () => {
    const host = "cont2.example.org";
    const { seen } = serveFeeds(atomPages(host, 3, 3));
    const source = await feedSource(host);
    const { runId, first } = await startRun(source.id);
    const { sent } = await deliver(first);
    const step1 = sent[0] as QueueMessage;
    await deliver(step1);
    const done = await runRow(runId);
    expect(done).toMatchObject({ status: "succeeded", fetched: 9, created: 9 });
    const fetches = seen.length;

    // Both steps delivered again (the queue's at-least-once delivery, or the outbox sweep).
    for (const m of [step1, first]) {
      const { sent: more, result } = await deliver(m, 2);
      expect(result.explicitAcks).toHaveLength(1);
      expect(more).toEqual([]);
    }
    expect(seen).toHaveLength(fetches);
    expect(await runRow(runId)).toEqual(done);
    expect(await jobsOfSource(source.id)).toHaveLength(9);
  });

  it("two copies of a step delivered at once write and count it once (the write batches are fenced)", async () => {
    const host = "cont6.example.org";
    serveFeeds(atomPages(host, 4, 15));
    const source = await feedSource(host);
    const { runId, first } = await startRun(source.id);
    const [a, b] = await Promise.all([deliver(first), deliver(first, 2)]);
    const next = [...a.sent, ...b.sent].filter((m) => m.type === "ingestion.fetch");
    expect(await runRow(runId)).toMatchObject({ status: "running", step: 1, fetched: 30, created: 30 });
    await drain(next[0] as QueueMessage);
    expect(await runRow(runId)).toMatchObject({ status: "succeeded", fetched: 60, created: 60, duplicates: 0 });
    expect(await jobsOfSource(source.id)).toHaveLength(60);
  });

  it("a failing step retries with backoff, keeps the chunks already written, and resumes", async () => {
    const host = "cont3.example.org";
    let down = true;
    serveFeeds(atomPages(host, 5, 3, (page) => page === 4 && down));
    const source = await feedSource(host);
    const { runId, first } = await startRun(source.id);
    const { sent } = await deliver(first);
    const step1 = sent[0] as QueueMessage;

    vi.spyOn(console, "error").mockImplementation(() => {});
    const failed = await deliver(step1);
    expect(failed.result.retryMessages).toEqual([{ msgId: expect.any(String) }]);
    expect(await runRow(runId)).toMatchObject({
      status: "running",
      step: 1,
      created: 6,
      fetched: 6,
      error: "the source answered 503 (will retry)",
    });
    expect(await jobsOfSource(source.id)).toHaveLength(6);

    down = false;
    const { sent: resumed } = await deliver(step1, 2);
    await drain(resumed[0] as QueueMessage);
    expect(await runRow(runId)).toMatchObject({ status: "succeeded", fetched: 15, created: 15, error: null });
    expect(await jobsOfSource(source.id)).toHaveLength(15);
  });

  it("a crash between write batches resumes after the committed ones and counts each posting once", async () => {
    const host = "cont4.example.org";
    // 15 entries a page, two pages a step: 30 postings, two write batches (25 + 5).
    serveFeeds(atomPages(host, 2, 15));
    const source = await feedSource(host);
    const { runId } = await startRun(source.id);
    const message = { run_id: runId, source_id: source.id };
    const crash = (chunk: number) => {
      if (chunk === 1) throw new Error("crash");
    };
    const { queue } = captureQueue();
    const runEnv = envWith({ EVENTS: queue });
    await expect(runIngestion(runEnv, message, { budget: BUDGET, beforeBatch: crash })).rejects.toThrow("crash");
    expect(await runRow(runId)).toMatchObject({ status: "running", step: 0, written: 1, created: 25 });
    const out = await runIngestion(runEnv, message, { budget: BUDGET });
    expect(out).toMatchObject({ status: "succeeded", counts: { fetched: 30, created: 30, unchanged: 0 } });
    expect(await runRow(runId)).toMatchObject({ status: "succeeded", step: 1, written: 0, created: 30 });
    expect(await jobsOfSource(source.id)).toHaveLength(30);
  });

  it("only complete runs count missed postings: a run failing mid-way expires nothing; dead letters fail the run", async () => {
    const host = "cont5.example.org";
    let pages = 5;
    let broken = false;
    serveFeeds({
      ...atomPages(host, 5, 3),
      [`https://${host}/feed.atom?page=3`]: (request) =>
        broken
          ? new Response("<feed><entry>", { headers: { "content-type": "application/atom+xml" } })
          : (atomPages(host, pages, 3)[request.url] as Route)(request),
    });
    const source = await feedSource(host);
    await drain((await startRun(source.id)).first);

    // A run whose page 3 is malformed: steps written before it stay, the run fails, nothing is missed.
    broken = true;
    const bad = await startRun(source.id);
    await drain(bad.first);
    expect(await runRow(bad.runId)).toMatchObject({ status: "failed", fetched: 6, unchanged: 6 });
    const rows = await jobsOfSource(source.id);
    expect(rows).toHaveLength(15);
    expect(rows.every((j) => j.missed_runs === 0 && j.status === "published")).toBe(true);

    // A run whose step keeps failing until the queue dead-letters it: failed, what it wrote stays.
    broken = false;
    pages = 5;
    const dead = await startRun(source.id);
    const { sent } = await deliver(dead.first);
    await deliver(sent[0] as QueueMessage, 6, "events-dlq");
    expect(await runRow(dead.runId)).toMatchObject({ status: "failed", step: 1, fetched: 6 });
    expect(String((await runRow(dead.runId))?.error)).toContain("gave up");
    expect((await jobsOfSource(source.id)).every((j) => j.missed_runs === 0)).toBe(true);
  });
});
