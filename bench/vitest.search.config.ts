/**
 * The vitest configuration of the engine-level search benchmark (bench/search-engine.mjs):
 * the unit-test setup (workerd, local D1 with the migrations) running only
 * test/bench/search-engine.bench.ts, with the job count handed in by `provide`.
 */
import { defineConfig } from "vitest/config";
import base from "../vitest.config";

export default defineConfig(async (configEnv) => {
  const config = await (typeof base === "function" ? base(configEnv) : base);
  const world = {
    jobs: Number(process.env.SEARCH_ENGINE_JOBS ?? 100_000),
    runs: Number(process.env.SEARCH_ENGINE_RUNS ?? 15),
    seed: Number(process.env.SEARCH_ENGINE_SEED ?? 42),
  };
  return {
    ...config,
    test: {
      ...config.test,
      include: [process.env.SEARCH_ENGINE_FILE ?? "test/bench/search-engine.bench.ts"],
      silent: false,
      testTimeout: 3_600_000,
      hookTimeout: 600_000,
      provide: { searchEngine: world },
    },
  };
});
