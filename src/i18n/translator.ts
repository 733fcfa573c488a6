/**
 * A translator: the messages of one locale plus `Intl` formatters for the
 * reader's locale and time zone. Messages are plain strings with `{name}`
 * placeholders; plurals are two keys, `<base>.one` and `<base>.other`, chosen
 * with `Intl.PluralRules` (French counts 0 as "one", English does not).
 * Formatters are created per translator, never at module scope.
 */
import { de } from "./de";
import { en } from "./en";
import { es } from "./es";
import { fr } from "./fr";
import { DEFAULT_LOCALE, type Locale, type Negotiated } from "./negotiate";
import type { Catalogue, MessageKey, PluralKey } from "./types";

export const CATALOGUES: Record<Locale, Catalogue> = { en, de, fr, es };

export type Vars = Record<string, string | number>;

export interface Translator {
  locale: Locale;
  formatLocale: string;
  timeZone: string;
  t(key: MessageKey, vars?: Vars): string;
  /** `<key>.one` or `<key>.other` for `count` (also available as `{count}`, formatted). */
  plural(key: PluralKey, count: number, vars?: Vars): string;
  number(n: number): string;
  /** Whole units of a currency: de-DE `85.000 €`, en `€85,000`; an unknown code falls back to `85000 XYZ`. */
  money(amount: number, currency: string): string;
  /** A day (`dateStyle: medium`) in the reader's time zone. */
  date(value: string | number | Date): string;
  /** A day and time with the zone's short name. */
  dateTime(value: string | number | Date): string;
  /**
   * A full wall-clock time in `timeZone` (default: the translator's), for emails
   * that name the zone next to it: en-GB "Tuesday 3 March 2026 at 14:00", de
   * "Dienstag, 3. März 2026 um 14:00". An unknown zone falls back to the translator's.
   */
  wallClock(value: string | number | Date, timeZone?: string | null): { text: string; zone: string };
}

/**
 * `wallClock` as a function, for producers that format before queueing (the
 * in-app text of reminders): the recipient's locale tag and zone, each falling
 * back safely (an unknown tag to English, an unknown zone to UTC).
 */
export function formatWallClock(
  formatLocale: string | null | undefined,
  value: string | number | Date,
  timeZone: string | null | undefined,
): { text: string; zone: string } {
  const zone = safeTimeZone(timeZone);
  const tag = safeFormatLocale(formatLocale ?? DEFAULT_LOCALE, DEFAULT_LOCALE);
  const text = new Intl.DateTimeFormat(tag, { dateStyle: "full", timeStyle: "short", timeZone: zone }).format(
    new Date(value),
  );
  return { text, zone };
}

/** Fills `{name}` placeholders; an unknown one stays visible rather than vanishing. */
export function interpolate(message: string, vars: Vars = {}): string {
  return message.replace(/\{(\w+)\}/g, (whole, name: string) =>
    Object.hasOwn(vars, name) ? String(vars[name]) : whole,
  );
}

function safeTimeZone(tz: string | null | undefined): string {
  if (!tz) return "UTC";
  try {
    new Intl.DateTimeFormat("en", { timeZone: tz });
    return tz;
  } catch {
    return "UTC";
  }
}

function safeFormatLocale(tag: string, fallback: string): string {
  try {
    return Intl.getCanonicalLocales(tag)[0] ?? fallback;
  } catch {
    return fallback;
  }
}

export function translator(
  negotiated: Partial<Negotiated> & { locale?: Locale } = {},
  timeZone?: string | null,
): Translator {
  const locale = negotiated.locale ?? DEFAULT_LOCALE;
  const formatLocale = safeFormatLocale(negotiated.formatLocale ?? locale, locale);
  const zone = safeTimeZone(timeZone);
  const messages = CATALOGUES[locale];
  const numbers = new Intl.NumberFormat(formatLocale);
  const plurals = new Intl.PluralRules(formatLocale);
  const days = new Intl.DateTimeFormat(formatLocale, { dateStyle: "medium", timeZone: zone });
  const times = new Intl.DateTimeFormat(formatLocale, {
    dateStyle: "medium",
    timeStyle: "short",
    timeZone: zone,
  });
  const t = (key: MessageKey, vars?: Vars) => interpolate(messages[key] ?? en[key], vars);
  const number = (n: number) => numbers.format(n);
  return {
    locale,
    formatLocale,
    timeZone: zone,
    t,
    plural: (key, count, vars = {}) => {
      const form = plurals.select(count) === "one" ? "one" : "other";
      return t(`${key}.${form}` as MessageKey, { count: number(count), ...vars });
    },
    number,
    money: (amount, currency) => {
      try {
        return new Intl.NumberFormat(formatLocale, { style: "currency", currency, maximumFractionDigits: 0 }).format(
          amount,
        );
      } catch {
        return `${number(amount)} ${currency}`;
      }
    },
    date: (value) => days.format(new Date(value)),
    dateTime: (value) => times.format(new Date(value)),
    wallClock: (value, tz) => formatWallClock(formatLocale, value, tz && safeTimeZone(tz) === tz ? tz : zone),
  };
}
