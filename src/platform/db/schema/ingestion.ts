import { index, integer, primaryKey, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { jobs } from "./jobs";

/** Every kind of source an adapter exists for (src/modules/ingestion/adapters). */
export const INGESTION_KINDS = [
  "greenhouse",
  "lever",
  "ashby",
  "workable",
  "smartrecruiters",
  "adzuna",
  "usajobs",
  "feed",
  "jsonld",
] as const;
export type IngestionKind = (typeof INGESTION_KINDS)[number];

/**
 * `queued`: enqueued, not started; `running`: claimed by one consumer;
 * `not_modified`: the source answered 304 (nothing to do); `succeeded`/`failed`: finished.
 */
export const INGESTION_RUN_STATUSES = ["queued", "running", "succeeded", "not_modified", "failed"] as const;
export type IngestionRunStatus = (typeof INGESTION_RUN_STATUSES)[number];
export const INGESTION_TRIGGERS = ["cron", "manual"] as const;

/**
 * A source of imported jobs, configured by admins. `config` holds the public
 * settings of its kind (board token, country, feed URL…); `credentials_enc` the
 * secret ones (API keys), AES-GCM encrypted with ENCRYPTION_KEY and bound to the
 * row id, never returned by the API. `etag`/`last_modified` are the validators of
 * the last full fetch, sent back as `If-None-Match`/`If-Modified-Since`.
 */
export const ingestionSources = sqliteTable(
  "ingestion_sources",
  {
    id: text().primaryKey(),
    name: text().notNull(),
    kind: text({ enum: INGESTION_KINDS }).notNull(),
    config: text({ mode: "json" }).$type<Record<string, unknown>>().notNull().default({}),
    credentialsEnc: text(),
    enabled: integer({ mode: "boolean" }).notNull().default(true),
    etag: text(),
    lastModified: text(),
    lastRunAt: integer(),
    lastSuccessAt: integer(),
    lastError: text(),
    /** Failed runs since the last success (health). */
    consecutiveFailures: integer().notNull().default(0),
    createdAt: integer().notNull(),
    updatedAt: integer().notNull(),
  },
  (t) => [
    index("ingestion_sources_enabled_idx").on(t.enabled, t.id),
    index("ingestion_sources_created_idx").on(t.createdAt, t.id),
  ],
);

export type IngestionSourceRow = typeof ingestionSources.$inferSelect;

/** One fetch of one source and what it did. */
export const ingestionRuns = sqliteTable(
  "ingestion_runs",
  {
    id: text().primaryKey(),
    sourceId: text()
      .notNull()
      .references(() => ingestionSources.id, { onDelete: "cascade" }),
    trigger: text({ enum: INGESTION_TRIGGERS }).notNull(),
    status: text({ enum: INGESTION_RUN_STATUSES }).notNull().default("queued"),
    fetched: integer().notNull().default(0),
    created: integer().notNull().default(0),
    updated: integer().notNull().default(0),
    duplicates: integer().notNull().default(0),
    expired: integer().notNull().default(0),
    errors: integer().notNull().default(0),
    error: text(),
    createdAt: integer().notNull(),
    startedAt: integer(),
    finishedAt: integer(),
    /** Chunks (queue messages) of the run finished so far: a message for another step is a duplicate. */
    step: integer().notNull().default(0),
    /** Write batches of the current chunk committed (each batch is fenced on it: a redelivery resumes after them). */
    written: integer().notNull().default(0),
    /** Postings seen again unchanged. */
    unchanged: integer().notNull().default(0),
    /** AES-GCM encrypted (bound to the run id) position of the next chunk; null before the first and after the last. */
    cursor: text(),
    /** Last progress of the run (claim or finished chunk). */
    heartbeatAt: integer(),
  },
  (t) => [
    index("ingestion_runs_source_idx").on(t.sourceId, t.createdAt, t.id),
    index("ingestion_runs_created_idx").on(t.createdAt, t.id),
  ],
);

export type IngestionRunRow = typeof ingestionRuns.$inferSelect;

/**
 * One posting of one source, and the job it became. A job merged from several
 * sources (near-duplicates) has one row per source posting. `missed_runs` counts
 * successful runs of the source that no longer listed the posting: at 2 the job
 * expires. `content_hash` tells an unchanged posting from an updated one.
 */
export const jobSources = sqliteTable(
  "job_sources",
  {
    sourceId: text()
      .notNull()
      .references(() => ingestionSources.id, { onDelete: "cascade" }),
    externalId: text().notNull(),
    jobId: text()
      .notNull()
      .references(() => jobs.id, { onDelete: "cascade" }),
    sourceUrl: text(),
    canonicalUrl: text(),
    contentHash: text().notNull(),
    /** The posting the job was created from: only its changes rewrite the job (merged ones only keep it alive). */
    isPrimary: integer({ mode: "boolean" }).notNull().default(false),
    firstSeenAt: integer().notNull(),
    lastSeenAt: integer().notNull(),
    missedRuns: integer().notNull().default(0),
  },
  (t) => [
    primaryKey({ columns: [t.sourceId, t.externalId] }),
    index("job_sources_job_idx").on(t.jobId),
    index("job_sources_canonical_idx").on(t.canonicalUrl),
    index("job_sources_seen_idx").on(t.sourceId, t.lastSeenAt),
  ],
);

export type JobSourceRow = typeof jobSources.$inferSelect;

/**
 * The near-duplicate key of an imported job (src/modules/ingestion/fingerprint.ts):
 * its normalised company, city and title, the 64-value MinHash of its
 * description's shingles (8 hex digits each) and the shingle count, for the
 * verification step; and four LSH band keys (company + title, company + two
 * MinHash values ×3), each indexed, for the candidate probe.
 */
export const jobFingerprints = sqliteTable(
  "job_fingerprints",
  {
    jobId: text()
      .primaryKey()
      .references(() => jobs.id, { onDelete: "cascade" }),
    companyKey: text().notNull(),
    locationKey: text().notNull(),
    titleKey: text().notNull(),
    minhash: text().notNull(),
    shingles: integer().notNull(),
    band0: integer().notNull(),
    band1: integer().notNull(),
    band2: integer().notNull(),
    band3: integer().notNull(),
  },
  (t) => [
    index("job_fingerprints_band0_idx").on(t.band0),
    index("job_fingerprints_band1_idx").on(t.band1),
    index("job_fingerprints_band2_idx").on(t.band2),
    index("job_fingerprints_band3_idx").on(t.band3),
  ],
);

export type JobFingerprintRow = typeof jobFingerprints.$inferSelect;
