/**
 * One run of one source, in chunks: each `ingestion.fetch` queue message is one
 * step of the run. A step fetches pages up to its budget (`STEP_PAGES`,
 * `STEP_POSTINGS`), validates and normalises them, writes them, stores its
 * position on the run (the next page request, AES-GCM encrypted because a page
 * URL or header may carry the source's key, plus the counts so far) and
 * enqueues the next step through the outbox; the last step finishes the run
 * (missed postings counted, expiry, health, validators).
 *
 * Idempotent: a message whose step is not the run's current step is a
 * duplicate and does nothing; every write batch is fenced on the run's
 * (step, written batches) position and moves it on in the same transaction, so
 * a redelivered or concurrent copy of a step resumes after the batches already
 * committed, and a superseded one fails its batch whole. Transient failures
 * (network, 5xx, 429) rethrow: the queue retries the step with backoff and,
 * after its retries, dead-letters the message, which fails the run
 * (`failRun`). A malformed page fails the run at once; what earlier steps
 * wrote stays (it is valid), nothing expires (only a complete run counts
 * missed postings).
 */
import { and, eq, inArray, sql } from "drizzle-orm";
import type { BatchItem } from "drizzle-orm/batch";
import { decryptText, encryptText } from "../../lib/crypto";
import { createDb, type Db } from "../../platform/db/client";
import { type IngestionSourceRow, ingestionRuns, ingestionSources, jobSources } from "../../platform/db/schema";
import { isDevelopment } from "../../platform/env";
import type { MessageOf } from "../../platform/queue/messages";
import { flushOutbox, outboxWrite } from "../../platform/queue/outbox";
import { loadMatcher } from "../skills";
import { adapterFor } from "./adapters";
import { type AdapterContext, FeedError, type PageRequest, type RawPosting, RetryableError } from "./adapters/types";
import { fetchSource } from "./fetcher";
import { normalizePosting } from "./normalize";
import { CHUNK_SIZE, countMissedStatement, expireMissing, type WriteCounts, writePostings } from "./pipeline";

/** Bounds of a whole run (a source paging forever fails instead of running forever). */
export const MAX_PAGES = 2_000;
export const MAX_POSTINGS_PER_RUN = 200_000;
/**
 * Budget of one step (one queue message): it stops fetching once either is reached. 1 000
 * postings are ~300 D1 queries (40 write batches and their reads), well inside one invocation.
 */
export const STEP_PAGES = 10;
export const STEP_POSTINGS = 1_000;
/** Sources with a detail call per posting: at most this many postings a step (a subrequest each), this many at once. */
export const STEP_DETAILS = 200;
export const DETAIL_CONCURRENCY = 6;
const MAX_ERROR_LENGTH = 500;
/** A run without progress for longer than this is presumed crashed: it no longer blocks the source's next run. */
const STALE_RUN_MS = 15 * 60 * 1000;

export type RunEnv = Pick<Env, "DB" | "ENCRYPTION_KEY" | "ENVIRONMENT" | "EVENTS"> & {
  INGESTION_ALLOW_LOCAL_URLS?: string;
  INGESTION_USER_AGENT?: string;
};

/** Local development only: sources on http://127.0.0.1 (the end-to-end suite's fixture server). */
export function allowLocalSources(env: Pick<RunEnv, "ENVIRONMENT" | "INGESTION_ALLOW_LOCAL_URLS">): boolean {
  return isDevelopment(env) && env.INGESTION_ALLOW_LOCAL_URLS === "true";
}

const DEFAULT_USER_AGENT = "jobboard-ingestion/1.0 (+https://github.com/jobboard)";

const clip = (s: string) => (s.length > MAX_ERROR_LENGTH ? `${s.slice(0, MAX_ERROR_LENGTH - 1)}…` : s);

/** Where a run stands between two steps (stored encrypted in `ingestion_runs.cursor`). */
interface RunPosition {
  next: PageRequest;
  pages: number;
  postings: number;
  validators: { etag: string | null; lastModified: string | null };
}

