/**
 * Job and admin analytics as charts (`…/analytics/chart.svg?metric=`). Each chart is
 * built from the very functions behind the JSON endpoints (`jobAnalytics`,
 * `applicationFunnel`, `adminAnalytics`), so the pictures and the numbers agree; the
 * market series (salary ranges, job trends) are in ./market.ts, shared with `/market`.
 */
import { and, eq, gte, sql } from "drizzle-orm";
import { type Chart, renderChart } from "../../lib/svg-chart";
import { DAY } from "../../lib/time";
import type { Db } from "../../platform/db/client";
import { applications } from "../../platform/db/schema";
import { type JobRecord, jobAnalytics } from "../jobs";
import { applicationFunnel, type Funnel } from "./funnel";
import { type JobTrends, jobTrends, type SalaryRange, salaryRanges } from "./market";
import { adminAnalytics } from "./service";

export const JOB_METRICS = ["views_vs_applications", "applications_per_day", "hiring_funnel", "time_to_hire"] as const;
export const ADMIN_METRICS = [
  "signups_per_day",
  "hiring_funnel",
  "time_to_hire",
  "top_skills",
  "salary_ranges",
  "job_trends",
] as const;
export type JobMetric = (typeof JOB_METRICS)[number];
export type AdminMetric = (typeof ADMIN_METRICS)[number];

function funnelChart(f: Funnel, scope: string): Chart {
  return {
    kind: "bar",
    orientation: "horizontal",
    title: `Hiring funnel${scope}`,
    description: `Applications that reached each stage: ${f.stages.map((s) => `${s.stage} ${s.count}`).join(", ")}; ${f.rejected} rejected, ${f.withdrawn} withdrawn.`,
    labels: f.stages.map((s) => s.stage),
    series: [{ name: "Applications", values: f.stages.map((s) => s.count) }],
  };
}

function timeInStageChart(f: Funnel, scope: string): Chart {
  const stages = f.stages.filter((s) => s.median_hours_in_stage !== null);
  return {
    kind: "bar",
    orientation: "horizontal",
    title: `Time to hire: median hours in each stage${scope}`,
    description: stages.length
      ? `Median hours an application spent in each stage before its next change: ${stages.map((s) => `${s.stage} ${s.median_hours_in_stage} h`).join(", ")}.`
      : "No application has moved on from a stage yet.",
    unit: " h",
    labels: stages.map((s) => s.stage),
    series: [{ name: "Median hours", values: stages.map((s) => s.median_hours_in_stage ?? 0) }],
  };
}

export function salaryChart(rows: SalaryRange[], currency: string, idPrefix?: string): Chart {
  return {
    kind: "range",
    idPrefix,
    title: `Salary ranges by role and location (${currency}, yearly, thousands)`,
    description: rows.length
      ? `Average advertised yearly minimum to maximum in thousands of ${currency}, for the ${rows.length} largest groups of open jobs: ${rows.map((r) => `${r.role} in ${r.location} ${Math.round(r.min_yearly / 1000)}k–${Math.round(r.max_yearly / 1000)}k (${r.jobs} jobs)`).join("; ")}.`
      : `No open job advertises a salary in ${currency}.`,
    unit: "k",
    rows: rows.map((r) => ({
      label: `${r.role} · ${r.location}`,
      from: Math.round(r.min_yearly / 1000),
      to: Math.round(r.max_yearly / 1000),
      count: r.jobs,
    })),
  };
}

export function trendsChart(t: JobTrends, idPrefix?: string): Chart {
  const per = t.bucket_days === 1 ? "day" : "week";
  return {
    kind: "line",
    idPrefix,
    title: `Jobs published per ${per} by category`,
    description: t.categories.length
      ? `Jobs published per ${per} from ${t.buckets[0]}, for the ${t.categories.length} busiest categories: ${t.categories.map((c) => `${c.category} ${c.total}`).join(", ")} in all.`
      : "No job was published in this period.",
    labels: t.buckets,
    series: t.categories.map((c) => ({ name: c.category, values: c.counts })),
  };
}

