/**
 * Charts in the reader's language (issue #20): titles, descriptions, legends and
 * labels come from the catalogues, numbers, days and money from `Intl` in the
 * reader's locale, while the data (`data-value`, `data-label`, `data-series`) stays
 * the same in every language. The SVG is parsed back, as in test/charts.test.ts.
 */
import { eq } from "drizzle-orm";
import { XMLParser } from "fast-xml-parser";
import { describe, expect, it } from "vitest";
import { chartLocale, chartText } from "../src/http/svg";
import { CATALOGUES, resolveLocale, translator } from "../src/i18n";
import { renderChart } from "../src/lib/svg-chart";
import { DAY } from "../src/lib/time";
import { users } from "../src/platform/db/schema";
import { db, makeApplication, makeCategory, makeCompany, makeJob, signedIn, unique } from "./factories";
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

interface Parsed {
  root: Node;
  title: string;
  desc: string;
  /** Every <text> of the chart, in document order. */
  texts: string[];
  values: Array<{ series: string; label: string; value: number; text: string }>;
  legend: string[];
}

function parseSvg(svg: string): Parsed {
  const root: Node = parser.parse(svg).svg?.[0];
  expect(root, "an <svg> root").toBeDefined();
  const [titleId, descId] = String(root["@aria-labelledby"]).split(" ");
  expect(root.title[0]["@id"]).toBe(titleId);
  expect(root.desc[0]["@id"]).toBe(descId);
  const out: Parsed = {
    root,
    title: String(root.title[0]["#text"]),
    desc: String(root.desc[0]["#text"]),
    texts: [],
    values: [],
    legend: [],
  };
  const walk = (n: Node, inLegend: boolean) => {
    if (!n || typeof n !== "object") return;
    for (const [k, v] of Object.entries(n)) {
      if (k === "text") {
        for (const t of v as Node[]) {
          const text = String(typeof t === "object" ? (t["#text"] ?? "") : t);
          out.texts.push(text);
          if (inLegend) out.legend.push(text);
          if (t?.["@class"] === "value") {
            out.values.push({
              series: t["@data-series"],
              label: t["@data-label"],
              value: Number(t["@data-value"]),
              text,
            });
          }
        }
      } else if (Array.isArray(v)) {
        for (const x of v) walk(x, inLegend || (k === "g" && x?.["@class"] === "legend"));
      }
    }
  };
  walk(root, false);
  return out;
}

async function chart(path: string, token: string, headers: Record<string, string> = {}) {
  const res = await call("GET", path, { token, headers });
  const svg = await res.text();
  expect(res.status, svg).toBe(200);
  expect(res.headers.get("Content-Type")).toBe("image/svg+xml; charset=utf-8");
  expect(res.headers.get("Vary")).toContain("Accept-Language");
  return { res, svg, ...parseSvg(svg) };
}

const setLocale = (userId: string, locale: string) => db().update(users).set({ locale }).where(eq(users.id, userId));

const data = (p: Parsed) => p.values.map((v) => [v.series, v.label, v.value]);

describe("the renderer with a chart locale", () => {
  it("writes numbers with Intl and tags the language, keeping data-value exact", () => {
    for (const [tag, text] of [
      ["de", "1.234,5"],
      ["fr", "1\u202f234,5"],
      ["es", "1234,5"], // Spanish groups from five digits on
      // Swiss German: German words, Swiss grouping (the apostrophe ICU uses) and decimal point.
      ["de-CH", new Intl.NumberFormat("de-CH", { maximumFractionDigits: 1 }).format(1234.5)],
    ] as const) {
      if (tag === "de-CH") expect(text).toMatch(/^1\D234\.5$/);
      const t = translator(resolveLocale(tag));
      const svg = renderChart({
        kind: "bar",
        title: "t",
        description: "d",
        labels: ["a"],
        series: [{ name: "Werte", key: "values", values: [1234.5] }],
        locale: chartLocale(t),
      });
      const p = parseSvg(svg);
      expect(p.root["@lang"]).toBe(t.locale);
      expect(p.root["@xml:lang"]).toBe(t.locale);
      expect(p.values).toEqual([{ series: "values", label: "a", value: 1234.5, text }]);
    }
    const empty = renderChart({
      kind: "line",
      title: "t",
      description: "d",
      labels: [],
      series: [],
      locale: chartLocale(translator({ locale: "fr" })),
    });
    expect(parseSvg(empty).texts).toContain(CATALOGUES.fr["chart.empty"]);
  });

  it("formats the series' UTC days as short labels in the reader's locale", () => {
    const tx = chartText(translator(resolveLocale("de")));
    expect(tx.day("2026-12-03")).toBe("3. Dez.");
    expect(tx.date("2026-12-03")).toBe("03.12.2026");
    expect(chartText(translator(resolveLocale("en-US"))).day("2026-12-03")).toBe("Dec 3");
  });
});

