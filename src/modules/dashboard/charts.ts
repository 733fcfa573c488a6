/**
 * The employer dashboard as charts (`GET /dashboard/chart.svg?metric=`): each metric is
 * one aggregate query over the caller's companies, turned into a chart description for
 * src/lib/svg-chart.ts. The numbers are the dashboard's own: the funnel is
 * `applications_by_status`, the time-to-hire buckets add up to `hires`.
 */
import { and, desc, eq, gte, inArray, sql } from "drizzle-orm";
import type { ChartText } from "../../http/svg";
import { type Chart, renderChart } from "../../lib/svg-chart";
import { DAY } from "../../lib/time";
import type { Db } from "../../platform/db/client";
import { applications, companyMembers, jobs } from "../../platform/db/schema";
import { PIPELINE_ORDER } from "../applications";

export const DASHBOARD_METRICS = [
  "applications_per_day",
  "hiring_funnel",
  "time_to_hire",
  "views_vs_applications",
] as const;
export type DashboardMetric = (typeof DASHBOARD_METRICS)[number];

/** Days to hire, bucketed: upper bounds in days (the last bucket is open). */
export const HIRE_BUCKETS = [7, 14, 30, 60] as const;
/** Stable bucket names (`data-label`), the same in every language; shown translated (`bucketLabels`). */
const BUCKET_KEYS = ["0–7 days", "8–14 days", "15–30 days", "31–60 days", "over 60 days"];

function bucketLabels(tx: ChartText): string[] {
  const bounds = [0, ...HIRE_BUCKETS];
  return BUCKET_KEYS.map((_, i) =>
    i < HIRE_BUCKETS.length
      ? tx.t("chart.bucket.range", { from: tx.n(i === 0 ? 0 : (bounds[i] ?? 0) + 1), to: tx.n(bounds[i + 1] ?? 0) })
      : tx.t("chart.bucket.over", { days: tx.n(HIRE_BUCKETS[HIRE_BUCKETS.length - 1] ?? 0) }),
  );
}

const list = (tx: ChartText, items: Array<[string, number]>) =>
  items.map(([name, value]) => tx.t("chart.list.item", { name, value: tx.n(value) })).join(", ");

const utcDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** The UTC days of a window ending today, oldest first. */
export function dayLabels(days: number, now: number): string[] {
  const today = Math.floor(now / DAY);
  return Array.from({ length: days }, (_, i) => utcDay((today - days + 1 + i) * DAY));
}