export async function failRun(db: Db, runId: string, error: string, now = Date.now()): Promise<void> {
  const message = clip(error);
  const [updated] = await db.batch([
    db
      .update(ingestionRuns)
      .set({ status: "failed", error: message, finishedAt: now })
      .where(and(eq(ingestionRuns.id, runId), inArray(ingestionRuns.status, ["queued", "running"])))
      .returning({ sourceId: ingestionRuns.sourceId }),
  ]);
  const sourceId = updated[0]?.sourceId;
  if (!sourceId) return;
  await db
    .update(ingestionSources)
    .set({
      lastRunAt: now,
      lastError: message,
      consecutiveFailures: sql`${ingestionSources.consecutiveFailures} + 1`,
    })
    .where(eq(ingestionSources.id, sourceId));
}

async function claim(db: Db, runId: string, step: number, now: number) {
  return db
    .update(ingestionRuns)
    .set({ status: "running", startedAt: sql`COALESCE(${ingestionRuns.startedAt}, ${now})`, heartbeatAt: now })
    .where(
      and(
        eq(ingestionRuns.id, runId),
        inArray(ingestionRuns.status, ["queued", "running"]),
        // Another step's message (a duplicate of a finished step) finds the run elsewhere.
        eq(ingestionRuns.step, step),
        // One run per source at a time: another run of the source that progressed recently blocks this one.
        sql`NOT EXISTS (SELECT 1 FROM ingestion_runs o WHERE o.source_id = ${ingestionRuns.sourceId} AND o.id <> ${runId} AND o.status = 'running' AND COALESCE(o.heartbeat_at, o.started_at) > ${now - STALE_RUN_MS})`,
      ),
    )
    .returning()
    .get();
}

async function credentialsOf(env: RunEnv, source: IngestionSourceRow): Promise<unknown> {
  if (!source.credentialsEnc) return null;
  const text = await decryptText(env.ENCRYPTION_KEY, source.credentialsEnc, source.id);
  return JSON.parse(text) as unknown;
}

async function contextOf(env: RunEnv, source: IngestionSourceRow) {
  const adapter = adapterFor(source.kind);
  if (!adapter) throw new FeedError(`no adapter for source kind ${source.kind}`);
  const config = adapter.config.safeParse(source.config);
  if (!config.success) throw new FeedError("the source's stored config is invalid; edit the source");
  const rawCredentials = await credentialsOf(env, source);
  const credentials = adapter.credentials
    ? adapter.credentials.safeParse(rawCredentials)
    : { success: true as const, data: null };
  if (!credentials.success) throw new FeedError("the source's credentials are missing or invalid; set them again");
  const ctx: AdapterContext<unknown, unknown> = {
    config: config.data,
    credentials: credentials.data,
    userAgent: env.INGESTION_USER_AGENT || DEFAULT_USER_AGENT,
  };
  return { adapter, ctx };
}

export interface StepBudget {
  pages: number;
  postings: number;
}

/**
 * Fetches and parses the pages of one step, from `position`; null when the source
 * answered 304 to the run's first page. `position.next` is null after the last page.
 */
async function fetchStep(
  env: RunEnv,
  source: IngestionSourceRow,
  { adapter, ctx }: Awaited<ReturnType<typeof contextOf>>,
  start: RunPosition,
  budget: StepBudget,
): Promise<{ postings: RawPosting[]; position: Omit<RunPosition, "next"> & { next: PageRequest | null } } | null> {
  const position: Omit<RunPosition, "next"> & { next: PageRequest | null } = { ...start };
  const postings: RawPosting[] = [];
  let pagesThisStep = 0;
  while (position.next && pagesThisStep < budget.pages && postings.length < budget.postings) {
    const request = position.next;
    if (position.pages >= MAX_PAGES) throw new FeedError(`the source has more than ${MAX_PAGES} pages`);
    const first = position.pages === 0;
    const conditional = first && (adapter.conditional?.(ctx.config) ?? true);
    const res = await fetchSource(request.url, {
      headers: { "User-Agent": ctx.userAgent, ...request.headers },
      // Validators only make sense for the whole result, i.e. the first page.
      etag: conditional ? source.etag : null,
      lastModified: conditional ? source.lastModified : null,
      allowLocal: allowLocalSources(env),
    });
    if (res.status === "not_modified") {
      if (first) return null;
      throw new FeedError("the source answered 304 to an unconditional request");
    }
    if (conditional) position.validators = { etag: res.etag, lastModified: res.lastModified };
    const page = await adapter.parse(res.body, request, ctx);
    postings.push(...page.postings);
    position.pages++;
    position.postings += page.postings.length;
    pagesThisStep++;
    if (position.postings > MAX_POSTINGS_PER_RUN) {
      throw new FeedError(`the source lists more than ${MAX_POSTINGS_PER_RUN} postings`);
    }
    position.next = page.next;
  }
  return { postings, position };
}

