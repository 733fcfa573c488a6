/**
 * Job and admin analytics as charts (`…/analytics/chart.svg?metric=`). Each chart is
 * built from the very functions behind the JSON endpoints (`jobAnalytics`,
 * `applicationFunnel`, `adminAnalytics`), so the pictures and the numbers agree; the
 * market series (salary ranges, job trends) are in ./market.ts, shared with `/market`.
 */
import { and, eq, gte, sql } from "drizzle-orm";
import type { ChartText } from "../../http/svg";
import { CATALOGUES, type MessageKey } from "../../i18n";
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

/** A stage's name in the reader's language (stages are application statuses). */
const stageName = (tx: ChartText, stage: string) => {
  const key = `status.${stage}`;
  return isMessageKey(key) ? tx.t(key) : stage;
};
/** Statuses all have catalogue entries; a stage outside them is shown as it is. */
const isMessageKey = (key: string): key is MessageKey => Object.hasOwn(CATALOGUES.en, key);

const list = (tx: ChartText, items: Array<[string, string]>) =>
  items.map(([name, value]) => tx.t("chart.list.item", { name, value })).join(", ");

/** `scope` is the job's title for a job's chart, null for the platform's. */
function funnelChart(f: Funnel, scope: string | null, tx: ChartText): Chart {
  return {
    kind: "bar",
    orientation: "horizontal",
    title: scope === null ? tx.t("chart.funnel.title") : tx.t("chart.funnel.titleOf", { job: scope }),
    description: tx.t("chart.funnel.desc", {
      list: list(
        tx,
        f.stages.map((s) => [stageName(tx, s.stage), tx.n(s.count)]),
      ),
      rejected: tx.n(f.rejected),
      withdrawn: tx.n(f.withdrawn),
    }),
    labels: f.stages.map((s) => stageName(tx, s.stage)),
    keys: f.stages.map((s) => s.stage),
    series: [{ name: tx.t("chart.series.applications"), key: "Applications", values: f.stages.map((s) => s.count) }],
  };
}

function timeInStageChart(f: Funnel, scope: string | null, tx: ChartText): Chart {
  const stages = f.stages.filter((s) => s.median_hours_in_stage !== null);
  return {
    kind: "bar",
    orientation: "horizontal",
    title: scope === null ? tx.t("chart.stage.title") : tx.t("chart.stage.titleOf", { job: scope }),
    description: stages.length
      ? tx.t("chart.stage.desc", {
          list: list(
            tx,
            stages.map((s) => [stageName(tx, s.stage), `${tx.n(s.median_hours_in_stage ?? 0)} h`]),
          ),
        })
      : tx.t("chart.stage.empty"),
    unit: " h",
    labels: stages.map((s) => stageName(tx, s.stage)),
    keys: stages.map((s) => s.stage),
    series: [
      {
        name: tx.t("chart.series.medianHours"),
        key: "Median hours",
        values: stages.map((s) => s.median_hours_in_stage ?? 0),
      },
    ],
  };
}

/**
 * Salary ranges: the bars are in thousands (`85k`, the same figures in every language);
 * the description names each range in full as money in the reader's locale (de `85.000 €`).
 */
export function salaryChart(rows: SalaryRange[], currency: string, tx: ChartText, idPrefix?: string): Chart {
  return {
    kind: "range",
    idPrefix,
    locale: tx.locale,
    title: tx.t("chart.salary.title", { currency }),
    description: rows.length
      ? tx.t("chart.salary.desc", {
          currency,
          count: tx.n(rows.length),
          list: rows
            .map((r) =>
              tx.t("chart.salary.row", {
                role: r.role,
                location: r.location,
                from: tx.money(Math.round(r.min_yearly / 1000) * 1000, currency),
                to: tx.money(Math.round(r.max_yearly / 1000) * 1000, currency),
                jobs: tx.n(r.jobs),
              }),
            )
            .join("; "),
        })
      : tx.t("chart.salary.empty", { currency }),
    unit: "k",
    rows: rows.map((r) => ({
      label: `${r.role} · ${r.location}`,
      from: Math.round(r.min_yearly / 1000),
      to: Math.round(r.max_yearly / 1000),
      count: r.jobs,
    })),
  };
}

