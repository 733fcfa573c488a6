/** Types for bench/relevance-set.mjs (test/search-relevance.test.ts runs a small set). */
export interface RelevanceQuery {
  target: string;
  variant: "exact" | "typo" | "first_letter" | "stem" | "order";
  q: string;
}
export function buildRelevanceSet(options: {
  jobs?: number;
  targets?: number;
  seed?: number;
  now?: number;
  quote(value: unknown): string;
  newId(now?: number): string;
}): { statements: string[]; queries: RelevanceQuery[]; targets: number; jobs: number };
export const VARIANTS: readonly string[];
export function summarize(
  results: Array<{ variant: string; rank: number | null }>,
): Record<string, { queries: number; hit1: number; hit3: number; mrr: number }>;
