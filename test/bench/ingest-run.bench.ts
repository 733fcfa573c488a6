/**
 * `npm run bench -- --ingest` (bench/ingest.mjs, through bench/vitest.ingest.config.ts):
 * one ingestion run of the pipeline's write phase — 10 000 normalised postings
 * of one source (bench/ingest-world.mjs postings, each with its own external id)
 * written by writePostings into workerd's local D1 seeded with the demo jobs —
 * timed, with D1 queries, rows read and rows written counted by the project's
 * instrumentD1 (the per-request stats of the request log). Fetch and parse are
 * not part of it (the adapters' tests cover them). Leaves workerd as one marked line.
 */
import { env } from "cloudflare:test";
import { inject, it } from "vitest";
import { ingestWorld } from "../../bench/ingest-world.mjs";
// @ts-expect-error plain JavaScript seed plugin without type declarations
import { buildStatements } from "../../scripts/seed/40-jobs.mjs";
import { newId } from "../../src/lib/ids";
import { normalizePosting } from "../../src/modules/ingestion/normalize";
import { writePostings } from "../../src/modules/ingestion/pipeline";
import { loadMatcher } from "../../src/modules/skills";
import { createDb, instrumentD1 } from "../../src/platform/db/client";
import { ingestionSources } from "../../src/platform/db/schema";

const quote = (v: unknown) =>
  v === null || v === undefined ? "NULL" : typeof v === "number" ? String(v) : `'${String(v).replace(/'/g, "''")}'`;

it("measures one run of 10 000 postings against the seeded database", async () => {
  const options = inject("ingestRun");
  const seedStarted = Date.now();
  const statements: string[] = buildStatements({ quote, newId, args: {} }, { jobs: options.jobs, seed: 42 });
  for (let i = 0; i < statements.length; i += 50) {
    await env.DB.batch(statements.slice(i, i + 50).map((s) => env.DB.prepare(s)));
  }
  await env.DB.prepare("ANALYZE").run();
  const seedSeconds = (Date.now() - seedStarted) / 1000;
  const now = Date.now();
  const plain = createDb(env.DB);
  const sourceId = newId(now);
  await plain
    .insert(ingestionSources)
    .values({ id: sourceId, name: "bench board", kind: "greenhouse", createdAt: now, updatedAt: now });
  const world = ingestWorld({ jobs: Math.ceil(options.postings / 3), seed: options.seed });
  const postings = world.postings
    .slice(0, options.postings)
    .map((p, i) => normalizePosting({ ...p.raw, externalId: `run-${i}` }, now));
  const stats = { queries: 0, rowsRead: 0, rowsWritten: 0 };
  const db = createDb(instrumentD1(env.DB, stats));
  const started = Date.now();
  const matcher = await loadMatcher(db);
  const counts = await writePostings(
    db,
    { id: sourceId, kind: "greenhouse", company: null },
    postings,
    { ids: new Set(), urls: new Map() },
    { matcher, now },
  );
  const seconds = (Date.now() - started) / 1000;
  const result = {
    jobs_in_database: options.jobs,
    seed_seconds: seedSeconds,
    postings: postings.length,
    seconds,
    postings_per_second: Math.round(postings.length / seconds),
    d1_queries: stats.queries,
    d1_rows_read: stats.rowsRead,
    d1_rows_written: stats.rowsWritten,
    rows_read_per_posting: +(stats.rowsRead / postings.length).toFixed(1),
    rows_written_per_posting: +(stats.rowsWritten / postings.length).toFixed(1),
    counts,
  };
  console.log(`@@INGEST_RUN@@${JSON.stringify(result)}`);
}, 3_600_000);
