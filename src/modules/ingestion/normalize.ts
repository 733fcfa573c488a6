/**
 * A source's posting → the fields of an imported job: cleaned title, parsed
 * location with remote/hybrid detection, job type and level from the source's
 * words or the title, salary into min/max/currency/period (yearly figures are
 * derived when the job is written), sanitised description, and the canonical
 * URL exact deduplication compares, and the category (`categories.ts`).
 * Coordinates are filled by the pipeline, which geocodes a whole run's
 * places in one lookup (`geocodePlaces`, the geo module).
 */
import type { ImportedJobInput } from "../jobs";
import type { RawPosting } from "./adapters/types";
import { categorySlugOf } from "./categories";
import { htmlToMarkdown, textToMarkdown } from "./html";

export type NormalizedPosting = Omit<ImportedJobInput, "companyId" | "categoryId" | "importSource" | "skills"> & {
  externalId: string;
  company: string | null;
  companyWebsite: string | null;
  sourceUrl: string | null;
  canonicalUrl: string | null;
  department: string | null;
  /** Our category's slug (`backend`), from the source's category words and the title; the pipeline resolves the id. */
  categorySlug: string | null;
  hybrid: boolean;
};

const MAX_TITLE = 200;

/** `  Senior Engineer (m/w/d) – Remote!! ` → `Senior Engineer`. */
export function cleanTitle(raw: string): string {
  const t = raw
    .normalize("NFKC")
    .replace(/\p{Cc}/gu, " ")
    .replace(/\((?:[mfwdxh]\s*[/|,]\s*){1,3}[mfwdxh]\)|\b(?:[mfwdx]\/){2}[mfwdx]\b|\(all genders?\)/gi, " ")
    .replace(/\s*[-–—|:]\s*(?:100\s*%\s*)?(?:remote|hybrid|on-?site)(?:\s*\([^)]*\))?\s*$/i, " ")
    .replace(/\s*\((?:remote|hybrid|on-?site)[^)]*\)/gi, " ")
    .replace(/[!*]{2,}|[\u{1F300}-\u{1FAFF}\u{2600}-\u{27BF}]/gu, " ")
    .replace(/\s+/g, " ")
    .replace(/[\s,;:|–—-]+$/, "")
    .trim();
  return (t || raw.trim()).slice(0, MAX_TITLE);
}

const COUNTRY_CODES: Record<string, string> = {
  "united states": "US",
  "united states of america": "US",
  usa: "US",
  us: "US",
  "united kingdom": "GB",
  uk: "GB",
  "great britain": "GB",
  england: "GB",
  germany: "DE",
  deutschland: "DE",
  france: "FR",
  spain: "ES",
  portugal: "PT",
  italy: "IT",
  netherlands: "NL",
  "the netherlands": "NL",
  ireland: "IE",
  poland: "PL",
  austria: "AT",
  switzerland: "CH",
  belgium: "BE",
  sweden: "SE",
  denmark: "DK",
  norway: "NO",
  finland: "FI",
  canada: "CA",
  mexico: "MX",
  brazil: "BR",
  india: "IN",
  japan: "JP",
  singapore: "SG",
  australia: "AU",
  "new zealand": "NZ",
  israel: "IL",
  "czech republic": "CZ",
  czechia: "CZ",
  romania: "RO",
  greece: "GR",
  hungary: "HU",
  estonia: "EE",
  lithuania: "LT",
  latvia: "LV",
  ukraine: "UA",
  turkey: "TR",
  "south africa": "ZA",
  argentina: "AR",
  colombia: "CO",
  chile: "CL",
};
const ISO2 = new Set(Object.values(COUNTRY_CODES));
const US_STATES = new Set(
  "AL AK AZ AR CA CO CT DE FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV NH NJ NM NY NC ND OH OK OR PA RI SC SD TN TX UT VT VA WA WV WI WY DC".split(
    " ",
  ),
);

