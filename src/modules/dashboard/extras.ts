/**
 * Numbers the dashboard shows that other modules own: saved jobs (jobs
 * module's bookmarks), profile completeness (profiles module) and job views
 * per day (jobs module's `job_view_daily`). Passed to the dashboard service as
 * a parameter so tests can substitute them.
 */
import type { Db } from "../../platform/db/client";
import { jobViewsSince } from "../jobs";
import { profileCompleteness } from "../profiles";
import { countSavedJobs } from "../saved-jobs";

export interface DashboardExtras {
  savedJobsCount: (db: Db, userId: string) => Promise<number>;
  profileCompleteness: (db: Db, userId: string) => Promise<{ percent: number; missing: string[] } | null>;
  /** Unique views of the employer's companies' jobs since `since` (epoch ms, counted by whole UTC days). */
  jobViewsSince: (db: Db, userId: string, since: number) => Promise<number>;
}

export const dashboardExtras: DashboardExtras = {
  savedJobsCount: countSavedJobs,
  profileCompleteness,
  jobViewsSince,
};
