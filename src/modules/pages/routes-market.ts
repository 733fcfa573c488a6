/**
 * `/market`: the public "job market" page. Trends over published jobs (jobs published
 * per category, skills in demand, salary ranges by role and location) as inline SVG
 * charts from src/lib/svg-chart.ts: no script, so the strict page CSP holds, and each
 * chart is an accessible image (title, desc, values as text) inside a captioned figure.
 * Page and charts are in the negotiated language (`Accept-Language`, as every public
 * page: shared caches keep one copy per language, `Vary: Accept-Language`).
 */
import { z } from "@hono/zod-openapi";
import type { Context } from "hono";
import { Hono } from "hono";
import { html, raw } from "hono/html";
import { access } from "../../http/access";
import { chartText } from "../../http/svg";
import type { Translator } from "../../i18n";
import { renderChart } from "../../lib/svg-chart";
import { appUrl } from "../../lib/urls";
import type { AppEnv } from "../../platform/env";
import { jobTrends, salaryChart, salaryRanges, topSkillsInDemand, trendsChart } from "../analytics";
import { layout, pageTranslator, sendPublicPage } from "./layout";
import { messagePage } from "./views";

export const marketPageRouter = new Hono<AppEnv>();

/** Aggregates move slowly: shared caches may keep the page for ten minutes. */
const MARKET_CACHE = "public, max-age=600, stale-while-revalidate=1800";

export const MarketQuery = z
  .object({
    currency: z
      .string()
      .regex(/^[A-Z]{3}$/)
      .default("USD"),
    days: z.coerce.number().int().min(7).max(365).default(90),
  })
  .strict();

function badQuery(c: Context<AppEnv>, t: Translator) {
  const title = t.t("market.title");
  return sendPublicPage(c, 400, layout({ title, noindex: true }, messagePage(title, t.t("market.badQuery")), t), {
    cacheControl: "public, max-age=60",
    locale: t.locale,
  });
}

marketPageRouter.get("/market", access({ public: true }), async (c) => {
  const t = pageTranslator(c);
  const tx = chartText(t);
  const parsed = MarketQuery.safeParse(c.req.query());
  if (!parsed.success) return badQuery(c, t);
  const { currency, days } = parsed.data;
  const db = c.get("db");
  const [trends, skills, salaries] = await Promise.all([
    jobTrends(db, days),
    topSkillsInDemand(db),
    salaryRanges(db, currency),
  ]);
  const charts = [
    { id: "market-trends", svg: renderChart(trendsChart(trends, tx, "market-trends")) },
    {
      id: "market-skills",
      svg: renderChart({
        kind: "bar",
        orientation: "horizontal",
        idPrefix: "market-skills",
        locale: tx.locale,
        title: t.t("chart.skills.title"),
        description: skills.length
          ? t.t("chart.skills.descJobs", {
              list: skills.map((s) => t.t("chart.list.item", { name: s.skill, value: tx.n(s.jobs) })).join(", "),
            })
          : t.t("chart.skills.empty"),
        labels: skills.map((s) => s.skill),
        series: [{ name: t.t("chart.series.openJobs"), key: "Open jobs", values: skills.map((s) => s.jobs) }],
      }),
    },
    { id: "market-salaries", svg: renderChart(salaryChart(salaries, currency, tx, "market-salaries")) },
  ];
  const captions: Record<string, string> = {
    "market-trends": t.t("market.caption.trends", { days: tx.n(days) }),
    "market-skills": t.t("market.caption.skills"),
    "market-salaries": t.t("market.caption.salaries", { currency }),
  };
  const main = html`<h1>${t.t("market.title")}</h1>
<p>${t.t("market.intro")}</p>
${charts.map(
  (ch) => html`<figure class="chart" id="${ch.id}">
${raw(ch.svg)}
<figcaption>${captions[ch.id]}</figcaption>
</figure>`,
)}
<p><a href="/jobs">${t.t("market.searchJobs")}</a></p>`;
  const body = layout(
    {
      title: t.t("market.title"),
      description: t.t("market.description"),
      canonical: appUrl(c.env, "/market"),
    },
    main,
    t,
  );
  return sendPublicPage(c, 200, body, { cacheControl: MARKET_CACHE, locale: t.locale });
});
