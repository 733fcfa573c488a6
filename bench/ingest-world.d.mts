/** Types for bench/ingest-world.mjs (test/bench/ingest-dedup.bench.ts runs the matcher over it). */
import type { RawPosting } from "../src/modules/ingestion/adapters/types";

export interface WorldPosting {
  source: "a" | "b";
  raw: RawPosting;
}
export interface LabelledPair {
  a: number;
  b: number;
  duplicate: boolean;
  kind: string;
}
export function rng(seed: number): () => number;
export function ingestWorld(options?: { jobs?: number; seed?: number }): {
  postings: WorldPosting[];
  pairs: LabelledPair[];
};
