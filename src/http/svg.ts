/**
 * SVG responses: `image/svg+xml` with a strong ETag over the exact bytes (so
 * `If-None-Match` answers `304`) and the caller's Cache-Control. An SVG is a document
 * that could run script if opened directly, so it gets its own CSP that forbids any.
 */
import { z } from "@hono/zod-openapi";
import type { Context } from "hono";
import { isAcceptableLocaleTag, resolveLocale, type Translator, translator } from "../i18n";
import type { ChartLocale } from "../lib/svg-chart";
import { etagOf } from "./etag";

export const SVG_CSP = "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'";

/**
 * `?lang=` of the chart routes, as for the RSS/Atom feeds: a chart embedded as an
 * `<img>` in another app's page gets that page's language whatever the browser says.
 */
export const ChartLang = z
  .string()
  .max(35)
  .refine(isAcceptableLocaleTag, "A BCP 47 tag of a supported language: en, de, fr or es (de-CH, fr-CA …)")
  .optional()
  .openapi({
    description:
      "Language of the chart's texts and number formats (en, de, fr, es, or a regional tag such as `de-CH`); " +
      "default: the account's `locale`, else `Accept-Language`. See docs/i18n.md.",
    example: "de",
  });

/**
 * The chart's language: `?lang=` first (an explicit choice for this URL), then the
 * signed-in account's `locale`, then `Accept-Language` (src/i18n `resolveLocale`, the
 * same order as emails). The series are UTC days, so the zone is UTC (see `chartText`).
 */
export function chartTranslator(c: Context, lang: string | undefined, account: { locale: string } | null): Translator {
  return translator(resolveLocale(lang ?? account?.locale, c.req.header("Accept-Language")), "UTC");
}

/** A chart's locale: `Intl` numbers (at most one decimal, as the English labels) and the empty sentence. */
export function chartLocale(t: Translator): ChartLocale {
  const numbers = new Intl.NumberFormat(t.formatLocale, { maximumFractionDigits: 1 });
  return { lang: t.locale, number: (n) => numbers.format(n), empty: t.t("chart.empty") };
}

/**
 * Sends `svg`, or `304` when the client already has these exact bytes. The texts are
 * in the negotiated language, so caches are told (`Vary: Accept-Language`) and the
 * response names it (`Content-Language`); the ETag is over the bytes, so it differs
 * per language too.
 */
export async function svgResponse(c: Context, svg: string, cacheControl: string, locale?: string): Promise<Response> {
  const etag = await etagOf(svg);
  const headers: Record<string, string> = {
    ETag: etag,
    "Cache-Control": cacheControl,
    Vary: "Authorization, Accept-Language",
  };
  if (locale) headers["Content-Language"] = locale;
  const inm = c.req.header("If-None-Match");
  if (inm?.split(",").some((t) => t.trim().replace(/^W\//, "") === etag)) {
    return c.body(null, 304, headers);
  }
  return c.body(svg, 200, {
    ...headers,
    "Content-Type": "image/svg+xml; charset=utf-8",
    "Content-Security-Policy": SVG_CSP,
  });
}

/** The OpenAPI response of a chart route: SVG, with the ETag/304 contract. */
export const svgResponses = {
  200: {
    description: "An accessible SVG chart (title, desc, values as text labels); `ETag` for `If-None-Match`",
    content: { "image/svg+xml": { schema: z.string() } },
  },
  304: { description: "Not modified: the `If-None-Match` ETag is current" },
};

/**
 * What a chart builder needs to write in the reader's language: messages, `Intl`
 * numbers, days and money. Days are the series' UTC days (`2026-12-03`), so they are
 * formatted in UTC whatever the reader's zone: the label names the bucket it counts.
 */
export interface ChartText {
  t: Translator["t"];
  n: (n: number) => string;
  /** An ISO day as a short axis label: en `Dec 3`, de `3. Dez.`. */
  day: (iso: string) => string;
  /** An ISO day in a sentence: en `Dec 3, 2026`, de `03.12.2026`. */
  date: (iso: string) => string;
  money: Translator["money"];
  locale: ChartLocale;
}

export function chartText(t: Translator): ChartText {
  const locale = chartLocale(t);
  const short = new Intl.DateTimeFormat(t.formatLocale, { day: "numeric", month: "short", timeZone: "UTC" });
  const medium = new Intl.DateTimeFormat(t.formatLocale, { dateStyle: "medium", timeZone: "UTC" });
  const asDay = (iso: string) => new Date(`${iso}T00:00:00.000Z`);
  const safe = (f: Intl.DateTimeFormat, iso: string) => {
    const d = asDay(iso);
    return Number.isNaN(d.getTime()) ? iso : f.format(d);
  };
  return {
    t: t.t,
    n: locale.number,
    day: (iso) => safe(short, iso),
    date: (iso) => safe(medium, iso),
    money: t.money,
    locale,
  };
}
