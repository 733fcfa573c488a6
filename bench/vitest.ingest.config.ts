/**
 * The vitest configuration of the ingestion benchmark (bench/ingest.mjs): the
 * unit-test setup (workerd, local D1 with the migrations) running only the file
 * named by INGEST_BENCH_FILE, with the set's size and seed handed in by `provide`.
 */
import { defineConfig } from "vitest/config";
import base from "../vitest.config";

export default defineConfig(async (configEnv) => {
  const config = await (typeof base === "function" ? base(configEnv) : base);
  return {
    ...config,
    test: {
      ...config.test,
      include: [process.env.INGEST_BENCH_FILE ?? "test/bench/ingest-dedup.bench.ts"],
      silent: false,
      testTimeout: 3_600_000,
      hookTimeout: 600_000,
      provide: {
        ingestDedup: {
          jobs: Number(process.env.INGEST_DEDUP_JOBS ?? 600),
          seed: Number(process.env.INGEST_DEDUP_SEED ?? 7),
        },
        ingestRun: {
          jobs: Number(process.env.INGEST_RUN_JOBS ?? 20_000),
          postings: Number(process.env.INGEST_RUN_POSTINGS ?? 10_000),
          seed: Number(process.env.INGEST_DEDUP_SEED ?? 7),
        },
      },
    },
  };
});
