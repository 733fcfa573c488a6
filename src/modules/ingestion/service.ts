/**
 * Ingestion sources (admins' CRUD), their runs and health, and starting a run:
 * the run row and its `ingestion.fetch` message are written in one batch
 * (outbox), so a run is never queued without its message or the reverse.
 * Credentials are validated by the adapter, AES-GCM encrypted bound to the
 * source id, and never read back through the API.
 */
import { and, desc, eq, inArray, lt, or, sql } from "drizzle-orm";
import { BY_CREATED, createdPosition, decodeCursor, page } from "../../http/pagination";
import { badRequest, conflict, type FieldError, notFound } from "../../http/problem";
import { encryptText } from "../../lib/crypto";
import { newId } from "../../lib/ids";
import type { Db } from "../../platform/db/client";
import {
  type IngestionKind,
  type IngestionRunRow,
  type IngestionSourceRow,
  ingestionRuns,
  ingestionSources,
} from "../../platform/db/schema";
import { flushOutbox, outboxWrite } from "../../platform/queue/outbox";
import { adapterFor } from "./adapters";

export type SourceEnv = Pick<Env, "ENCRYPTION_KEY" | "EVENTS">;

function issues(prefix: string, error: { issues: { path: PropertyKey[]; message: string }[] }): FieldError[] {
  return error.issues.slice(0, 10).map((i) => ({
    path: [prefix, ...i.path.map(String)].join("."),
    message: i.message,
  }));
}

function validConfig(kind: IngestionKind, config: unknown): Record<string, unknown> {
  const adapter = adapterFor(kind);
  if (!adapter) throw badRequest("No adapter exists for this kind.", [{ path: "kind", message: "unsupported" }]);
  const res = adapter.config.safeParse(config ?? {});
  if (!res.success) throw badRequest(`The config is not valid for a ${kind} source.`, issues("config", res.error));
  return res.data as Record<string, unknown>;
}

async function encryptedCredentials(
  env: SourceEnv,
  kind: IngestionKind,
  id: string,
  credentials: unknown,
): Promise<string | null> {
  const adapter = adapterFor(kind);
  if (!adapter?.credentials) {
    if (credentials !== undefined && credentials !== null) {
      throw badRequest(`A ${kind} source takes no credentials.`, [{ path: "credentials", message: "not accepted" }]);
    }
    return null;
  }
  const res = adapter.credentials.safeParse(credentials);
  if (!res.success) {
    throw badRequest(`The credentials are not valid for a ${kind} source.`, issues("credentials", res.error));
  }
  return encryptText(env.ENCRYPTION_KEY, JSON.stringify(res.data), id);
}

export interface CreateSourceInput {
  name: string;
  kind: IngestionKind;
  config: Record<string, unknown>;
  credentials?: Record<string, unknown> | null | undefined;
  enabled?: boolean | undefined;
}

export async function createSource(db: Db, env: SourceEnv, input: CreateSourceInput, now = Date.now()) {
  const id = newId(now);
  const config = validConfig(input.kind, input.config);
  const row: IngestionSourceRow = {
    id,
    name: input.name,
    kind: input.kind,
    config,
    credentialsEnc: await encryptedCredentials(env, input.kind, id, input.credentials),
    enabled: input.enabled ?? true,
    etag: null,
    lastModified: null,
    lastRunAt: null,
    lastSuccessAt: null,
    lastError: null,
    consecutiveFailures: 0,
    createdAt: now,
    updatedAt: now,
  };
  await db.insert(ingestionSources).values(row);
  return row;
}

export async function getSource(db: Db, id: string): Promise<IngestionSourceRow> {
  const row = await db.select().from(ingestionSources).where(eq(ingestionSources.id, id)).get();
  if (!row) throw notFound("Ingestion source");
  return row;
}

export interface UpdateSourceInput {
  name?: string | undefined;
  config?: Record<string, unknown> | undefined;
  credentials?: Record<string, unknown> | null | undefined;
  enabled?: boolean | undefined;
}