/** A country name or code as its ISO 3166 alpha-2 code, when recognised; otherwise null. */
export function countryCode(raw: string | null | undefined): string | null {
  if (!raw) return null;
  const t = raw.trim();
  if (/^[A-Z]{2}$/.test(t) && (ISO2.has(t) || t === "US")) return t;
  return COUNTRY_CODES[t.toLowerCase().replace(/\./g, "")] ?? null;
}

const REMOTE_RE = /\b(remote|anywhere|work from home|wfh|telecommute|distributed)\b/i;
const HYBRID_RE = /\bhybrid\b/i;

interface Location {
  city: string | null;
  region: string | null;
  country: string | null;
  isRemote: boolean;
  hybrid: boolean;
}

/** `Berlin, Germany` · `San Francisco, CA` · `Remote - US` · `London or Remote (UK)` → parts and flags. */
export function parseLocation(
  raw: string | null,
  hints: Pick<RawPosting, "city" | "region" | "country" | "remote" | "hybrid">,
): Location {
  const text = (raw ?? "").replace(/\s+/g, " ").trim();
  const isRemote = hints.remote === true || REMOTE_RE.test(text);
  const hybrid = hints.hybrid === true || HYBRID_RE.test(text);
  let city = hints.city?.trim() || null;
  let region = hints.region?.trim() || null;
  let country = countryCode(hints.country) ?? (hints.country?.trim() || null);
  if (!city && text) {
    // The first place named, without remote/hybrid words and brackets.
    const first = text.split(/\s*(?:;|\/|\bor\b|\|)\s*/i)[0] ?? "";
    const place = first
      .replace(/\([^)]*\)/g, " ")
      .replace(/\b(remote|hybrid|on-?site|anywhere|work from home)\b/gi, " ")
      .replace(/^[\s,–—-]+|[\s,–—-]+$/g, "")
      .replace(/\s*[–—-]\s*/g, ", ");
    const parts = place
      .split(",")
      .map((p) => p.trim())
      .filter(Boolean);
    const last = parts[parts.length - 1];
    // `San Francisco, CA` is California, not Canada: a two-letter US state code wins over a
    // country code, except `DE` (Germany in job feeds far more often than Delaware).
    const usState = last !== undefined && /^[A-Z]{2}$/.test(last) && US_STATES.has(last) && last !== "DE";
    const lastCountry = usState ? null : countryCode(last);
    if (parts.length === 1 && lastCountry) country ??= lastCountry;
    else if (parts.length >= 2) {
      city = parts[0] ?? null;
      if (lastCountry) {
        country ??= lastCountry;
        if (parts.length >= 3) region = region ?? parts[1] ?? null;
      } else if (last && US_STATES.has(last.toUpperCase())) {
        region = region ?? last.toUpperCase();
        country ??= "US";
      } else {
        region = region ?? last ?? null;
      }
    } else if (parts.length === 1) city = parts[0] ?? null;
    // A remote posting naming only a region (`Remote - EMEA`) has no city.
    if (isRemote && city && /^(emea|apac|americas|europe|eu|worldwide|global|latam|north america)$/i.test(city))
      city = null;
  }
  const cut = (s: string | null) => (s ? s.slice(0, 100) : null);
  return { city: cut(city), region: cut(region), country: cut(country), isRemote, hybrid };
}

type JobType = ImportedJobInput["jobType"];
type Level = ImportedJobInput["experienceLevel"];

/** The source's employment type words (`Full-time`, `FullTime`, `CONTRACTOR`, `Werkstudent`) → ours. */
export function jobTypeOf(raw: string | null | undefined, title: string): JobType {
  const t = `${raw ?? ""} ${title}`.toLowerCase();
  if (/intern|praktik|trainee|werkstudent|apprentice/.test(t)) return "internship";
  if (/freelanc/.test(t)) return "freelance";
  if (/contract|contractor|1099|\bc2c\b/.test(t)) return "contract";
  if (/temp(orary)?\b|seasonal|fixed[- ]term|befristet/.test(t)) return "temporary";
  if (/part[-_ ]?time|teilzeit|\bpt\b/.test(t)) return "part_time";
  return "full_time";
}

