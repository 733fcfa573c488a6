/**
 * SVG charts (issue #20): every chart endpoint answers well-formed, accessible SVG
 * whose value labels are the numbers of the JSON endpoints (parsed back with
 * fast-xml-parser), and the same authorization as the JSON.
 */
import { XMLParser } from "fast-xml-parser";
import { describe, expect, it } from "vitest";
import { newId } from "../src/lib/ids";
import { escapeXml, renderChart } from "../src/lib/svg-chart";
import { DAY, HOUR } from "../src/lib/time";
import { applicationStatusHistory, jobViewDaily } from "../src/platform/db/schema";
import { db, employerOf, makeApplication, makeCategory, makeCompany, makeJob, signedIn, unique } from "./factories";
import { pipelineWorld } from "./helpers/applications";
import { api, call, expectProblem } from "./helpers/http";

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: "@",
  htmlEntities: true,
  isArray: (_name, _path, _leaf, isAttribute) => !isAttribute,
});

// biome-ignore lint/suspicious/noExplicitAny: the parsed SVG is walked generically
type Node = any;

/** Parses an SVG and returns its root and every value label as { series, label, value, text }. */
function parseSvg(svg: string) {
  const doc = parser.parse(svg);
  const root: Node = doc.svg?.[0];
  expect(root, "an <svg> root").toBeDefined();
  const values: Array<{ series: string; label: string; value: number; text: string }> = [];
  const walk = (n: Node) => {
    if (!n || typeof n !== "object") return;
    for (const [k, v] of Object.entries(n)) {
      if (k === "text") {
        for (const t of v as Node[]) {
          if (t?.["@class"] === "value") {
            values.push({
              series: t["@data-series"],
              label: t["@data-label"],
              value: Number(t["@data-value"]),
              text: String(t["#text"]),
            });
          }
        }
      } else if (Array.isArray(v)) v.forEach(walk);
    }
  };
  walk(root);
  return { root, values };
}

/** Checks the accessibility contract and returns the parsed values. */
async function chart(path: string, token: string) {
  const res = await call("GET", path, { token });
  const svg = await res.text();
  expect(res.status, svg).toBe(200);
  expect(res.headers.get("Content-Type")).toBe("image/svg+xml; charset=utf-8");
  expect(res.headers.get("Cache-Control")).toBe("private, max-age=60");
  expect(res.headers.get("ETag")).toMatch(/^"[\w-]+"$/);
  const { root, values } = parseSvg(svg);
  expect(root["@role"]).toBe("img");
  const [titleId, descId] = String(root["@aria-labelledby"]).split(" ");
  expect(root.title[0]["@id"]).toBe(titleId);
  expect(root.desc[0]["@id"]).toBe(descId);
  expect(String(root.title[0]["#text"]).length).toBeGreaterThan(3);
  expect(String(root.desc[0]["#text"]).length).toBeGreaterThan(10);
  return { svg, values, res, desc: String(root.desc[0]["#text"]) };
}

const bySeries = (values: Array<{ series: string; value: number }>, series: string) =>
  values.filter((v) => v.series === series).map((v) => v.value);

