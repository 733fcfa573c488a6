import { z } from "@hono/zod-openapi";
import { requireRole } from "../../http/access";
import { createRouter, defineRoute, errorResponses } from "../../http/openapi";
import { ChartLang, chartText, chartTranslator, svgResponse, svgResponses } from "../../http/svg";
import { readerSettings } from "../accounts";
import { DASHBOARD_METRICS, renderDashboardChart } from "./charts";

export const dashboardChartsRouter = createRouter();

const ChartQuery = z
  .object({
    metric: z.enum(DASHBOARD_METRICS).openapi({ description: "Which chart" }),
    days: z.coerce
      .number()
      .int()
      .min(1)
      .max(90)
      .default(30)
      .openapi({ description: "Window of `applications_per_day`" }),
    lang: ChartLang,
  })
  .strict();

dashboardChartsRouter.openapi(
  defineRoute({
    method: "get",
    path: "/dashboard/chart.svg",
    access: { roles: ["employer"], scope: "dashboard:read" },
    operationId: "getDashboardChart",
    tags: ["Charts"],
    summary: "The employer dashboard as an SVG chart",
    description:
      "`applications_per_day` (line), `hiring_funnel` (applications by status), `time_to_hire` (hires by days " +
      "from application to acceptance) and `views_vs_applications` (the 10 most recently published jobs). " +
      "Accessible SVG: title, description, every value as a text label, patterns besides colours. See docs/charts.md.",
    request: { query: ChartQuery },
    responses: { ...svgResponses, ...errorResponses(400, 401, 403) },
  }),
  async (c) => {
    const auth = requireRole(c, "employer");
    const { metric, days, lang } = c.req.valid("query");
    const db = c.get("db");
    const t = chartTranslator(c, lang, lang ? null : await readerSettings(db, auth.userId));
    const svg = await renderDashboardChart(db, auth.userId, metric, days, chartText(t));
    return svgResponse(c, svg, "private, max-age=60", t.locale);
  },
);
