/**
 * `/market`: the public "job market" page. Trends over published jobs (jobs published
 * per category, skills in demand, salary ranges by role and location) as inline SVG
 * charts from src/lib/svg-chart.ts: no script, so the strict page CSP holds, and each
 * chart is an accessible image (title, desc, values as text) inside a captioned figure.
 */
import { z } from "@hono/zod-openapi";
import type { Context } from "hono";
import { Hono } from "hono";
import { html, raw } from "hono/html";
import { access } from "../../http/access";
import { renderChart } from "../../lib/svg-chart";
import { appUrl } from "../../lib/urls";
import type { AppEnv } from "../../platform/env";
import { jobTrends, salaryChart, salaryRanges, topSkillsInDemand, trendsChart } from "../analytics";
import { layout, sendPublicPage } from "./layout";
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

function badQuery(c: Context<AppEnv>) {
  const title = "Job market";
  return sendPublicPage(
    c,
    400,
    layout({ title, noindex: true }, messagePage(title, "currency is a code like USD; days is 7 to 365.")),
    { cacheControl: "public, max-age=60" },
  );
}

marketPageRouter.get("/market", access({ public: true }), async (c) => {
  const parsed = MarketQuery.safeParse(c.req.query());
  if (!parsed.success) return badQuery(c);
  const { currency, days } = parsed.data;
  const db = c.get("db");
  const [trends, skills, salaries] = await Promise.all([
    jobTrends(db, days),
    topSkillsInDemand(db),
    salaryRanges(db, currency),
  ]);
  const charts = [
    { id: "market-trends", svg: renderChart(trendsChart(trends, "market-trends")) },
    {
      id: "market-skills",
      svg: renderChart({
        kind: "bar",
        orientation: "horizontal",
        idPrefix: "market-skills",
        title: "Top skills in demand",
        description: skills.length
          ? `Skills asked for by the most open jobs: ${skills.map((s) => `${s.skill} ${s.jobs}`).join(", ")}.`
          : "No open job lists a skill.",
        labels: skills.map((s) => s.skill),
        series: [{ name: "Open jobs", values: skills.map((s) => s.jobs) }],
      }),
    },
    { id: "market-salaries", svg: renderChart(salaryChart(salaries, currency, "market-salaries")) },
  ];
  const captions: Record<string, string> = {
    "market-trends": `Jobs published in the last ${days} days, for the busiest categories.`,
    "market-skills": "Skills that open jobs ask for most.",
    "market-salaries": `Average advertised yearly salary ranges in ${currency}, by category and country (remote jobs apart).`,
  };
  const main = html`<h1>Job market</h1>
<p>What employers on Job Board are hiring for right now: trends over the jobs published here, updated as jobs
come and go. Every chart lists its numbers as text.</p>
${charts.map(
  (ch) => html`<figure class="chart" id="${ch.id}">
${raw(ch.svg)}
<figcaption>${captions[ch.id]}</figcaption>
</figure>`,
)}
<p><a href="/jobs">Search the open jobs</a></p>`;
  const body = layout(
    {
      title: "Job market",
      description: "Jobs published per category, the skills in demand and salary ranges by role and location.",
      canonical: appUrl(c.env, "/market"),
    },
    main,
  );
  return sendPublicPage(c, 200, body, { cacheControl: MARKET_CACHE });
});
