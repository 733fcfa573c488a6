/** What bench/vitest.search.config.ts hands to test/bench/search-engine.bench.ts through `provide`. */
import "vitest";

declare module "vitest" {
  export interface ProvidedContext {
    searchEngine: { jobs: number; runs: number; seed: number };
  }
}