describe("GET /api/v1/dashboard/chart.svg in the reader's language", () => {
  it("follows the account's locale, and ?lang= over it; the data stays the same", async () => {
    const w = await pipelineWorld();
    const now = Date.now();
    await makeApplication(w.job, w.seeker.user.id);
    const other = await signedIn();
    await makeApplication(w.job, other.user.id, {
      status: "accepted",
      createdAt: now - 10 * DAY,
      statusChangedAt: now,
    });
    const t = w.employer.token;
    const path = "/api/v1/dashboard/chart.svg?metric=hiring_funnel";

    const en = await chart(path, t);
    expect(en.res.headers.get("Content-Language")).toBe("en");
    expect(en.title).toBe("Applications by status");

    await setLocale(w.employer.user.id, "de-AT");
    const de = await chart(path, t, { "Accept-Language": "fr" }); // the account's setting wins
    expect(de.res.headers.get("Content-Language")).toBe("de");
    expect(de.root["@lang"]).toBe("de");
    expect(de.title).toBe(CATALOGUES.de["chart.dash.funnel.title"]);
    expect(de.texts).toContain(CATALOGUES.de["status.accepted"]);
    expect(de.desc).toContain(`${CATALOGUES.de["status.accepted"]} 1`);
    expect(data(de)).toEqual(data(en));
    expect(de.res.headers.get("ETag")).not.toBe(en.res.headers.get("ETag"));

    const es = await chart(`${path}&lang=es`, t);
    expect(es.res.headers.get("Content-Language")).toBe("es");
    expect(es.title).toBe(CATALOGUES.es["chart.dash.funnel.title"]);
    expect(data(es)).toEqual(data(en));

    // An ETag is per language: the English one does not make the German chart a 304.
    const notSame = await call("GET", path, {
      token: t,
      headers: { "If-None-Match": String(en.res.headers.get("ETag")) },
    });
    expect(notSame.status).toBe(200);

    const hire = await chart("/api/v1/dashboard/chart.svg?metric=time_to_hire&lang=fr", t);
    expect(hire.title).toBe(CATALOGUES.fr["chart.dash.hire.title"]);
    expect(hire.values.find((v) => v.label === "8–14 days")?.value).toBe(1);
    expect(hire.texts).toContain("8–14 jours");
    expect(hire.texts).toContain("plus de 60 jours");

    const perDay = await chart("/api/v1/dashboard/chart.svg?metric=applications_per_day&days=7&lang=es", t);
    const today = new Date(now).toISOString().slice(0, 10);
    expect(perDay.values.at(-1)?.label).toBe(today);
    const esDay = new Intl.DateTimeFormat("es", { day: "numeric", month: "short", timeZone: "UTC" }).format(now);
    expect(perDay.texts).toContain(esDay);
    expect(perDay.desc).toContain("candidaturas");

    expectProblem(await api.get(`${path}&lang=xx`, { token: t }), 400, "validation-error");
    expectProblem(await api.get(`${path}&lang=${"a".repeat(40)}`, { token: t }), 400);
  });
});