describe("the SVG renderer", () => {
  it("escapes every text and keeps the document well-formed", () => {
    const svg = renderChart({
      kind: "bar",
      title: 'A <b>"title"</b> & more',
      description: "</desc><script>alert(1)</script>",
      labels: ["<x>", "a&b"],
      series: [{ name: "s'1", values: [1, 2.25] }],
    });
    expect(svg).not.toContain("<script>");
    expect(svg).not.toContain("<b>");
    const { root, values } = parseSvg(svg);
    expect(root.title[0]["#text"]).toBe('A <b>"title"</b> & more');
    expect(values.map((v) => [v.label, v.value, v.text])).toEqual([
      ["<x>", 1, "1"],
      ["a&b", 2.25, "2.3"],
    ]);
    expect(escapeXml(`<&>"'`)).toBe("&#60;&#38;&#62;&#34;&#39;");
  });

  it("tells series apart without colour: dash patterns and markers for lines, fill patterns for bars", () => {
    const line = renderChart({
      kind: "line",
      title: "t",
      description: "d",
      labels: ["a", "b"],
      series: [
        { name: "x", values: [1, 2] },
        { name: "y", values: [2, 1] },
      ],
    });
    expect(line).toContain('stroke-dasharray="6 4"');
    expect(line).toContain("<rect x="); // the second series' square markers
    const bar = renderChart({
      kind: "bar",
      title: "t",
      description: "d",
      labels: ["a"],
      series: [
        { name: "x", values: [1] },
        { name: "y", values: [2] },
      ],
    });
    expect(bar).toContain("<pattern id=");
    expect(bar).toContain('fill="url(#chart-p1)"');
    const empty = renderChart({ kind: "range", title: "t", description: "d", rows: [] });
    expect(parseSvg(empty).root.text.some((t: Node) => t["@class"] === "empty")).toBe(true);
  });
});

describe("GET /api/v1/dashboard/chart.svg", () => {
  it("draws the employer dashboard's numbers", async () => {
    const w = await pipelineWorld();
    const now = Date.now();
    await makeApplication(w.job, w.seeker.user.id);
    const other = await signedIn();
    await makeApplication(w.job, other.user.id, { status: "reviewing", createdAt: now - 2 * DAY });
    const third = await signedIn();
    await makeApplication(w.job, third.user.id, {
      status: "accepted",
      createdAt: now - 10 * DAY,
      statusChangedAt: now,
    });
    const t = w.employer.token;
    const dash = (await api.get("/api/v1/dashboard", { token: t })).json;

    const funnel = await chart("/api/v1/dashboard/chart.svg?metric=hiring_funnel", t);
    const byLabel = Object.fromEntries(funnel.values.map((v) => [v.label, v.value]));
    for (const [status, n] of Object.entries(dash.applications_by_status)) expect(byLabel[status]).toBe(n);

    const perDay = await chart("/api/v1/dashboard/chart.svg?metric=applications_per_day&days=14", t);
    expect(perDay.values).toHaveLength(14);
    expect(perDay.values.reduce((a, v) => a + v.value, 0)).toBe(3);
    expect(perDay.values.at(-1)?.value).toBe(1); // today
    expect(perDay.values.at(-1)?.label).toBe(new Date(now).toISOString().slice(0, 10));

    const hire = await chart("/api/v1/dashboard/chart.svg?metric=time_to_hire", t);
    expect(hire.values.reduce((a, v) => a + v.value, 0)).toBe(dash.hires);
    expect(hire.values.find((v) => v.label === "8–14 days")?.value).toBe(1);

    const vva = await chart("/api/v1/dashboard/chart.svg?metric=views_vs_applications", t);
    const analytics = (await api.get(`/api/v1/jobs/${w.job.id}/analytics`, { token: t })).json;
    expect(bySeries(vva.values, "Views")).toEqual([analytics.total_views]);
    expect(bySeries(vva.values, "Applications")).toEqual([analytics.applications_total]);
    expect(analytics.applications_total).toBe(3);
  });

  it("answers 304 to its ETag; validates metric; refuses anonymous and seekers", async () => {
    const w = await pipelineWorld();
    const t = w.employer.token;
    const first = await chart("/api/v1/dashboard/chart.svg?metric=hiring_funnel", t);
    const again = await call("GET", "/api/v1/dashboard/chart.svg?metric=hiring_funnel", {
      token: t,
      headers: { "If-None-Match": String(first.res.headers.get("ETag")) },
    });
    expect(again.status).toBe(304);
    expectProblem(await api.get("/api/v1/dashboard/chart.svg?metric=bogus", { token: t }), 400, "validation-error");
    expectProblem(await api.get("/api/v1/dashboard/chart.svg", { token: t }), 400);
    expectProblem(await api.get("/api/v1/dashboard/chart.svg?metric=hiring_funnel&x=1", { token: t }), 400);
    expectProblem(await api.get("/api/v1/dashboard/chart.svg?metric=hiring_funnel"), 401);
    expectProblem(await api.get("/api/v1/dashboard/chart.svg?metric=hiring_funnel", { token: w.seeker.token }), 403);
  });
});