export async function jobChart(
  db: Db,
  rec: JobRecord,
  metric: JobMetric,
  days: number,
  now = Date.now(),
): Promise<Chart> {
  if (metric === "hiring_funnel") return funnelChart(await applicationFunnel(db, rec.job.id), `: ${rec.job.title}`);
  if (metric === "time_to_hire") return timeInStageChart(await applicationFunnel(db, rec.job.id), `: ${rec.job.title}`);
  const [data, perDay] = await Promise.all([
    jobAnalytics(db, rec, days, now),
    applicationsPerDay(db, rec.job.id, days, now),
  ]);
  const labels = data.views_by_day.map((d) => d.date);
  const apps = labels.map((d) => perDay.get(d) ?? 0);
  const totalApps = apps.reduce((a, b) => a + b, 0);
  if (metric === "applications_per_day") {
    return {
      kind: "line",
      title: `Applications per day: ${rec.job.title}`,
      description: `${totalApps} applications in the last ${days} days; the busiest day had ${Math.max(0, ...apps)}.`,
      labels,
      series: [{ name: "Applications", values: apps }],
    };
  }
  return {
    kind: "line",
    title: `Views and applications per day: ${rec.job.title}`,
    description: `${data.views_in_period} unique views and ${totalApps} applications in the last ${days} days.`,
    labels,
    series: [
      { name: "Views", values: data.views_by_day.map((d) => d.views) },
      { name: "Applications", values: apps },
    ],
  };
}

/** Applications to one job per UTC day of the window (applications_job_status_idx). */
async function applicationsPerDay(db: Db, jobId: string, days: number, now: number) {
  const since = (Math.floor(now / DAY) - days + 1) * DAY;
  const rows = await db
    .select({
      day: sql<string>`strftime('%Y-%m-%d', ${applications.createdAt} / 1000, 'unixepoch')`,
      n: sql<number>`COUNT(*)`.mapWith(Number),
    })
    .from(applications)
    .where(and(eq(applications.jobId, jobId), gte(applications.createdAt, since)))
    .groupBy(sql`1`);
  return new Map(rows.map((r) => [r.day, r.n]));
}

export async function adminChart(
  db: Db,
  metric: AdminMetric,
  options: { days: number; currency: string; now?: number },
): Promise<Chart> {
  const now = options.now ?? Date.now();
  if (metric === "salary_ranges") return salaryChart(await salaryRanges(db, options.currency), options.currency);
  if (metric === "job_trends") return trendsChart(await jobTrends(db, options.days, now));
  if (metric === "hiring_funnel") return funnelChart(await applicationFunnel(db, null), "");
  if (metric === "time_to_hire") return timeInStageChart(await applicationFunnel(db, null), "");
  const data = await adminAnalytics(db, { days: options.days, now });
  if (metric === "signups_per_day") {
    const values = data.signups_per_day.map((d) => d.count);
    return {
      kind: "line",
      title: `Sign-ups per day, last ${options.days} days`,
      description: `${values.reduce((a, b) => a + b, 0)} sign-ups; the busiest day had ${Math.max(0, ...values)}.`,
      labels: data.signups_per_day.map((d) => d.date),
      series: [{ name: "Sign-ups", values }],
    };
  }
  const demand = data.top_skills.demand;
  return {
    kind: "bar",
    orientation: "horizontal",
    title: "Top skills in demand",
    description: demand.length
      ? `Skills asked for by the most open jobs, with the seekers whose resumes list them: ${demand.map((d) => `${d.skill} ${d.jobs} jobs, ${d.seekers} seekers`).join("; ")}.`
      : "No open job lists a skill.",
    labels: demand.map((d) => d.skill),
    series: [
      { name: "Open jobs", values: demand.map((d) => d.jobs) },
      { name: "Seekers", values: demand.map((d) => d.seekers) },
    ],
  };
}

export const renderAs = (chart: Chart, idPrefix: string) => renderChart({ ...chart, idPrefix });
