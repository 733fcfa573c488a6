/**
 * Market-wide series over published jobs, for admin analytics charts and the public
 * `/market` page: salary ranges by role (category) and location, and jobs published
 * per category over time. Aggregates only: no job, company or person is identifiable
 * beyond what the public job pages already show.
 */
import { sql } from "drizzle-orm";
import { DAY } from "../../lib/time";
import type { Db } from "../../platform/db/client";

export interface SalaryRange {
  role: string;
  location: string;
  jobs: number;
  /** Averages of the jobs' yearly minimum and maximum, in the currency asked for. */
  min_yearly: number;
  max_yearly: number;
}

/** Groups with at least one published job in `currency`, the 12 largest first (jobs_status_currency_idx). */
export async function salaryRanges(db: Db, currency: string, limit = 12): Promise<SalaryRange[]> {
  const rows = await db.all<{ role: string; location: string; n: number; lo: number; hi: number }>(sql`
    SELECT COALESCE(c.name, 'Uncategorised') AS role,
      CASE WHEN j.is_remote THEN 'Remote' ELSE COALESCE(j.country, 'Unknown') END AS location,
      COUNT(*) AS n, AVG(j.salary_min_yearly) AS lo, AVG(COALESCE(j.salary_max_yearly, j.salary_min_yearly)) AS hi
    FROM jobs j LEFT JOIN categories c ON c.id = j.category_id
    WHERE j.status = 'published' AND j.salary_currency = ${currency} AND j.salary_min_yearly IS NOT NULL
    GROUP BY 1, 2 ORDER BY n DESC, 1, 2 LIMIT ${limit}`);
  return rows.map((r) => ({
    role: r.role,
    location: r.location,
    jobs: Number(r.n),
    min_yearly: Math.round(Number(r.lo)),
    max_yearly: Math.round(Number(r.hi)),
  }));
}

export interface JobTrends {
  /** Bucket start days (UTC `YYYY-MM-DD`), oldest first. */
  buckets: string[];
  bucket_days: number;
  categories: Array<{ category: string; counts: number[]; total: number }>;
}

/**
 * Jobs published per category in `days` days (daily buckets up to 31 days, weekly
 * beyond), for the `top` categories with the most. Counts every job published in the
 * window, whether it is still open or not (jobs_status_published_idx).
 */
export async function jobTrends(db: Db, days: number, now = Date.now(), top = 5): Promise<JobTrends> {
  const bucketDays = days <= 31 ? 1 : 7;
  const today = Math.floor(now / DAY);
  const nBuckets = Math.ceil(days / bucketDays);
  const firstDay = today - nBuckets * bucketDays + 1;
  const since = firstDay * DAY;
  const rows = await db.all<{ category: string; d: number; n: number }>(sql`
    SELECT COALESCE(c.name, 'Uncategorised') AS category, j.published_at / ${DAY} AS d, COUNT(*) AS n
    FROM jobs j LEFT JOIN categories c ON c.id = j.category_id
    WHERE j.status IN ('published', 'closed', 'expired') AND j.published_at >= ${since}
    GROUP BY 1, 2`);
  const byCategory = new Map<string, number[]>();
  for (const r of rows) {
    const counts = byCategory.get(r.category) ?? Array.from({ length: nBuckets }, () => 0);
    const i = Math.floor((Number(r.d) - firstDay) / bucketDays);
    if (i >= 0 && i < nBuckets) counts[i] = (counts[i] ?? 0) + Number(r.n);
    byCategory.set(r.category, counts);
  }
  const categories = [...byCategory.entries()]
    .map(([category, counts]) => ({ category, counts, total: counts.reduce((a, b) => a + b, 0) }))
    .sort((a, b) => b.total - a.total || a.category.localeCompare(b.category))
    .slice(0, top);
  const buckets = Array.from({ length: nBuckets }, (_, i) =>
    new Date((firstDay + i * bucketDays) * DAY).toISOString().slice(0, 10),
  );
  return { buckets, bucket_days: bucketDays, categories };
}

/** Skills asked for by the most open jobs (the admin analytics' `top_skills.demand` query). */
export async function topSkillsInDemand(db: Db, limit = 12): Promise<Array<{ skill: string; jobs: number }>> {
  const rows = await db.all<{ skill: string; n: number }>(sql`
    SELECT js.skill AS skill, COUNT(*) AS n FROM job_skills js JOIN jobs j ON j.id = js.job_id
    WHERE j.status = 'published' GROUP BY js.skill ORDER BY n DESC, js.skill LIMIT ${limit}`);
  return rows.map((r) => ({ skill: r.skill, jobs: Number(r.n) }));
}