describe("GET /api/v1/jobs/{id}/analytics/chart.svg", () => {
  it("draws the JSON analytics' views per day, funnel and time in stage", async () => {
    const w = await pipelineWorld();
    const now = Date.now();
    const today = Math.floor(now / DAY);
    await db()
      .insert(jobViewDaily)
      .values([
        { jobId: w.job.id, day: today, views: 7 },
        { jobId: w.job.id, day: today - 3, views: 4 },
      ]);
    const app = await makeApplication(w.job, w.seeker.user.id, { status: "reviewing", createdAt: now - 10 * HOUR });
    await db()
      .insert(applicationStatusHistory)
      .values({
        id: newId(now),
        applicationId: app.id,
        fromStatus: "pending",
        toStatus: "reviewing",
        actorRole: "company",
        actorId: w.employer.user.id,
        createdAt: now - 5 * HOUR,
      });
    const t = w.employer.token;
    const json = (await api.get(`/api/v1/jobs/${w.job.id}/analytics?days=7`, { token: t })).json;

    const vva = await chart(`/api/v1/jobs/${w.job.id}/analytics/chart.svg?metric=views_vs_applications&days=7`, t);
    expect(bySeries(vva.values, "Views")).toEqual(json.views_by_day.map((d: { views: number }) => d.views));
    expect(bySeries(vva.values, "Applications").reduce((a, b) => a + b, 0)).toBe(1);
    expect(vva.values.filter((v) => v.series === "Views").map((v) => v.label)).toEqual(
      json.views_by_day.map((d: { date: string }) => d.date),
    );

    const funnel = await chart(`/api/v1/jobs/${w.job.id}/analytics/chart.svg?metric=hiring_funnel`, t);
    expect(funnel.values.map((v) => [v.label, v.value])).toEqual(
      json.funnel.stages.map((s: { stage: string; count: number }) => [s.stage, s.count]),
    );
    const tth = await chart(`/api/v1/jobs/${w.job.id}/analytics/chart.svg?metric=time_to_hire`, t);
    const medians = json.funnel.stages.filter(
      (s: { median_hours_in_stage: number | null }) => s.median_hours_in_stage !== null,
    );
    expect(tth.values.map((v) => v.value)).toEqual(
      medians.map((s: { median_hours_in_stage: number }) => s.median_hours_in_stage),
    );
  });

  it("someone else's job is 404, like the JSON; a seeker is 403", async () => {
    const w = await pipelineWorld();
    const stranger = await employerOf((await makeCompany()).id, "owner");
    const path = `/api/v1/jobs/${w.job.id}/analytics/chart.svg?metric=hiring_funnel`;
    expectProblem(await api.get(path, { token: stranger.token }), 404);
    expect((await api.get(`/api/v1/jobs/${w.job.id}/analytics`, { token: stranger.token })).status).toBe(404);
    expectProblem(await api.get(path, { token: w.seeker.token }), 403);
    expectProblem(await api.get(`${path.replace("hiring_funnel", "nope")}`, { token: w.employer.token }), 400);
  });
});