/** Edits a source; a new config or credentials also drops the stored validators (the next run fetches in full). */
export async function updateSource(db: Db, env: SourceEnv, id: string, input: UpdateSourceInput, now = Date.now()) {
  const source = await getSource(db, id);
  const set: Partial<IngestionSourceRow> = {};
  if (input.name !== undefined) set.name = input.name;
  if (input.enabled !== undefined) set.enabled = input.enabled;
  if (input.config !== undefined) {
    set.config = validConfig(source.kind, input.config);
    set.etag = null;
    set.lastModified = null;
  }
  if (input.credentials !== undefined) {
    set.credentialsEnc =
      input.credentials === null && adapterFor(source.kind)?.credentials
        ? null
        : await encryptedCredentials(env, source.kind, id, input.credentials);
    set.etag = null;
    set.lastModified = null;
  }
  const row = await db
    .update(ingestionSources)
    .set({ ...set, updatedAt: Math.max(now, source.updatedAt + 1) })
    .where(eq(ingestionSources.id, id))
    .returning()
    .get();
  if (!row) throw notFound("Ingestion source");
  return row;
}

/** Deletes a source and its runs; its imported jobs stay (they expire on their own schedule). */
export async function deleteSource(db: Db, id: string): Promise<void> {
  const res = await db
    .delete(ingestionSources)
    .where(eq(ingestionSources.id, id))
    .returning({ id: ingestionSources.id });
  if (res.length === 0) throw notFound("Ingestion source");
}

export async function listSources(db: Db, query: { limit: number; cursor?: string | undefined }) {
  const after = decodeCursor(query.cursor, BY_CREATED, "sources");
  const rows = await db
    .select()
    .from(ingestionSources)
    .where(
      after
        ? or(
            lt(ingestionSources.createdAt, after[0]),
            and(eq(ingestionSources.createdAt, after[0]), lt(ingestionSources.id, after[1])),
          )
        : undefined,
    )
    .orderBy(desc(ingestionSources.createdAt), desc(ingestionSources.id))
    .limit(query.limit + 1);
  return page(rows, query.limit, createdPosition, "sources");
}

export async function listRuns(db: Db, sourceId: string, query: { limit: number; cursor?: string | undefined }) {
  await getSource(db, sourceId);
  const after = decodeCursor(query.cursor, BY_CREATED, ["runs", sourceId]);
  const rows = await db
    .select()
    .from(ingestionRuns)
    .where(
      and(
        eq(ingestionRuns.sourceId, sourceId),
        after
          ? or(
              lt(ingestionRuns.createdAt, after[0]),
              and(eq(ingestionRuns.createdAt, after[0]), lt(ingestionRuns.id, after[1])),
            )
          : undefined,
      ),
    )
    .orderBy(desc(ingestionRuns.createdAt), desc(ingestionRuns.id))
    .limit(query.limit + 1);
  return page(rows, query.limit, createdPosition, ["runs", sourceId]);
}

/**
 * Queues a run of each source (the run rows and their messages in one batch).
 * `runId` derives ids (the cron passes the tick), so a repeated tick queues nothing twice.
 */
export async function queueRuns(
  db: Db,
  env: Pick<Env, "EVENTS">,
  sources: readonly Pick<IngestionSourceRow, "id">[],
  trigger: IngestionRunRow["trigger"],
  now: number,
  runId: (sourceId: string) => string = () => newId(now),
): Promise<IngestionRunRow[]> {
  if (sources.length === 0) return [];
  const runs: IngestionRunRow[] = sources.map((s) => ({
    id: runId(s.id),
    sourceId: s.id,
    trigger,
    status: "queued",
    fetched: 0,
    created: 0,
    updated: 0,
    duplicates: 0,
    expired: 0,
    errors: 0,
    error: null,
    createdAt: now,
    startedAt: null,
    finishedAt: null,
    step: 0,
    written: 0,
    unchanged: 0,
    cursor: null,
    heartbeatAt: null,
  }));
  const out = outboxWrite(
    db,
    runs.map((r) => ({ type: "ingestion.fetch" as const, id: `ingest-${r.id}`, run_id: r.id, source_id: r.sourceId })),
    now,
    { ifAbsent: true },
  );
  const inserts = [];
  // 19 columns a row: 5 rows stay within D1's 100 bound values per statement.
  for (let i = 0; i < runs.length; i += 5) {
    inserts.push(
      db
        .insert(ingestionRuns)
        .values(runs.slice(i, i + 5))
        .onConflictDoNothing(),
    );
  }
  const [first, ...rest] = [...inserts, ...out.statements];
  if (first) await db.batch([first, ...rest]);
  await flushOutbox(env, db, out);
  return runs;
}