export async function dashboardChart(
  db: Db,
  userId: string,
  metric: DashboardMetric,
  days: number,
  tx: ChartText,
  now = Date.now(),
): Promise<Chart> {
  const mine = db
    .select({ id: companyMembers.companyId })
    .from(companyMembers)
    .where(eq(companyMembers.userId, userId));
  const myApps = inArray(applications.companyId, mine);
  if (metric === "applications_per_day") {
    const labels = dayLabels(days, now);
    const since = Date.parse(`${labels[0]}T00:00:00.000Z`);
    const rows = await db
      .select({
        day: sql<string>`strftime('%Y-%m-%d', ${applications.createdAt} / 1000, 'unixepoch')`,
        n: sql<number>`COUNT(*)`.mapWith(Number),
      })
      .from(applications)
      .where(and(myApps, gte(applications.createdAt, since)))
      .groupBy(sql`1`);
    const by = new Map(rows.map((r) => [r.day, r.n]));
    const values = labels.map((d) => by.get(d) ?? 0);
    const total = values.reduce((a, b) => a + b, 0);
    return {
      kind: "line",
      title: tx.t("chart.dash.perDay.title", { days: tx.n(days) }),
      description: tx.t("chart.dash.perDay.desc", {
        total: tx.n(total),
        from: tx.date(labels[0] ?? ""),
        to: tx.date(labels.at(-1) ?? ""),
        max: tx.n(Math.max(0, ...values)),
      }),
      labels: labels.map(tx.day),
      keys: labels,
      series: [{ name: tx.t("chart.series.applications"), key: "Applications", values }],
    };
  }
  if (metric === "hiring_funnel") {
    const rows = await db
      .select({ status: applications.status, n: sql<number>`COUNT(*)`.mapWith(Number) })
      .from(applications)
      .where(myApps)
      .groupBy(applications.status);
    const by = new Map(rows.map((r) => [r.status, r.n]));
    const statuses = [...PIPELINE_ORDER, "rejected", "withdrawn"] as const;
    const values = statuses.map((s) => by.get(s) ?? 0);
    return {
      kind: "bar",
      orientation: "horizontal",
      title: tx.t("chart.dash.funnel.title"),
      description: tx.t("chart.dash.funnel.desc", {
        list: list(
          tx,
          statuses.map((s, i) => [tx.t(`status.${s}`), values[i] ?? 0]),
        ),
      }),
      labels: statuses.map((s) => tx.t(`status.${s}`)),
      keys: [...statuses],
      series: [{ name: tx.t("chart.series.applications"), key: "Applications", values }],
    };
  }
  if (metric === "time_to_hire") {
    const ms = sql`${applications.statusChangedAt} - ${applications.createdAt}`;
    const [a, b, c2, d] = HIRE_BUCKETS.map((n) => n * DAY);
    const rows = await db
      .select({
        bucket:
          sql<number>`CASE WHEN ${ms} <= ${a} THEN 0 WHEN ${ms} <= ${b} THEN 1 WHEN ${ms} <= ${c2} THEN 2 WHEN ${ms} <= ${d} THEN 3 ELSE 4 END`.mapWith(
            Number,
          ),
        n: sql<number>`COUNT(*)`.mapWith(Number),
      })
      .from(applications)
      .where(and(myApps, eq(applications.status, "accepted")))
      .groupBy(sql`1`);
    const values = BUCKET_KEYS.map((_, i) => rows.find((r) => r.bucket === i)?.n ?? 0);
    const hires = values.reduce((x, y) => x + y, 0);
    const labels = bucketLabels(tx);
    return {
      kind: "bar",
      title: tx.t("chart.dash.hire.title"),
      description: tx.t("chart.dash.hire.desc", {
        hires: tx.n(hires),
        list: list(
          tx,
          labels.map((l, i) => [l, values[i] ?? 0]),
        ),
      }),
      labels,
      keys: BUCKET_KEYS,
      series: [{ name: tx.t("chart.series.hires"), key: "Hires", values }],
    };
  }
  const rows = await db
    .select({
      title: jobs.title,
      views: jobs.viewCount,
      // Counted, not the denormalised counter, so it equals `applications_total` of the job's analytics.
      apps: sql<number>`(SELECT COUNT(*) FROM applications a WHERE a.job_id = "jobs"."id")`.mapWith(Number),
    })
    .from(jobs)
    .where(and(inArray(jobs.companyId, mine), eq(jobs.status, "published")))
    .orderBy(desc(jobs.publishedAt), desc(jobs.id))
    .limit(10);
  return {
    kind: "bar",
    orientation: "horizontal",
    title: tx.t("chart.dash.vva.title"),
    description:
      tx.t("chart.dash.vva.desc", { count: tx.n(rows.length) }) +
      (rows.length
        ? ` ${tx.t("chart.dash.vva.mostViewed", { title: [...rows].sort((x, y) => y.views - x.views)[0]?.title ?? "" })}`
        : ""),
    labels: rows.map((r) => r.title),
    series: [
      { name: tx.t("chart.series.views"), key: "Views", values: rows.map((r) => r.views) },
      { name: tx.t("chart.series.applications"), key: "Applications", values: rows.map((r) => r.apps) },
    ],
  };
}

export async function renderDashboardChart(
  db: Db,
  userId: string,
  metric: DashboardMetric,
  days: number,
  tx: ChartText,
) {
  const chart = await dashboardChart(db, userId, metric, days, tx);
  return renderChart({ ...chart, idPrefix: `dash-${metric}`, locale: tx.locale });
}
