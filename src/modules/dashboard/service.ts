/**
 * `GET /dashboard`: one summary per role. Every number is one aggregate
 * query over indexed columns; the response is never cached across users.
 */
import { and, asc, avg, count, eq, gt, gte, inArray, isNull, or, sql } from "drizzle-orm";
import { DAY } from "../../lib/time";
import type { Db } from "../../platform/db/client";
import {
  APPLICATION_STATUSES,
  applications,
  companies,
  companyMembers,
  interviews,
  jobs,
} from "../../platform/db/schema";
import { presentInterview } from "../applications";
import { type DashboardExtras, dashboardExtras } from "./extras";

const UPCOMING = 5;

function byStatus(rows: Array<{ status: string; n: number }>) {
  const counts = Object.fromEntries(rows.map((r) => [r.status, r.n]));
  return Object.fromEntries(APPLICATION_STATUSES.map((s) => [s, counts[s] ?? 0])) as Record<
    (typeof APPLICATION_STATUSES)[number],
    number
  >;
}

function upcomingInterviews(db: Db, where: ReturnType<typeof and>, now: number) {
  return db
    .select({
      iv: interviews,
      job: { id: jobs.id, title: jobs.title },
      company: { id: companies.id, name: companies.name },
    })
    .from(interviews)
    .innerJoin(applications, eq(applications.id, interviews.applicationId))
    .innerJoin(jobs, eq(jobs.id, applications.jobId))
    .innerJoin(companies, eq(companies.id, interviews.companyId))
    .where(and(where, eq(interviews.status, "scheduled"), gte(interviews.startsAt, now)))
    .orderBy(asc(interviews.startsAt))
    .limit(UPCOMING)
    .then((rows) => rows.map((r) => presentInterview(r.iv, { job: r.job, company: r.company })));
}

export async function seekerDashboard(
  db: Db,
  userId: string,
  now = Date.now(),
  extras: DashboardExtras = dashboardExtras,
) {
  const [statusRows, upcoming, saved, completeness] = await Promise.all([
    db
      .select({ status: applications.status, n: count() })
      .from(applications)
      .where(eq(applications.applicantId, userId))
      .groupBy(applications.status),
    upcomingInterviews(db, and(eq(interviews.applicantId, userId)), now),
    extras.savedJobsCount(db, userId),
    extras.profileCompleteness(db, userId),
  ]);
  const applicationsByStatus = byStatus(statusRows);
  const total = Object.values(applicationsByStatus).reduce((a, b) => a + b, 0);
  const closed = applicationsByStatus.accepted + applicationsByStatus.rejected + applicationsByStatus.withdrawn;
  return {
    role: "seeker" as const,
    applications: { total, active: total - closed, by_status: applicationsByStatus },
    saved_jobs: saved,
    upcoming_interviews: upcoming,
    profile_completeness: completeness,
  };
}

export async function employerDashboard(
  db: Db,
  userId: string,
  now = Date.now(),
  extras: DashboardExtras = dashboardExtras,
) {
  const mine = db
    .select({ id: companyMembers.companyId })
    .from(companyMembers)
    .where(eq(companyMembers.userId, userId));
  const myApps = inArray(applications.companyId, mine);
  const since30 = now - 30 * DAY;
  const [companyRows, openJobs, statusRows, newApps, hire, upcoming, views] = await Promise.all([
    db.select({ n: count() }).from(companyMembers).where(eq(companyMembers.userId, userId)),
    db
      .select({ n: count() })
      .from(jobs)
      .where(
        and(
          inArray(jobs.companyId, mine),
          eq(jobs.status, "published"),
          or(isNull(jobs.expiresAt), gt(jobs.expiresAt, now)),
        ),
      ),
    db
      .select({ status: applications.status, n: count() })
      .from(applications)
      .where(myApps)
      .groupBy(applications.status),
    db
      .select({ n: count() })
      .from(applications)
      .where(and(myApps, gte(applications.createdAt, now - 7 * DAY))),
    db
      .select({ ms: avg(sql`${applications.statusChangedAt} - ${applications.createdAt}`).mapWith(Number), n: count() })
      .from(applications)
      .where(and(myApps, eq(applications.status, "accepted"))),
    upcomingInterviews(db, inArray(interviews.companyId, mine), now),
    extras.jobViewsSince(db, userId, since30),
  ]);
  const hired = hire[0];
  return {
    role: "employer" as const,
    companies: companyRows[0]?.n ?? 0,
    open_jobs: openJobs[0]?.n ?? 0,
    applications_by_status: byStatus(statusRows),
    new_applications_7d: newApps[0]?.n ?? 0,
    hires: hired?.n ?? 0,
    average_time_to_hire_days: hired?.n ? Math.round((hired.ms / DAY) * 10) / 10 : null,
    views_30d: views,
    upcoming_interviews: upcoming,
  };
}
