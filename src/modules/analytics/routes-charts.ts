import { z } from "@hono/zod-openapi";
import { requireRole } from "../../http/access";
import { createRouter, defineRoute, errorResponses } from "../../http/openapi";
import { ChartLang, chartText, chartTranslator, svgResponse, svgResponses } from "../../http/svg";
import { readerSettings } from "../accounts";
import { IdParam, requireManagedJob } from "../jobs";
import { ADMIN_METRICS, adminChart, JOB_METRICS, jobChart, renderAs } from "./charts";

export const jobChartsRouter = createRouter();
export const adminChartsRouter = createRouter();

const METRIC_DOC =
  "Accessible SVG: title, description, every value as a text label, patterns besides colours (docs/charts.md).";

jobChartsRouter.openapi(
  defineRoute({
    method: "get",
    path: "/jobs/{id}/analytics/chart.svg",
    access: { roles: ["employer", "admin"], scope: "jobs:read" },
    operationId: "getJobAnalyticsChart",
    tags: ["Charts"],
    summary: "A job's analytics as an SVG chart",
    description:
      "`views_vs_applications` and `applications_per_day` (lines over `days`), `hiring_funnel` and `time_to_hire` " +
      `(median hours per stage), the same numbers as \`GET /jobs/{id}/analytics\`. ${METRIC_DOC}`,
    request: {
      params: IdParam,
      query: z
        .object({
          metric: z.enum(JOB_METRICS),
          days: z.coerce.number().int().min(1).max(90).default(30),
          lang: ChartLang,
        })
        .strict(),
    },
    responses: { ...svgResponses, ...errorResponses(400, 401, 403, 404) },
  }),
  async (c) => {
    const auth = requireRole(c, "employer", "admin");
    const db = c.get("db");
    const { metric, days, lang } = c.req.valid("query");
    const [rec, account] = await Promise.all([
      requireManagedJob(db, auth, c.req.valid("param").id),
      lang ? null : readerSettings(db, auth.userId),
    ]);
    const t = chartTranslator(c, lang, account);
    const tx = chartText(t);
    const chart = await jobChart(db, rec, metric, days, tx);
    return svgResponse(c, renderAs(chart, `job-${metric}`, tx), "private, max-age=60", t.locale);
  },
);

adminChartsRouter.openapi(
  defineRoute({
    method: "get",
    path: "/analytics/chart.svg",
    access: { roles: ["admin"], scope: "admin:read" },
    operationId: "getAdminAnalyticsChart",
    tags: ["Charts"],
    summary: "Platform analytics as an SVG chart (admins)",
    description:
      "`signups_per_day`, `hiring_funnel`, `time_to_hire` and `top_skills` (the numbers of `GET /admin/analytics`), " +
      `\`salary_ranges\` by role (category) and location in \`currency\`, \`job_trends\` by category. ${METRIC_DOC}`,
    request: {
      query: z
        .object({
          metric: z.enum(ADMIN_METRICS),
          days: z.coerce.number().int().min(1).max(365).default(30),
          currency: z
            .string()
            .regex(/^[A-Z]{3}$/, "An ISO 4217 code such as USD")
            .default("USD")
            .openapi({ description: "Currency of `salary_ranges`" }),
          lang: ChartLang,
        })
        .strict(),
    },
    responses: { ...svgResponses, ...errorResponses(400, 401, 403) },
  }),
  async (c) => {
    const auth = requireRole(c, "admin");
    const db = c.get("db");
    const { metric, days, currency, lang } = c.req.valid("query");
    const t = chartTranslator(c, lang, lang ? null : await readerSettings(db, auth.userId));
    const tx = chartText(t);
    const chart = await adminChart(db, metric, { days, currency }, tx);
    return svgResponse(c, renderAs(chart, `admin-${metric}`, tx), "private, max-age=60", t.locale);
  },
);