/**
 * Completes the postings of an adapter with a detail call (SmartRecruiters): one bounded GET per
 * posting that is new or revised since its last sighting (`revisedAt`), `DETAIL_CONCURRENCY` at a
 * time, through the fetcher (SSRF rules, timeout, size cap). The others are returned as `unrevised`:
 * the pipeline keeps their stored job as it is. A detail that is gone (404/410: closed since the list
 * was read) drops its posting from the step, like a removed posting.
 */
async function withDetails(
  env: RunEnv,
  db: Db,
  sourceId: string,
  { adapter, ctx }: Awaited<ReturnType<typeof contextOf>>,
  postings: RawPosting[],
): Promise<{ postings: RawPosting[]; unrevised: Set<string> }> {
  const unrevised = new Set<string>();
  const detail = adapter.detail;
  if (!detail || postings.length === 0) return { postings, unrevised };
  const lastSeen = new Map<string, number>();
  const ids = [...new Set(postings.map((p) => p.externalId))];
  for (let i = 0; i < ids.length; i += 90) {
    const rows = await db
      .select({ externalId: jobSources.externalId, lastSeenAt: jobSources.lastSeenAt })
      .from(jobSources)
      .where(and(eq(jobSources.sourceId, sourceId), inArray(jobSources.externalId, ids.slice(i, i + 90))));
    for (const r of rows) lastSeen.set(r.externalId, r.lastSeenAt);
  }
  const out = [...postings];
  const todo: { index: number; request: PageRequest }[] = [];
  out.forEach((p, index) => {
    const request = detail.request(p, ctx);
    if (!request) return;
    const seenAt = lastSeen.get(p.externalId);
    if (seenAt !== undefined && p.revisedAt != null && p.revisedAt < seenAt) unrevised.add(p.externalId);
    else todo.push({ index, request });
  });
  const gone = new Set<number>();
  let next = 0;
  let failed = false;
  const worker = async () => {
    while (!failed && next < todo.length) {
      const item = todo[next++];
      if (!item) break;
      const posting = out[item.index] as RawPosting;
      try {
        const res = await fetchSource(item.request.url, {
          headers: { "User-Agent": ctx.userAgent, ...item.request.headers },
          allowLocal: allowLocalSources(env),
        });
        if (res.status !== "ok") throw new FeedError("the source answered 304 to an unconditional request");
        out[item.index] = detail.parse(res.body, posting, ctx);
      } catch (err) {
        if (err instanceof FeedError && (err.status === 404 || err.status === 410)) gone.add(item.index);
        else {
          failed = true;
          throw err;
        }
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(DETAIL_CONCURRENCY, todo.length) }, worker));
  return { postings: out.filter((_, i) => !gone.has(i)), unrevised };
}

export interface RunOutcome {
  /** `continued`: this step is done and the next one is queued. */
  status: "skipped" | "not_modified" | "continued" | "succeeded" | "failed";
  /** The run's counts so far (all of them once it succeeded). */
  counts?: WriteCounts & { fetched: number; expired: number };
  error?: string;
}

/** A statement that fails (NOT NULL) unless the run is still running at this step and batch: one per write batch. */
function fence(db: Db, runId: string, step: number, written: number) {
  return db
    .update(ingestionRuns)
    .set({ step: sql`NULL` })
    .where(
      and(
        eq(ingestionRuns.id, runId),
        sql`(${ingestionRuns.status} <> 'running' OR ${ingestionRuns.step} <> ${step} OR ${ingestionRuns.written} <> ${written})`,
      ),
    );
}

