/**
 * Adzuna job search (key required, https://developer.adzuna.com):
 * `GET https://api.adzuna.com/v1/api/jobs/{country}/search/{page}?app_id=…&app_key=…&results_per_page=50&max_days_old=…`,
 * newest first, paged by the page number in the path until `count` is reached or `max_pages`.
 * A search is a window, not a board: postings that age out of `max_days_old` (or fall past
 * `max_pages`) stop appearing and expire after two runs like any vanished posting.
 * The key travels in the query string (Adzuna accepts nothing else); the fetcher never puts a URL
 * into an error, so it cannot reach a run record or a log.
 */
import { z } from "zod";
import { type Adapter, expectShape, parseJson } from "./types";

export const ADZUNA_PAGE_SIZE = 50;

/** Adzuna's countries and the currency its salaries are quoted in there. */
const CURRENCIES = {
  at: "EUR",
  au: "AUD",
  be: "EUR",
  br: "BRL",
  ca: "CAD",
  ch: "CHF",
  de: "EUR",
  es: "EUR",
  fr: "EUR",
  gb: "GBP",
  in: "INR",
  it: "EUR",
  mx: "MXN",
  nl: "EUR",
  nz: "NZD",
  pl: "PLN",
  sg: "SGD",
  us: "USD",
  za: "ZAR",
} as const;
type Country = keyof typeof CURRENCIES;
const COUNTRIES = Object.keys(CURRENCIES) as [Country, ...Country[]];

const Config = z
  .object({
    country: z.enum(COUNTRIES),
    /** Keywords (`what`), a place (`where`) and a category tag (`it-jobs`), all optional. */
    what: z.string().trim().min(1).max(200).optional(),
    where: z.string().trim().min(1).max(200).optional(),
    category: z
      .string()
      .regex(/^[a-z0-9-]{1,100}$/)
      .optional(),
    max_days_old: z.number().int().min(1).max(90).default(30),
    max_pages: z.number().int().min(1).max(40).default(10),
  })
  .strict();

const Credentials = z
  .object({ app_id: z.string().trim().min(1).max(100), app_key: z.string().trim().min(1).max(200) })
  .strict();

const Job = z.object({
  id: z.union([z.string().min(1).max(100), z.number().int()]),
  title: z.string().min(1).max(500),
  description: z.string().max(100_000).nullish(),
  redirect_url: z.string().max(2000).nullish(),
  created: z.string().nullish(),
  company: z.object({ display_name: z.string().max(200).nullish() }).nullish(),
  location: z
    .object({ display_name: z.string().max(500).nullish(), area: z.array(z.string().max(200)).nullish() })
    .nullish(),
  salary_min: z.number().nullish(),
  salary_max: z.number().nullish(),
  // `"0"`/`"1"` in the live API; tolerated as a number or boolean too.
  salary_is_predicted: z.union([z.string().max(5), z.number(), z.boolean()]).nullish(),
  contract_type: z.string().max(50).nullish(),
  contract_time: z.string().max(50).nullish(),
  category: z.object({ label: z.string().max(200).nullish(), tag: z.string().max(100).nullish() }).nullish(),
});
const Payload = z.object({ count: z.number().int().min(0), results: z.array(Job) });

type AdzunaConfig = z.infer<typeof Config>;
type AdzunaCredentials = z.infer<typeof Credentials>;

function pageUrl(config: AdzunaConfig, credentials: AdzunaCredentials, page: number): string {
  const q = new URLSearchParams({
    app_id: credentials.app_id,
    app_key: credentials.app_key,
    results_per_page: String(ADZUNA_PAGE_SIZE),
    max_days_old: String(config.max_days_old),
    sort_by: "date",
    "content-type": "application/json",
  });
  if (config.what) q.set("what", config.what);
  if (config.where) q.set("where", config.where);
  if (config.category) q.set("category", config.category);
  return `https://api.adzuna.com/v1/api/jobs/${config.country}/search/${page}?${q}`;
}

const predicted = (v: string | number | boolean | null | undefined) => v === true || v === 1 || v === "1";
/** Adzuna highlights search terms in titles with `<strong>`. */
const stripTags = (s: string) => s.replace(/<[^>]*>/g, "").trim();

export const adzuna: Adapter<AdzunaConfig, AdzunaCredentials> = {
  kind: "adzuna",
  config: Config,
  credentials: Credentials,
  // An aggregator: every posting names its employer.
  companyOf: () => null,
  firstPage: ({ config, credentials }) => ({ url: pageUrl(config, credentials, 1), page: 1 }),
  parse(body, request, { config, credentials }) {
    const data = expectShape(Payload, parseJson(body), "Adzuna");
    const more =
      data.results.length === ADZUNA_PAGE_SIZE &&
      request.page * ADZUNA_PAGE_SIZE < data.count &&
      request.page < config.max_pages;
    const currency = CURRENCIES[config.country];
    return {
      next: more ? { url: pageUrl(config, credentials, request.page + 1), page: request.page + 1 } : null,
      postings: data.results.map((j) => {
        const area = j.location?.area ?? [];
        const stated = !predicted(j.salary_is_predicted) && (j.salary_min != null || j.salary_max != null);
        return {
          externalId: String(j.id),
          title: stripTags(j.title) || j.title,
          company: j.company?.display_name ?? null,
          url: j.redirect_url ?? null,
          applyUrl: j.redirect_url ?? null,
          description: j.description ?? "",
          descriptionIsHtml: true,
          location: j.location?.display_name ?? null,
          // `area` runs from the country down: ["UK", "London", "Central London"].
          city: area.length >= 3 ? (area[area.length - 1] ?? null) : null,
          region: area[1] ?? null,
          country: config.country.toUpperCase(),
          employmentType: [j.contract_time, j.contract_type].filter(Boolean).join(" ").replace(/_/g, " ") || null,
          // A predicted salary is Adzuna's estimate, not the employer's offer: not imported as one.
          salary: stated ? { min: j.salary_min ?? null, max: j.salary_max ?? null, currency, period: "year" } : null,
          category: j.category?.label ?? j.category?.tag ?? null,
          postedAt: Date.parse(j.created ?? "") || null,
        };
      }),
    };
  },
};