export function trendsChart(t: JobTrends, tx: ChartText, idPrefix?: string): Chart {
  const per = t.bucket_days === 1 ? "day" : "week";
  return {
    kind: "line",
    idPrefix,
    locale: tx.locale,
    title: tx.t(`chart.trends.title.${per}`),
    description: t.categories.length
      ? tx.t(`chart.trends.desc.${per}`, {
          from: tx.date(t.buckets[0] ?? ""),
          count: tx.n(t.categories.length),
          list: list(
            tx,
            t.categories.map((c) => [c.category, tx.n(c.total)]),
          ),
        })
      : tx.t("chart.trends.empty"),
    labels: t.buckets.map(tx.day),
    keys: t.buckets,
    series: t.categories.map((c) => ({ name: c.category, values: c.counts })),
  };
}

export async function jobChart(
  db: Db,
  rec: JobRecord,
  metric: JobMetric,
  days: number,
  tx: ChartText,
  now = Date.now(),
): Promise<Chart> {
  if (metric === "hiring_funnel") return funnelChart(await applicationFunnel(db, rec.job.id), rec.job.title, tx);
  if (metric === "time_to_hire") return timeInStageChart(await applicationFunnel(db, rec.job.id), rec.job.title, tx);
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
      title: tx.t("chart.job.perDay.title", { job: rec.job.title }),
      description: tx.t("chart.job.perDay.desc", {
        total: tx.n(totalApps),
        days: tx.n(days),
        max: tx.n(Math.max(0, ...apps)),
      }),
      labels: labels.map(tx.day),
      keys: labels,
      series: [{ name: tx.t("chart.series.applications"), key: "Applications", values: apps }],
    };
  }
  return {
    kind: "line",
    title: tx.t("chart.job.vva.title", { job: rec.job.title }),
    description: tx.t("chart.job.vva.desc", {
      views: tx.n(data.views_in_period),
      total: tx.n(totalApps),
      days: tx.n(days),
    }),
    labels: labels.map(tx.day),
    keys: labels,
    series: [
      { name: tx.t("chart.series.views"), key: "Views", values: data.views_by_day.map((d) => d.views) },
      { name: tx.t("chart.series.applications"), key: "Applications", values: apps },
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
  tx: ChartText,
): Promise<Chart> {
  const now = options.now ?? Date.now();
  if (metric === "salary_ranges") return salaryChart(await salaryRanges(db, options.currency), options.currency, tx);
  if (metric === "job_trends") return trendsChart(await jobTrends(db, options.days, now), tx);
  if (metric === "hiring_funnel") return funnelChart(await applicationFunnel(db, null), null, tx);
  if (metric === "time_to_hire") return timeInStageChart(await applicationFunnel(db, null), null, tx);
  const data = await adminAnalytics(db, { days: options.days, now });
  if (metric === "signups_per_day") {
    const values = data.signups_per_day.map((d) => d.count);
    return {
      kind: "line",
      title: tx.t("chart.signups.title", { days: tx.n(options.days) }),
      description: tx.t("chart.signups.desc", {
        total: tx.n(values.reduce((a, b) => a + b, 0)),
        max: tx.n(Math.max(0, ...values)),
      }),
      labels: data.signups_per_day.map((d) => tx.day(d.date)),
      keys: data.signups_per_day.map((d) => d.date),
      series: [{ name: tx.t("chart.series.signups"), key: "Sign-ups", values }],
    };
  }
  const demand = data.top_skills.demand;
  return {
    kind: "bar",
    orientation: "horizontal",
    title: tx.t("chart.skills.title"),
    description: demand.length
      ? tx.t("chart.skills.desc", {
          list: demand
            .map((d) => tx.t("chart.skills.item", { skill: d.skill, jobs: tx.n(d.jobs), seekers: tx.n(d.seekers) }))
            .join("; "),
        })
      : tx.t("chart.skills.empty"),
    labels: demand.map((d) => d.skill),
    series: [
      { name: tx.t("chart.series.openJobs"), key: "Open jobs", values: demand.map((d) => d.jobs) },
      { name: tx.t("chart.series.seekers"), key: "Seekers", values: demand.map((d) => d.seekers) },
    ],
  };
}

export const renderAs = (chart: Chart, idPrefix: string, tx: ChartText) =>
  renderChart({ ...chart, idPrefix, locale: tx.locale });