describe("GET /api/v1/admin/analytics/chart.svg in the reader's language", () => {
  it("writes salary ranges as money in the locale; the bars keep their thousands", async () => {
    const admin = await signedIn({ role: "admin" });
    const company = await makeCompany();
    const category = await makeCategory({ name: `Gehalt ${unique("c")}` });
    const skill = unique("skill").toLowerCase();
    await makeJob({
      skills: [skill],
      companyId: company.id,
      categoryId: category.id,
      country: "DE",
      salaryMin: 61_000,
      salaryMax: 79_000,
      salaryCurrency: "CHF",
      salaryPeriod: "year",
      salaryMinYearly: 61_000,
      salaryMaxYearly: 79_000,
    });
    const path = "/api/v1/admin/analytics/chart.svg?metric=salary_ranges&currency=CHF";
    const en = await chart(path, admin.token);
    const label = `${category.name} · DE`;
    const row = (p: Parsed) => p.values.filter((v) => v.label === label).map((v) => [v.series, v.value, v.text]);
    expect(row(en)).toEqual([
      ["from", 61, "61k"],
      ["to", 79, "79k"],
    ]);
    for (const lang of ["de", "fr", "es"] as const) {
      const p = await chart(`${path}&lang=${lang}`, admin.token);
      expect(p.res.headers.get("Content-Language")).toBe(lang);
      expect(p.title).toBe(CATALOGUES[lang]["chart.salary.title"].replace("{currency}", "CHF"));
      expect(row(p)).toEqual(row(en));
      const money = new Intl.NumberFormat(lang, { style: "currency", currency: "CHF", maximumFractionDigits: 0 });
      expect(p.desc).toContain(money.format(61_000));
      expect(p.desc).toContain(money.format(79_000));
    }
    const de = await chart(`${path}&lang=de`, admin.token);
    expect(de.desc).toContain("61.000");
    expect(de.desc).not.toContain("61,000");

    const skills = await chart("/api/v1/admin/analytics/chart.svg?metric=top_skills&lang=fr", admin.token);
    expect(skills.title).toBe(CATALOGUES.fr["chart.skills.title"]);
    expect(new Set(skills.values.map((v) => v.series))).toEqual(new Set(["Open jobs", "Seekers"]));
    expect(skills.legend).toEqual([CATALOGUES.fr["chart.series.openJobs"], CATALOGUES.fr["chart.series.seekers"]]);
    expect(skills.desc).toContain(`${skill} 1 offres`);
  });
});

describe("GET /market in the reader's language", () => {
  it("negotiates Accept-Language for the page and its charts, and says so to caches", async () => {
    const company = await makeCompany();
    const category = await makeCategory({ name: `Markt ${unique("m")}` });
    await makeJob({
      companyId: company.id,
      categoryId: category.id,
      isRemote: true,
      salaryMin: 100_000,
      salaryMax: 120_000,
      salaryCurrency: "NOK",
      salaryPeriod: "year",
      salaryMinYearly: 100_000,
      salaryMaxYearly: 120_000,
    });
    const page = async (acceptLanguage?: string) => {
      const res = await call("GET", "/market?currency=NOK&days=7", {
        headers: acceptLanguage ? { "Accept-Language": acceptLanguage } : {},
      });
      const text = await res.text();
      expect(res.status).toBe(200);
      expect(res.headers.get("Vary")).toContain("Accept-Language");
      return { res, text, svgs: [...text.matchAll(/<svg[\s\S]*?<\/svg>/g)].map((m) => parseSvg(m[0])) };
    };
    const en = await page();
    const fr = await page("fr-CA, en;q=0.5");
    expect(fr.res.headers.get("Content-Language")).toBe("fr");
    expect(fr.text).toContain('<html lang="fr">');
    expect(fr.text).toContain(`<h1>${CATALOGUES.fr["market.title"].replace("'", "&#39;")}</h1>`);
    expect(fr.svgs.map((s) => s.root["@lang"])).toEqual(["fr", "fr", "fr"]);
    expect(fr.svgs[1]?.title).toBe(CATALOGUES.fr["chart.skills.title"]);
    expect(fr.svgs.map(data)).toEqual(en.svgs.map(data));
    expect(fr.res.headers.get("ETag")).not.toBe(en.res.headers.get("ETag"));
    const money = new Intl.NumberFormat("fr-CA", { style: "currency", currency: "NOK", maximumFractionDigits: 0 });
    expect(fr.svgs[2]?.desc).toContain(money.format(100_000));

    const es = await page("es");
    expect(es.svgs[0]?.title).toMatch(/^Empleos publicados por (día|semana)/);
    const bad = await call("GET", "/market?currency=dollars", { headers: { "Accept-Language": "de" } });
    expect(bad.status).toBe(400);
    expect(bad.headers.get("Content-Language")).toBe("de");
    expect(await bad.text()).toContain(CATALOGUES.de["market.badQuery"]);
  });
});