/** `POST …/sources/{id}/run`: one run now, unless one is already queued or running (409). */
export async function runNow(db: Db, env: SourceEnv, id: string, now = Date.now()): Promise<IngestionRunRow> {
  const source = await getSource(db, id);
  if (!source.enabled) throw conflict("source-disabled", "The source is disabled; enable it first.");
  const active = await db
    .select({ id: ingestionRuns.id })
    .from(ingestionRuns)
    .where(and(eq(ingestionRuns.sourceId, id), inArray(ingestionRuns.status, ["queued", "running"])))
    .get();
  if (active) throw conflict("run-in-progress", "A run of this source is already queued or running.");
  const [run] = await queueRuns(db, env, [source], "manual", now);
  if (!run) throw notFound("Ingestion source");
  return run;
}

/** Cron: one run of every enabled source, ids derived from the tick so a rerun queues nothing twice. */
export async function queueScheduledRuns(db: Db, env: Pick<Env, "EVENTS">, scheduledTime: number) {
  const sources = await db
    .select({ id: ingestionSources.id })
    .from(ingestionSources)
    .where(eq(ingestionSources.enabled, true))
    .orderBy(ingestionSources.id)
    .limit(1000);
  const tick = Math.floor(scheduledTime / 60_000);
  const runId = (sourceId: string) => `cron-${tick}-${sourceId}`;
  // A rerun of the tick finds its runs: nothing is queued (or sent) twice.
  const done = new Set<string>();
  for (let i = 0; i < sources.length; i += 90) {
    const ids = sources.slice(i, i + 90).map((s) => runId(s.id));
    const rows = await db.select({ id: ingestionRuns.id }).from(ingestionRuns).where(inArray(ingestionRuns.id, ids));
    for (const r of rows) done.add(r.id);
  }
  const runs = await queueRuns(
    db,
    env,
    sources.filter((s) => !done.has(runId(s.id))),
    "cron",
    scheduledTime,
    runId,
  );
  return { queued: runs.length };
}

export type SourceHealth = "never_run" | "healthy" | "failing";

export function healthOf(source: IngestionSourceRow): SourceHealth {
  if (source.lastRunAt === null) return "never_run";
  return source.consecutiveFailures > 0 ? "failing" : "healthy";
}

/** Recent outcomes of a source (health view): last 20 runs' statuses, in one query. */
export async function recentRunStatuses(db: Db, sourceIds: readonly string[]) {
  const out = new Map<string, { succeeded: number; failed: number }>();
  if (!sourceIds.length) return out;
  const rows = await db
    .select({
      sourceId: ingestionRuns.sourceId,
      succeeded: sql<number>`SUM(CASE WHEN ${ingestionRuns.status} IN ('succeeded', 'not_modified') THEN 1 ELSE 0 END)`,
      failed: sql<number>`SUM(CASE WHEN ${ingestionRuns.status} = 'failed' THEN 1 ELSE 0 END)`,
    })
    .from(ingestionRuns)
    .where(inArray(ingestionRuns.sourceId, [...sourceIds].slice(0, 90)))
    .groupBy(ingestionRuns.sourceId);
  for (const r of rows) out.set(r.sourceId, { succeeded: Number(r.succeeded), failed: Number(r.failed) });
  return out;
}
