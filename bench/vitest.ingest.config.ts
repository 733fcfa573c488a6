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
      },
    },
  };
});