const superseded = (err: unknown) =>
  err instanceof Error && /NOT NULL constraint failed: ingestion_runs\.step/.test(err.message);

/**
 * The `ingestion.fetch` handler: one step of a run. `step` is absent on a run's
 * first message (messages queued before continuations existed, too).
 */
export async function runIngestion(
  env: RunEnv,
  message: Pick<MessageOf<"ingestion.fetch">, "run_id" | "source_id" | "step">,
  options: { now?: number; beforeBatch?: (chunk: number) => void; budget?: StepBudget } = {},
): Promise<RunOutcome> {
  const db = createDb(env.DB);
  const now = options.now ?? Date.now();
  const step = message.step ?? 0;
  const run = await claim(db, message.run_id, step, now);
  if (!run) return { status: "skipped" };
  const source = await db.select().from(ingestionSources).where(eq(ingestionSources.id, run.sourceId)).get();
  if (!source?.enabled) {
    await failRun(db, run.id, source ? "the source is disabled" : "the source was deleted", now);
    return { status: "failed", error: "source unavailable" };
  }
  let fetched: Awaited<ReturnType<typeof fetchStep>>;
  let unrevised = new Set<string>();
  let company: ReturnType<Awaited<ReturnType<typeof contextOf>>["adapter"]["companyOf"]>;
  try {
    const context = await contextOf(env, source);
    company = context.adapter.companyOf(context.ctx.config);
    let start: RunPosition;
    if (step === 0) {
      const next = context.adapter.firstPage(context.ctx);
      start = { next, pages: 0, postings: 0, validators: { etag: null, lastModified: null } };
    } else {
      if (!run.cursor) throw new FeedError("the run lost its position");
      start = JSON.parse(await decryptText(env.ENCRYPTION_KEY, run.cursor, run.id)) as RunPosition;
    }
    const budget = options.budget ?? { pages: STEP_PAGES, postings: STEP_POSTINGS };
    fetched = await fetchStep(
      env,
      source,
      context,
      start,
      context.adapter.detail ? { ...budget, postings: Math.min(budget.postings, STEP_DETAILS) } : budget,
    );
    if (fetched)
      ({ postings: fetched.postings, unrevised } = await withDetails(env, db, source.id, context, fetched.postings));
  } catch (err) {
    if (err instanceof FeedError) {
      await failRun(db, run.id, err.message, now);
      return { status: "failed", error: err.message };
    }
    const reason = err instanceof RetryableError ? err.message : "unexpected error while fetching";
    await db
      .update(ingestionRuns)
      .set({ error: clip(`${reason} (will retry)`) })
      .where(eq(ingestionRuns.id, run.id));
    throw err;
  }
  if (!fetched) {
    await db.batch([
      db
        .update(ingestionRuns)
        .set({ status: "not_modified", finishedAt: now, error: null })
        .where(and(eq(ingestionRuns.id, run.id), eq(ingestionRuns.status, "running"))),
      db
        .update(ingestionSources)
        .set({ lastRunAt: now, lastSuccessAt: now, lastError: null, consecutiveFailures: 0 })
        .where(eq(ingestionSources.id, source.id)),
    ]);
    return { status: "not_modified" };
  }

  const startedAt = run.startedAt ?? now;
  // A posting past its deadline is closed: treated as absent, so its job expires like a removed one.
  const normalized = fetched.postings
    .map((p) => normalizePosting(p, now))
    .filter((p) => !(p.applicationDeadline && p.applicationDeadline < now));
  try {
    await writePostings(
      db,
      { id: source.id, kind: source.kind, company },
      normalized,
      { ids: new Set(), urls: new Map() },
      {
        matcher: await loadMatcher(db, now),
        now,
        // Batches a crashed or concurrent attempt of this step committed are done (and counted).
        skipChunks: run.written,
        runStartedAt: startedAt,
        unrevised,
        chunkStatements: (chunk, counts): BatchItem<"sqlite">[] => [
          fence(db, run.id, step, chunk),
          db
            .update(ingestionRuns)
            .set({
              written: chunk + 1,
              heartbeatAt: now,
              created: sql`${ingestionRuns.created} + ${counts.created}`,
              updated: sql`${ingestionRuns.updated} + ${counts.updated}`,
              duplicates: sql`${ingestionRuns.duplicates} + ${counts.duplicates}`,
              unchanged: sql`${ingestionRuns.unchanged} + ${counts.unchanged}`,
              errors: sql`${ingestionRuns.errors} + ${counts.errors}`,
            })
            .where(eq(ingestionRuns.id, run.id)),
        ],
        ...(options.beforeBatch ? { beforeBatch: options.beforeBatch } : {}),
      },
    );
  } catch (err) {
    // Another delivery of this step got there first (and carries on): this one stops quietly.
    if (superseded(err)) return { status: "skipped" };
    throw err;
  }
  // Every write batch of the step has committed (here or in an earlier attempt): the step ends, fenced on that.
  const fenceEnd = fence(db, run.id, step, Math.max(Math.ceil(normalized.length / CHUNK_SIZE), run.written));
  const progress = {
    step: step + 1,
    written: 0,
    heartbeatAt: now,
    fetched: sql`${ingestionRuns.fetched} + ${fetched.postings.length}`,
  };

  if (fetched.position.next) {
    // More pages: store the position and queue the next step in the same batch (outbox).
    const next: RunPosition = { ...fetched.position, next: fetched.position.next };
    const out = outboxWrite(
      db,
      [
        {
          type: "ingestion.fetch",
          id: `ingest-${run.id}-${step + 1}`,
          run_id: run.id,
          source_id: source.id,
          step: step + 1,
        },
      ],
      now,
      { ifAbsent: true },
    );
    let rows: (typeof ingestionRuns.$inferSelect)[];
    try {
      const results = await db.batch([
        fenceEnd,
        db
          .update(ingestionRuns)
          .set({
            ...progress,
            error: null,
            cursor: await encryptText(env.ENCRYPTION_KEY, JSON.stringify(next), run.id),
          })
          .where(eq(ingestionRuns.id, run.id))
          .returning(),
        ...out.statements,
      ]);
      rows = results[1];
    } catch (err) {
      if (superseded(err)) return { status: "skipped" };
      throw err;
    }
    await flushOutbox(env, db, out);
    return { status: "continued", counts: countsOf(rows[0]) };
  }

  const stillRunning = sql`EXISTS (SELECT 1 FROM ingestion_runs WHERE id = ${run.id} AND status = 'running' AND step = ${step})`;
  // Missed postings are counted in the batch that finishes the run: a redelivered message finds it finished.
  let finished: (typeof ingestionRuns.$inferSelect)[];
  try {
    const results = await db.batch([
      fenceEnd,
      countMissedStatement(db, source.id, startedAt, stillRunning),
      db
        .update(ingestionRuns)
        .set({ ...progress, status: "succeeded", finishedAt: now, error: null, cursor: null })
        .where(and(eq(ingestionRuns.id, run.id), eq(ingestionRuns.status, "running")))
        .returning(),
      db
        .update(ingestionSources)
        .set({
          etag: fetched.position.validators.etag,
          lastModified: fetched.position.validators.lastModified,
          lastRunAt: now,
          lastSuccessAt: now,
          lastError: null,
          consecutiveFailures: 0,
        })
        .where(eq(ingestionSources.id, source.id)),
    ]);
    finished = results[2];
  } catch (err) {
    if (superseded(err)) return { status: "skipped" };
    throw err;
  }
  const expired = await expireMissing(db, source.id, now);
  if (expired) await db.update(ingestionRuns).set({ expired }).where(eq(ingestionRuns.id, run.id));
  return { status: "succeeded", counts: { ...countsOf(finished[0]), expired } };
}

function countsOf(
  row: typeof ingestionRuns.$inferSelect | undefined,
): WriteCounts & { fetched: number; expired: number } {
  return {
    fetched: row?.fetched ?? 0,
    created: row?.created ?? 0,
    updated: row?.updated ?? 0,
    duplicates: row?.duplicates ?? 0,
    unchanged: row?.unchanged ?? 0,
    errors: row?.errors ?? 0,
    expired: row?.expired ?? 0,
  };
}
