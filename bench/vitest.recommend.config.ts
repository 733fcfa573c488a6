/**
 * The vitest configuration of the recommendation evaluation (bench/recommend.mjs):
 * the unit-test setup (workerd, local D1 with the migrations) running only
 * test/bench/recommend-eval.bench.ts, with the world size handed in by `provide`.
 */
import { defineConfig } from "vitest/config";
import base from "../vitest.config";

export default defineConfig(async (configEnv) => {
  const config = await (typeof base === "function" ? base(configEnv) : base);
  const world = {
    jobs: Number(process.env.RECOMMEND_JOBS ?? 400),
    seekers: Number(process.env.RECOMMEND_SEEKERS ?? 280),
    seed: Number(process.env.RECOMMEND_SEED ?? 22),
  };
  return {
    ...config,
    test: {
      ...config.test,
      include: [process.env.RECOMMEND_FILE ?? "test/bench/recommend-eval.bench.ts"],
      silent: false,
      testTimeout: 1_200_000,
      hookTimeout: 120_000,
      provide: { recommendWorld: world },
    },
  };
});
