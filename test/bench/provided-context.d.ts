/** What bench/vitest.search.config.ts and bench/vitest.ingest.config.ts hand to the bench files through `provide`. */
import "vitest";

declare module "vitest" {
  export interface ProvidedContext {
    searchEngine: { jobs: number; runs: number; seed: number };
    ingestDedup: { jobs: number; seed: number };
    ingestRun: { jobs: number; postings: number; seed: number };
  }
}
