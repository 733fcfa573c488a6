/**
 * One run of one source (the `ingestion.fetch` queue message): claim the run,
 * fetch every page (bounded: pages, postings, bytes per response), validate
 * and normalise everything, and only then write — so a feed that turns out
 * malformed on page 3 fails the run with nothing written. Transient failures
 * (network, 5xx, 429) rethrow: the queue retries with backoff and, after its
 * retries, dead-letters the message, which fails the run (`failRun`).
 */
import { and, eq, inArray, sql } from "drizzle-orm";
import { decryptText } from "../../lib/crypto";
import { createDb, type Db } from "../../platform/db/client";
import { type IngestionSourceRow, ingestionRuns, ingestionSources } from "../../platform/db/schema";
import { isDevelopment } from "../../platform/env";
import type { MessageOf } from "../../platform/queue/messages";
import { loadMatcher } from "../skills";
import { adapterFor } from "./adapters";
import { type AdapterContext, FeedError, type RawPosting, RetryableError } from "./adapters/types";
import { fetchSource } from "./fetcher";
import { normalizePosting } from "./normalize";
import { countMissedStatement, expireMissing, type WriteCounts, writePostings } from "./pipeline";

export const MAX_PAGES = 50;
export const MAX_POSTINGS_PER_RUN = 10_000;
const MAX_ERROR_LENGTH = 500;
/** A run claimed longer ago than this is presumed crashed and may be claimed again. */
const STALE_RUN_MS = 15 * 60 * 1000;

export type RunEnv = Pick<Env, "DB" | "ENCRYPTION_KEY" | "ENVIRONMENT"> & {
  INGESTION_ALLOW_LOCAL_URLS?: string;
  INGESTION_USER_AGENT?: string;
};

/** Local development only: sources on http://127.0.0.1 (the end-to-end suite's fixture server). */
export function allowLocalSources(env: Pick<RunEnv, "ENVIRONMENT" | "INGESTION_ALLOW_LOCAL_URLS">): boolean {
  return isDevelopment(env) && env.INGESTION_ALLOW_LOCAL_URLS === "true";
}

const DEFAULT_USER_AGENT = "jobboard-ingestion/1.0 (+https://github.com/jobboard)";

const clip = (s: string) => (s.length > MAX_ERROR_LENGTH ? `${s.slice(0, MAX_ERROR_LENGTH - 1)}…` : s);

/** Marks a run failed (and the source unhealthy); a run already finished is left alone. */
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

async function claim(db: Db, runId: string, now: number) {
  return db
    .update(ingestionRuns)
    .set({ status: "running", startedAt: sql`COALESCE(${ingestionRuns.startedAt}, ${now})` })
    .where(
      and(
        eq(ingestionRuns.id, runId),
        inArray(ingestionRuns.status, ["queued", "running"]),
        // One run per source at a time: another run of the source claimed recently blocks this one.
        sql`NOT EXISTS (SELECT 1 FROM ingestion_runs o WHERE o.source_id = ${ingestionRuns.sourceId} AND o.id <> ${runId} AND o.status = 'running' AND o.started_at > ${now - STALE_RUN_MS})`,
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

/** Fetches and parses every page of the source; null when the source answered 304. */
async function fetchAll(env: RunEnv, source: IngestionSourceRow) {
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
  const postings: RawPosting[] = [];
  let request: ReturnType<typeof adapter.firstPage> | null = adapter.firstPage(ctx);
  let validators: { etag: string | null; lastModified: string | null } = { etag: null, lastModified: null };
  while (request) {
    if (request.page > MAX_PAGES) throw new FeedError(`the source has more than ${MAX_PAGES} pages`);
    const first = request.page === 1;
    const conditional = first && (adapter.conditional?.(config.data) ?? true);
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
    if (conditional) validators = { etag: res.etag, lastModified: res.lastModified };
    const page = await adapter.parse(res.body, request, ctx);
    postings.push(...page.postings);
    if (postings.length > MAX_POSTINGS_PER_RUN) {
      throw new FeedError(`the source lists more than ${MAX_POSTINGS_PER_RUN} postings`);
    }
    request = page.next;
  }
  return { postings, validators, company: adapter.companyOf(config.data) };
}

export interface RunOutcome {
  status: "skipped" | "not_modified" | "succeeded" | "failed";
  counts?: WriteCounts & { fetched: number; expired: number };
  error?: string;
}

/**
 * The `ingestion.fetch` handler. `attempts` is the queue's delivery count: a
 * transient failure rethrows (retry) and records the error on the run meanwhile.
 */
export async function runIngestion(
  env: RunEnv,
  message: Pick<MessageOf<"ingestion.fetch">, "run_id" | "source_id">,
  options: { now?: number; beforeBatch?: (chunk: number) => void } = {},
): Promise<RunOutcome> {
  const db = createDb(env.DB);
  const now = options.now ?? Date.now();
  const run = await claim(db, message.run_id, now);
  if (!run) return { status: "skipped" };
  const source = await db.select().from(ingestionSources).where(eq(ingestionSources.id, run.sourceId)).get();
  if (!source?.enabled) {
    await failRun(db, run.id, source ? "the source is disabled" : "the source was deleted", now);
    return { status: "failed", error: "source unavailable" };
  }
  let fetched: Awaited<ReturnType<typeof fetchAll>>;
  try {
    fetched = await fetchAll(env, source);
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

  // A posting past its deadline is closed: treated as absent, so its job expires like a removed one.
  const normalized = fetched.postings
    .map((p) => normalizePosting(p, now))
    .filter((p) => !(p.applicationDeadline && p.applicationDeadline < now));
  const counts = await writePostings(
    db,
    { id: source.id, kind: source.kind, company: fetched.company },
    normalized,
    { ids: new Set(), urls: new Map() },
    { matcher: await loadMatcher(db, now), now, ...(options.beforeBatch ? { beforeBatch: options.beforeBatch } : {}) },
  );
  const startedAt = run.startedAt ?? now;
  const stillRunning = sql`EXISTS (SELECT 1 FROM ingestion_runs WHERE id = ${run.id} AND status = 'running')`;
  // Missed postings are counted in the batch that finishes the run: a redelivered message finds it finished.
  await db.batch([
    countMissedStatement(db, source.id, startedAt, stillRunning),
    db
      .update(ingestionRuns)
      .set({
        status: "succeeded",
        finishedAt: now,
        error: null,
        fetched: fetched.postings.length,
        created: counts.created,
        updated: counts.updated,
        duplicates: counts.duplicates,
        errors: counts.errors,
      })
      .where(and(eq(ingestionRuns.id, run.id), eq(ingestionRuns.status, "running"))),
    db
      .update(ingestionSources)
      .set({
        etag: fetched.validators.etag,
        lastModified: fetched.validators.lastModified,
        lastRunAt: now,
        lastSuccessAt: now,
        lastError: null,
        consecutiveFailures: 0,
      })
      .where(eq(ingestionSources.id, source.id)),
  ]);
  const expired = await expireMissing(db, source.id, now);
  if (expired) await db.update(ingestionRuns).set({ expired }).where(eq(ingestionRuns.id, run.id));
  return { status: "succeeded", counts: { ...counts, fetched: fetched.postings.length, expired } };
}