describe("GET /api/v1/admin/analytics/chart.svg", () => {
  it("draws the admin analytics' numbers and the market series", async () => {
    const admin = await signedIn({ role: "admin" });
    const company = await makeCompany();
    const skill = unique("skill").toLowerCase();
    const category = await makeCategory({ name: `Charts ${unique("c")}` });
    for (const [min, max] of [
      [50_000, 70_000],
      [70_000, 90_000],
    ]) {
      await makeJob({
        companyId: company.id,
        categoryId: category.id,
        country: "DE",
        skills: [skill],
        salaryMin: min,
        salaryMax: max,
        salaryCurrency: "CHF",
        salaryPeriod: "year",
        salaryMinYearly: min,
        salaryMaxYearly: max,
      });
    }
    const t = admin.token;
    const json = (await api.get("/api/v1/admin/analytics?days=10", { token: t })).json;

    const signups = await chart("/api/v1/admin/analytics/chart.svg?metric=signups_per_day&days=10", t);
    expect(signups.values.map((v) => v.value)).toEqual(json.signups_per_day.map((d: { count: number }) => d.count));

    const skills = await chart("/api/v1/admin/analytics/chart.svg?metric=top_skills", t);
    expect(bySeries(skills.values, "Open jobs")).toEqual(json.top_skills.demand.map((d: { jobs: number }) => d.jobs));

    const funnel = await chart("/api/v1/admin/analytics/chart.svg?metric=hiring_funnel", t);
    expect(funnel.values.map((v) => v.value)).toEqual(
      json.application_funnel.stages.map((s: { count: number }) => s.count),
    );

    const salaries = await chart("/api/v1/admin/analytics/chart.svg?metric=salary_ranges&currency=CHF", t);
    const label = `${category.name} · DE`;
    expect(salaries.values.filter((v) => v.label === label).map((v) => [v.series, v.value])).toEqual([
      ["from", 60],
      ["to", 80],
    ]);
    expect(salaries.desc).toContain("CHF");

    const trends = await chart("/api/v1/admin/analytics/chart.svg?metric=job_trends&days=7", t);
    expect(bySeries(trends.values, category.name).reduce((a, b) => a + b, 0)).toBe(2);
    expect(bySeries(trends.values, category.name)).toHaveLength(7);

    expectProblem(
      await api.get("/api/v1/admin/analytics/chart.svg?metric=salary_ranges&currency=usd", { token: t }),
      400,
    );
    const employer = await employerOf(company.id, "owner");
    expectProblem(await api.get("/api/v1/admin/analytics/chart.svg?metric=top_skills", { token: employer.token }), 403);
  });
});

describe("GET /market", () => {
  it("is a public page with the market charts inline, their numbers from published jobs", async () => {
    const company = await makeCompany();
    const category = await makeCategory({ name: `Market ${unique("m")}` });
    await makeJob({
      companyId: company.id,
      categoryId: category.id,
      isRemote: true,
      salaryMin: 100_000,
      salaryMax: 120_000,
      salaryCurrency: "SEK",
      salaryPeriod: "year",
      salaryMinYearly: 100_000,
      salaryMaxYearly: 120_000,
    });
    const res = await call("GET", "/market?currency=SEK&days=7");
    const text = await res.text();
    expect(res.status).toBe(200);
    expect(res.headers.get("Content-Security-Policy")).toContain("default-src 'none'");
    expect(res.headers.get("Cache-Control")).toContain("public");
    expect(res.headers.get("ETag")).toBeTruthy();
    expect(text).not.toMatch(/<script(?![^>]*application\/ld\+json)/);
    const svgs = [...text.matchAll(/<svg[\s\S]*?<\/svg>/g)].map((m) => parseSvg(m[0]));
    expect(svgs).toHaveLength(3);
    const ids = svgs.map((s) => s.root["@aria-labelledby"]);
    expect(new Set(ids).size).toBe(3);
    const [trends, , salaries] = svgs;
    expect(bySeries(trends?.values ?? [], category.name).reduce((a, b) => a + b, 0)).toBe(1);
    expect((salaries?.values ?? []).filter((v) => v.label === `${category.name} · Remote`).map((v) => v.value)).toEqual(
      [100, 120],
    );
    const again = await call("GET", "/market?currency=SEK&days=7", {
      headers: { "If-None-Match": String(res.headers.get("ETag")) },
    });
    expect(again.status).toBe(304);
    expect((await call("GET", "/market?currency=dollars")).status).toBe(400);
    expect((await call("GET", "/market?other=1")).status).toBe(400);
  });

  it("is listed in the pages sitemap", async () => {
    const res = await call("GET", "/sitemaps/pages.xml");
    expect(await res.text()).toContain("/market</loc>");
  });
});
