/** Types for bench/recommend-world.mjs (test/helpers/recommend-eval.ts loads it into D1). */
export interface WorldJob {
  id: string;
  family: number;
  categoryId: string;
  companyId: string;
  title: string;
  skills: string[];
  city: string;
  remote: boolean;
  level: string;
  created: number;
  deadlinePassed: boolean;
}
export interface WorldSeeker {
  id: string;
  primary: number;
  second: number | null;
  where: "city" | "remote" | "anywhere";
  city: string;
  profile: {
    skills: string[];
    desiredLocations: string[];
    remoteOnly: boolean;
    openToRemote: boolean;
    years: number | null;
  };
  history: Array<{ jobId: string; kind: "view" | "save" | "apply"; at: number }>;
}
export interface World {
  now: number;
  statements: string[];
  views: Array<{ userId: string; jobId: string; at: number }>;
  heldOut: Map<string, string[]>;
  categories: Array<{ id: string; name: string; slug: string }>;
  jobs: WorldJob[];
  seekers: WorldSeeker[];
}
export interface Stat {
  mean: number;
  ci: [number, number];
}
export interface SystemFigures {
  hit_rate_at_10: Stat;
  recall_at_10: Stat;
  ndcg_at_10: Stat;
  coverage: number;
  families_per_list: number;
  second_interest_shown: number;
}
export interface Evaluation {
  seekers: number;
  held_out: number;
  systems: Record<string, SystemFigures>;
  hit_rate_ratios: Record<string, { ratio: number; ci: [number, number] }>;
}
export const FAMILIES: ReadonlyArray<readonly [string, string, readonly string[]]>;
export function buildRecommendWorld(options: {
  jobs?: number;
  seekers?: number;
  seed?: number;
  now?: number;
  quote(value: unknown): string;
}): World;
export function popularityLists(world: World, limit?: number): Map<string, string[]>;
export function evaluate(
  world: World,
  lists: Record<string, Map<string, string[]>>,
  options?: { rounds?: number; seed?: number; ours?: string; baselines?: string[] },
): Evaluation;
