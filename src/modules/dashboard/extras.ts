/**
 * Numbers the dashboard shows that other modules own (saved jobs, profile
 * completeness, per-day job views). Those modules register providers here at
 * integration; without one, the field is `null` rather than a guess.
 */
import type { Db } from "../../db/client";

export interface DashboardExtras {
  savedJobsCount?: (db: Db, userId: string) => Promise<number>;
  profileCompleteness?: (db: Db, userId: string) => Promise<{ percent: number; missing: string[] }>;
  /** Views of the employer's companies' jobs since `since` (a per-day views table), replacing the fallback. */
  jobViewsSince?: (db: Db, userId: string, since: number) => Promise<number>;
}

export const dashboardExtras: DashboardExtras = {};