/** Seniority from the source's level field or the title (`Staff`, `Jr.`, `Head of`). */
export function levelOf(raw: string | null | undefined, title: string): Level {
  const t = `${raw ?? ""} ${title}`.toLowerCase();
  if (/\b(chief|vp|vice president|director|head of|cto|ceo|cfo)\b/.test(t)) return "executive";
  if (/\b(lead|principal|staff|manager|architect)\b/.test(t)) return "lead";
  if (/\b(senior|sr\.?|expert)\b/.test(t)) return "senior";
  if (/\b(junior|jr\.?|entry|graduate|intern|trainee|associate)\b/.test(t)) return "entry";
  return "mid";
}

type Period = "hour" | "day" | "week" | "month" | "year";

/** `per-year-salary`, `1 YEAR`, `PA`, `Per Hour`, `monthly` → ours; null when unknown. */
export function periodOf(raw: string | null | undefined): Period | null {
  const t = (raw ?? "").toLowerCase();
  if (/hour|\bhr\b|\bph\b/.test(t)) return "hour";
  if (/day|daily|\bpd\b/.test(t)) return "day";
  if (/week/.test(t)) return "week";
  if (/month|\bpm\b/.test(t)) return "month";
  if (/year|annual|annum|\bpa\b|\byr\b/.test(t)) return "year";
  return null;
}

const SYMBOLS: Record<string, string> = { $: "USD", "€": "EUR", "£": "GBP", "¥": "JPY", "₹": "INR", CHF: "CHF" };

