/**
 * `npm run bench -- --recommend` (bench/recommend.mjs runs this file through
 * bench/vitest.recommend.config.ts): the full seeded world, every seeker, the
 * real recommender against local D1. The figures leave workerd as one marked
 * console line, which bench/recommend.mjs writes to bench/results.
 */
import { inject, it } from "vitest";
import { evaluateWorld, loadWorld } from "../helpers/recommend-eval";

it("evaluates the recommender on the seeded world", async () => {
  const options = inject("recommendWorld" as never) as { jobs: number; seekers: number; seed: number };
  const started = Date.now();
  const world = await loadWorld(options);
  const result = await evaluateWorld(world, 1000);
  console.log(
    `@@RECOMMEND_EVAL@@${JSON.stringify({ world: { ...options, jobs: world.jobs.length }, seconds: (Date.now() - started) / 1000, ...result })}`,
  );
}, 1_200_000);
