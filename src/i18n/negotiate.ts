/**
 * Which catalogue a reader gets: the account's `locale` when it names a
 * supported language, else the best `Accept-Language` match (RFC 9110 §12.5.4
 * q-values, RFC 4647 "lookup": `de-CH` falls back to `de`), else English.
 *
 * Two results: `locale` picks the messages (one catalogue per language) and is
 * what `Content-Language` says; `formatLocale` is the reader's full tag, used
 * for `Intl` (a `de-CH` reader gets Swiss number grouping with German words).
 */

export const SUPPORTED_LOCALES = ["en", "de", "fr", "es"] as const;
export type Locale = (typeof SUPPORTED_LOCALES)[number];
export const DEFAULT_LOCALE: Locale = "en";

export interface Negotiated {
  locale: Locale;
  formatLocale: string;
}

const TAG = /^[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*$/;
/** A header this long is no browser's; ignore the rest rather than parse it. */
const MAX_HEADER = 1024;
const MAX_RANGES = 32;

export function isSupportedLocale(value: string): value is Locale {
  return (SUPPORTED_LOCALES as readonly string[]).includes(value);
}

/** The canonical form of a BCP 47 tag (`en-gb` → `en-GB`), or null when `Intl` rejects it. */
export function canonicalTag(tag: string): string | null {
  if (!TAG.test(tag)) return null;
  try {
    return Intl.getCanonicalLocales(tag)[0] ?? null;
  } catch {
    return null;
  }
}

/** The supported language of a tag (`fr-CA` → `fr`), or null. */
export function languageOf(tag: string): Locale | null {
  const canonical = canonicalTag(tag);
  if (!canonical) return null;
  const lang = canonical.split("-")[0]?.toLowerCase() ?? "";
  return isSupportedLocale(lang) ? lang : null;
}

/** True for a valid BCP 47 tag whose language we have a catalogue for (the account setting accepts only these). */
export function isAcceptableLocaleTag(tag: string): boolean {
  return languageOf(tag) !== null;
}

/** The ranges of an `Accept-Language` header, best first (equal q keep header order); q=0 and junk are dropped. */
export function parseAcceptLanguage(header: string | null | undefined): { range: string; q: number }[] {
  if (!header) return [];
  const out: { range: string; q: number; i: number }[] = [];
  header
    .slice(0, MAX_HEADER)
    .split(",")
    .slice(0, MAX_RANGES)
    .forEach((item, i) => {
      const [rawRange = "", ...params] = item.trim().split(";");
      const range = rawRange.trim();
      if (range !== "*" && !TAG.test(range)) return;
      let q = 1;
      for (const p of params) {
        const m = /^\s*q\s*=\s*(0(\.\d{0,3})?|1(\.0{0,3})?)\s*$/i.exec(p);
        if (m) q = Number(m[1]);
        else if (/^\s*q\s*=/i.test(p)) q = Number.NaN; // a malformed weight makes the range unusable
      }
      if (!(q > 0)) return;
      out.push({ range, q, i });
    });
  return out.sort((a, b) => b.q - a.q || a.i - b.i).map(({ range, q }) => ({ range, q }));
}

/** The best supported locale for an `Accept-Language` header. */
export function negotiateLocale(header: string | null | undefined): Negotiated {
  for (const { range } of parseAcceptLanguage(header)) {
    if (range === "*") return { locale: DEFAULT_LOCALE, formatLocale: DEFAULT_LOCALE };
    const locale = languageOf(range);
    if (locale) return { locale, formatLocale: canonicalTag(range) ?? locale };
  }
  return { locale: DEFAULT_LOCALE, formatLocale: DEFAULT_LOCALE };
}

/** The account's own setting wins when it names a supported language; otherwise the request decides. */
export function resolveLocale(userLocale: string | null | undefined, acceptLanguage?: string | null): Negotiated {
  if (userLocale) {
    const locale = languageOf(userLocale);
    if (locale) return { locale, formatLocale: canonicalTag(userLocale) ?? locale };
  }
  return negotiateLocale(acceptLanguage);
}
