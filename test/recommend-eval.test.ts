/**
 * Recommendation quality floor (issue #22): the seeded world of the offline
 * evaluation (bench/recommend-world.mjs, 400 jobs, 280 seekers, fixed seed and
 * clock, so the figures are the same on every run), through the real
 * recommender against local D1. The blend must beat the content-only holdout
 * on held-out applications, state no false reason, and never list a
 * deadline-passed or already engaged job. `npm run bench -- --recommend`
 * reports the full figures with intervals.
 */
import { beforeAll, describe, expect, it } from "vitest";
import type { World } from "../bench/recommend-world.mjs";
import { evaluateWorld, loadWorld } from "./helpers/recommend-eval";

let world: World;

beforeAll(async () => {
  world = await loadWorld({ seed: 22 });
}, 120_000);

describe("recommendation quality (seeded world)", () => {
  it("the blend beats content-only and popularity on held-out applications, with true reasons only", async () => {
    const r = await evaluateWorld(world, 200);
    const ours = r.systems.ours?.hit_rate_at_10.mean ?? 0;
    const content = r.systems.content?.hit_rate_at_10.mean ?? 1;
    const popularity = r.systems.popularity?.hit_rate_at_10.mean ?? 1;
    console.log(`recommend eval: ${JSON.stringify(r.hit_rate_ratios)}`);
    // Floors just below the measured 1.53× and 3.16× (docs/jobs.md); the data are fixed, so only a
    // ranking change moves the figures, and one that loses the ≥ 3× popularity target fails.
    expect(ours).toBeGreaterThanOrEqual(1.45 * content);
    expect(ours).toBeGreaterThanOrEqual(3 * popularity);
    expect(r.hit_rate_ratios.ours_vs_content?.ci[0] ?? 0).toBeGreaterThan(1);
    for (const checks of Object.values(r.checks)) {
      expect(checks.false_reasons, r.false_reason_examples.join("\n")).toBe(0);
      expect(checks.deadline_passed).toBe(0);
      expect(checks.already_engaged).toBe(0);
    }
    // Narrow lists (defect 4): a seeker's second interest shows in most of their lists.
    expect(r.systems.ours?.second_interest_shown ?? 0).toBeGreaterThan(0.6);
  }, 300_000);
});
