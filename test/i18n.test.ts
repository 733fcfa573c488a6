import { describe, expect, it } from "vitest";
import {
  CATALOGUES,
  isAcceptableLocaleTag,
  negotiateLocale,
  parseAcceptLanguage,
  resolveLocale,
  SUPPORTED_LOCALES,
  translator,
} from "../src/i18n";
import { en } from "../src/i18n/en";

const placeholders = (message: string) => [...message.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe("catalogues", () => {
  const keys = Object.keys(en).sort();

  it.each(SUPPORTED_LOCALES)("%s has exactly the English keys", (locale) => {
    expect(Object.keys(CATALOGUES[locale]).sort()).toEqual(keys);
  });

  it.each(SUPPORTED_LOCALES)("%s uses the same placeholders as English in every message", (locale) => {
    const catalogue = CATALOGUES[locale];
    const mismatched = keys.filter(
      (k) => placeholders(catalogue[k as keyof typeof en]).join() !== placeholders(en[k as keyof typeof en]).join(),
    );
    expect(mismatched).toEqual([]);
  });

  it.each(SUPPORTED_LOCALES)("%s has no empty message", (locale) => {
    expect(Object.entries(CATALOGUES[locale]).filter(([, v]) => v.trim() === "")).toEqual([]);
  });

  it("every plural has both forms", () => {
    const ones = keys.filter((k) => k.endsWith(".one")).map((k) => k.slice(0, -4));
    const others = keys.filter((k) => k.endsWith(".other")).map((k) => k.slice(0, -6));
    expect(ones).toEqual(others);
    expect(ones.length).toBeGreaterThan(0);
  });

  it("the German catalogue is really German (not a copy of English)", () => {
    const same = keys.filter((k) => CATALOGUES.de[k as keyof typeof en] === en[k as keyof typeof en]);
    // Some words are the same in both (Jobs, Sitemap, Status, Remote): a small share at most.
    expect(same.length / keys.length).toBeLessThan(0.1);
  });
});

describe("Accept-Language negotiation", () => {
  it("orders ranges by q, keeping header order for equal weights", () => {
    expect(parseAcceptLanguage("fr;q=0.5, de-CH, en;q=0.8, es;q=0.8")).toEqual([
      { range: "de-CH", q: 1 },
      { range: "en", q: 0.8 },
      { range: "es", q: 0.8 },
      { range: "fr", q: 0.5 },
    ]);
  });

  it("drops q=0, malformed weights and junk ranges", () => {
    expect(parseAcceptLanguage("de;q=0, fr;q=abc, <script>, es;q=1.5, en;q=0.1")).toEqual([{ range: "en", q: 0.1 }]);
  });

  it("picks the best supported language, falling back from a region to its language", () => {
    expect(negotiateLocale("de-CH, de;q=0.9, en;q=0.8")).toEqual({ locale: "de", formatLocale: "de-CH" });
    expect(negotiateLocale("pt-BR, fr;q=0.7, en;q=0.5")).toEqual({ locale: "fr", formatLocale: "fr" });
    expect(negotiateLocale("es-mx")).toEqual({ locale: "es", formatLocale: "es-MX" });
    // A lower-weighted supported language beats nothing, but not a higher one listed later.
    expect(negotiateLocale("en;q=0.2, de;q=0.9")).toEqual({ locale: "de", formatLocale: "de" });
  });

  it("defaults to English: no header, nothing supported, or a wildcard first", () => {
    expect(negotiateLocale(undefined).locale).toBe("en");
    expect(negotiateLocale("").locale).toBe("en");
    expect(negotiateLocale("ja, zh-CN;q=0.8").locale).toBe("en");
    expect(negotiateLocale("*, de;q=0.5").locale).toBe("en");
  });

  it("the account's locale wins over the header when it is supported", () => {
    expect(resolveLocale("fr-CA", "de")).toEqual({ locale: "fr", formatLocale: "fr-CA" });
    expect(resolveLocale("ja", "es")).toEqual({ locale: "es", formatLocale: "es" });
    expect(resolveLocale(null, null)).toEqual({ locale: "en", formatLocale: "en" });
  });

  it("accepts as account setting only valid BCP 47 tags of a supported language", () => {
    expect(isAcceptableLocaleTag("de-AT")).toBe(true);
    expect(isAcceptableLocaleTag("en")).toBe(true);
    expect(isAcceptableLocaleTag("pt-BR")).toBe(false);
    expect(isAcceptableLocaleTag("de_DE")).toBe(false);
    expect(isAcceptableLocaleTag("e")).toBe(false);
  });
});

describe("formatting with Intl", () => {
  const nbsp = (s: string) => s.replace(/[\u00a0\u202f]/g, " ");

  it("formats salaries per locale", () => {
    expect(nbsp(translator({ locale: "de", formatLocale: "de-DE" }).money(85_000, "EUR"))).toBe("85.000 €");
    expect(translator({ locale: "en", formatLocale: "en-US" }).money(85_000, "USD")).toBe("$85,000");
    expect(nbsp(translator({ locale: "fr", formatLocale: "fr-FR" }).money(85_000, "EUR"))).toBe("85 000 €");
    expect(nbsp(translator({ locale: "es", formatLocale: "es-ES" }).money(85_000, "EUR"))).toBe("85.000 €");
    // An unknown currency code still shows the amount.
    expect(translator({ locale: "en" }).money(5, "XX")).toBe("5 XX");
  });

  it("formats numbers and dates in the reader's locale and time zone", () => {
    expect(translator({ locale: "de" }).number(1234567)).toBe("1.234.567");
    expect(translator({ locale: "en" }).number(1234567)).toBe("1,234,567");
    const late = "2026-03-01T23:30:00Z";
    expect(translator({ locale: "de" }, "UTC").date(late)).toBe("01.03.2026");
    // Half past midnight the next day in Berlin.
    expect(translator({ locale: "de" }, "Europe/Berlin").date(late)).toBe("02.03.2026");
    expect(translator({ locale: "en", formatLocale: "en-US" }, "America/New_York").date(late)).toBe("Mar 1, 2026");
    expect(translator({ locale: "fr" }, "Europe/Paris").dateTime(late)).toMatch(/^2 mars 2026.*00:30/);
    // A bad zone falls back to UTC instead of throwing.
    expect(translator({ locale: "en" }, "Mars/Olympus").timeZone).toBe("UTC");
  });

  it("chooses plural forms by the locale's rules", () => {
    expect(translator({ locale: "en" }).plural("search.results", 0)).toBe("0 jobs");
    expect(translator({ locale: "en" }).plural("search.results", 1)).toBe("1 job");
    // French counts zero as singular.
    expect(translator({ locale: "fr" }).plural("search.results", 0)).toBe("0 offre");
    expect(translator({ locale: "de" }).plural("search.results", 1200)).toBe("1.200 Jobs");
  });

  it("fills placeholders and leaves unknown ones visible", () => {
    const t = translator({ locale: "es" });
    expect(t.t("job.title", { title: "Dev", company: "Acme" })).toBe("Dev en Acme");
    expect(t.t("job.title", { title: "Dev" })).toBe("Dev en {company}");
  });
});