/** `$120k – $150k a year`, `€70K - €90K`, `45,000 - 55,000 GBP per annum`, `$40/hr` → a salary; null when there is none. */
export function parseSalaryText(text: string | null | undefined): ImportedJobInput["salary"] {
  if (!text) return null;
  const t = text.replace(/\u00a0/g, " ");
  const amounts = [...t.matchAll(/(\d{1,3}(?:[,.' ]\d{3})+|\d+(?:\.\d+)?)\s*([kK])?/g)]
    .map((m) => {
      const n = Number((m[1] ?? "").replace(/[,.' ](?=\d{3}\b)/g, ""));
      return m[2] ? n * 1000 : n;
    })
    .filter((n) => Number.isFinite(n) && n > 0);
  if (amounts.length === 0) return null;
  const code = /\b(USD|EUR|GBP|CAD|AUD|CHF|INR|JPY|SEK|NOK|DKK|PLN|NZD|SGD)\b/i.exec(t)?.[1]?.toUpperCase();
  const symbol = /[$€£¥₹]/.exec(t)?.[0];
  const currency = code ?? (symbol ? SYMBOLS[symbol] : undefined);
  if (!currency) return null;
  const [a = 0, b] = amounts;
  const min = Math.min(a, b ?? a);
  const max = Math.max(a, b ?? a);
  // Without a stated period, small amounts are hourly and large ones yearly.
  const period = periodOf(t) ?? (max < 500 ? "hour" : max < 20_000 ? "month" : "year");
  return checkedSalary(min, max, currency, period);
}

/** A structured salary, or null when it is not plausible (negative, min above max, absurd amounts). */
export function checkedSalary(
  min: number | null,
  max: number | null,
  currency: string | null,
  period: Period | null,
): ImportedJobInput["salary"] {
  if (!currency || !/^[A-Za-z]{3}$/.test(currency) || !period) return null;
  const ok = (n: number | null) => n === null || (Number.isFinite(n) && n > 0 && n < 100_000_000);
  if (!ok(min) || !ok(max) || (min === null && max === null)) return null;
  if (min !== null && max !== null && min > max) return null;
  return {
    min: min === null ? null : Math.round(min),
    max: max === null ? null : Math.round(max),
    currency: currency.toUpperCase(),
    period,
  };
}

/**
 * The URL exact deduplication compares: https, lower-case host without `www.`,
 * no query tracking parameters, fragment or trailing slash. Null when absent or not http(s).
 */
export function canonicalUrl(raw: string | null | undefined): string | null {
  if (!raw) return null;
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    return null;
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") return null;
  url.protocol = "https:";
  url.hostname = url.hostname.toLowerCase().replace(/^www\./, "");
  url.hash = "";
  for (const key of [...url.searchParams.keys()]) {
    if (/^(utm_|gh_src|lever-|source$|ref$|src$|gclid|fbclid)/i.test(key)) url.searchParams.delete(key);
  }
  url.searchParams.sort();
  const out = url.toString().replace(/\/(?=$|\?)/, "");
  return out.length > 2000 ? null : out;
}

const safeUrl = (raw: string | null | undefined): string | null => {
  if (!raw) return null;
  try {
    const u = new URL(raw.trim());
    return (u.protocol === "https:" || u.protocol === "http:") && u.href.length <= 2000 ? u.href : null;
  } catch {
    return null;
  }
};

const SALARY_IN_TEXT =
  /[$€£]\s?\d[\d,.]*\s?[kK]?(?:\s*(?:-|–|—|to)\s*[$€£]?\s?\d[\d,.]*\s?[kK]?)?(?:\s*(?:a|an|per|\/)\s*(?:year|yr|annum|hour|hr|month|week|day))?/;

/** A salary quoted in the description (`… $120k – $150k a year …`), when the source has no salary field. */
export function salaryInText(text: string): string | null {
  return SALARY_IN_TEXT.exec(text)?.[0] ?? null;
}

/** The source's coordinates when both are plausible (not `0, 0`, within range); else nulls. */
export function coordinates(lat: number | null | undefined, lng: number | null | undefined) {
  const ok =
    typeof lat === "number" &&
    typeof lng === "number" &&
    Number.isFinite(lat) &&
    Number.isFinite(lng) &&
    Math.abs(lat) <= 90 &&
    Math.abs(lng) <= 180 &&
    !(lat === 0 && lng === 0);
  return ok ? { lat, lng } : { lat: null, lng: null };
}

/** The whole normalisation of one posting (pure; throws nothing). */
export function normalizePosting(raw: RawPosting, now: number): NormalizedPosting {
  const title = cleanTitle(raw.title);
  const loc = parseLocation(raw.location, raw);
  const structured = raw.salary
    ? checkedSalary(raw.salary.min, raw.salary.max, raw.salary.currency, periodOf(raw.salary.period))
    : null;
  const description = raw.descriptionIsHtml ? htmlToMarkdown(raw.description) : textToMarkdown(raw.description);
  const postedAt = raw.postedAt && Number.isFinite(raw.postedAt) && raw.postedAt <= now ? raw.postedAt : null;
  return {
    externalId: raw.externalId.slice(0, 200),
    company: raw.company?.trim().slice(0, 200) || null,
    companyWebsite: safeUrl(raw.companyWebsite),
    title,
    description: description || title,
    city: loc.city,
    region: loc.region,
    country: loc.country,
    ...coordinates(raw.lat, raw.lng),
    isRemote: loc.isRemote,
    hybrid: loc.hybrid,
    jobType: jobTypeOf(raw.employmentType, raw.title),
    experienceLevel: levelOf(raw.level, raw.title),
    salary: structured ?? parseSalaryText(raw.salaryText) ?? parseSalaryText(salaryInText(description)),
    applyUrl: safeUrl(raw.applyUrl) ?? safeUrl(raw.url),
    sourceUrl: safeUrl(raw.url),
    canonicalUrl: canonicalUrl(raw.url ?? (raw.applyUrlShared ? null : raw.applyUrl)),
    department: raw.department?.slice(0, 200) ?? null,
    categorySlug: categorySlugOf({ texts: [raw.category, raw.department], title }),
    postedAt,
    applicationDeadline: raw.validThrough && Number.isFinite(raw.validThrough) ? raw.validThrough : null,
  };
}
