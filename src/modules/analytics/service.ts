/** Admin analytics: platform totals and trends, each one aggregate query. */
import { count, desc, gte, sql, sum } from "drizzle-orm";
import { DAY } from "../../lib/time";
import type { Db } from "../../platform/db/client";
import { applications, companies, interviews, JOB_STATUSES, jobs, searchTerms, users } from "../../platform/db/schema";
import { applicationFunnel } from "./funnel";
import { utcDay } from "./search-terms";

const TOP = 20;

export async function adminAnalytics(db: Db, options: { days: number; now?: number }) {
  const now = options.now ?? Date.now();
  const firstDay = utcDay(now - (options.days - 1) * DAY);
  const since = Date.parse(`${firstDay}T00:00:00.000Z`);
  const [usersByRole, companyCount, jobsByStatus, appCount, interviewCount, signups, funnel, demand, searches, zero] =
    await Promise.all([
      db.select({ role: users.role, n: count() }).from(users).groupBy(users.role),
      db.select({ n: count() }).from(companies),
      db.select({ status: jobs.status, n: count() }).from(jobs).groupBy(jobs.status),
      db.select({ n: count() }).from(applications),
      db.select({ n: count() }).from(interviews),
      db
        .select({ day: sql<string>`strftime('%Y-%m-%d', ${users.createdAt} / 1000, 'unixepoch')`, n: count() })
        .from(users)
        .where(gte(users.createdAt, since))
        .groupBy(sql`1`),
      applicationFunnel(db, null),
      db.all<{ skill: string; n: number }>(sql`
        SELECT js.skill AS skill, COUNT(*) AS n FROM job_skills js JOIN jobs j ON j.id = js.job_id
        WHERE j.status = 'published' GROUP BY js.skill ORDER BY n DESC, js.skill LIMIT ${TOP}`),
      db
        .select({ term: searchTerms.term, n: sum(searchTerms.count).mapWith(Number) })
        .from(searchTerms)
        .where(gte(searchTerms.day, firstDay))
        .groupBy(searchTerms.term)
        .orderBy(desc(sql`2`), searchTerms.term)
        .limit(TOP),
      // Searches that found nothing: what the index is missing (search_terms_zero_idx).
      db.all<{ term: string; n: number; searches: number }>(sql`
        SELECT term, SUM(zero_results) AS n, SUM(count) AS searches FROM search_terms
        WHERE day >= ${firstDay} AND zero_results > 0 GROUP BY term ORDER BY n DESC, term LIMIT ${TOP}`),
    ]);

  // Supply: seekers whose resumes mention the skill (one row per user and skill).
  const supply = await db.all<{ skill: string; n: number }>(sql`
    SELECT lower(trim(s.value)) AS skill, COUNT(DISTINCT r.user_id) AS n
    FROM resumes r, json_each(r.extracted_skills) s
    GROUP BY 1 ORDER BY n DESC, 1 LIMIT 200`);
  const supplyBy = new Map(supply.map((s) => [s.skill, Number(s.n)]));
  const demandBy = new Map(demand.map((d) => [d.skill, Number(d.n)]));

  const roles = Object.fromEntries(usersByRole.map((r) => [r.role, r.n]));
  const byDay = new Map(signups.map((s) => [s.day, s.n]));
  const signupsPerDay = [];
  for (let i = 0; i < options.days; i++) {
    const day = utcDay(since + i * DAY);
    signupsPerDay.push({ date: day, count: byDay.get(day) ?? 0 });
  }
  const statusCounts = Object.fromEntries(jobsByStatus.map((j) => [j.status, j.n]));

  return {
    generated_at: new Date(now).toISOString(),
    days: options.days,
    totals: {
      users: (roles.seeker ?? 0) + (roles.employer ?? 0) + (roles.admin ?? 0),
      seekers: roles.seeker ?? 0,
      employers: roles.employer ?? 0,
      admins: roles.admin ?? 0,
      companies: companyCount[0]?.n ?? 0,
      jobs: jobsByStatus.reduce((a, j) => a + j.n, 0),
      published_jobs: statusCounts.published ?? 0,
      applications: appCount[0]?.n ?? 0,
      interviews: interviewCount[0]?.n ?? 0,
    },
    signups_per_day: signupsPerDay,
    jobs_by_status: Object.fromEntries(JOB_STATUSES.map((s) => [s, statusCounts[s] ?? 0])),
    application_funnel: funnel,
    top_skills: {
      demand: demand.map((d) => ({ skill: d.skill, jobs: Number(d.n), seekers: supplyBy.get(d.skill) ?? 0 })),
      supply: supply
        .slice(0, TOP)
        .map((s) => ({ skill: s.skill, seekers: Number(s.n), jobs: demandBy.get(s.skill) ?? null })),
    },
    top_searches: searches.map((s) => ({ term: s.term, count: s.n ?? 0 })),
    zero_result_searches: zero.map((z) => ({ term: z.term, count: Number(z.n), searches: Number(z.searches) })),
  };
}
