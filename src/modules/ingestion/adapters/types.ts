/**
 * The one interface every source adapter implements. An adapter knows its
 * source's URLs, headers, paging and payload shape; it never touches the
 * database or the network itself (the runner fetches, with the bounded fetcher,
 * and the pipeline writes). `parse` validates the payload with zod and throws
 * `FeedError` for anything it cannot read: the run fails and nothing is written.
 */
import { z } from "zod";
import { checkOutboundUrl } from "../../../lib/ssrf";
import type { IngestionKind } from "../../../platform/db/schema";

/** A posting as the source describes it, before normalisation. */
export interface RawPosting {
  /** The source's own id of the posting (unique per source). */
  externalId: string;
  title: string;
  /** The employer; null: the source's configured company (ATS boards are one company). */
  company: string | null;
  companyWebsite?: string | null;
  /** The posting's page at the source. */
  url: string | null;
  applyUrl: string | null;
  /**
   * The apply URL is a page many postings share (a career page whose JSON-LD
   * names no posting URL): it is not used as the posting's identity for URL dedup.
   */
  applyUrlShared?: boolean;
  /** HTML (sanitised into Markdown by the normaliser) or plain text. */
  description: string;
  descriptionIsHtml: boolean;
  /** Free-form location (`Berlin, Germany`, `Remote - US`). */
  location: string | null;
  /** Structured parts, when the source has them (JSON-LD, Ashby, USAJobs). */
  city?: string | null;
  region?: string | null;
  country?: string | null;
  remote?: boolean | null;
  /** The source's own coordinates of the place (USAJobs, JSON-LD `geo`), when it has them. */
  lat?: number | null;
  lng?: number | null;
  hybrid?: boolean | null;
  /** Employment type as the source words it (`Full-time`, `FullTime`, `CONTRACTOR`). */
  employmentType?: string | null;
  /** Seniority as the source words it, when it has a field for it. */
  level?: string | null;
  department?: string | null;
  /** The source's own category words (Adzuna `category.label`, USAJobs `JobCategory.Name`). */
  category?: string | null;
  salary?: {
    min: number | null;
    max: number | null;
    currency: string | null;
    /** As the source words it (`per-year-salary`, `1 YEAR`, `PA`, `hour`). */
    period: string | null;
  } | null;
  /** A salary sentence to parse when there is no structured salary (`$120k - $150k a year`). */
  salaryText?: string | null;
  postedAt?: number | null;
  /** The last day to apply, when the source says (JSON-LD `validThrough`): the job's application deadline. */
  validThrough?: number | null;
  /**
   * When the source last (re)published the posting (SmartRecruiters `releasedDate`): a stored posting last
   * seen after it is unchanged, so its detail need not be fetched again (`Adapter.detail`).
   */
  revisedAt?: number | null;
}

/** One HTTP request of a run. */
export interface PageRequest {
  url: string;
  headers?: Record<string, string>;
  /** 1-based page number (bounded by the runner). */
  page: number;
}

export interface ParsedPage {
  postings: RawPosting[];
  /** The next page, or null when this was the last. */
  next: PageRequest | null;
}

export interface AdapterContext<C, K> {
  config: C;
  credentials: K;
  /** `User-Agent` sent to sources (USAJobs requires a contact e-mail in it). */
  userAgent: string;
}

export interface Adapter<C = unknown, K = unknown> {
  kind: IngestionKind;
  /** What admins configure (strict: unknown fields are a 400). */
  config: z.ZodType<C>;
  /** The secret settings (API keys), or null when the source needs none. */
  credentials: z.ZodType<K> | null;
  /** The company a board belongs to, for postings that do not name one. */
  companyOf(config: C): { name: string; website: string | null } | null;
  firstPage(ctx: AdapterContext<C, K>): PageRequest;
  /**
   * Whether the first page's `ETag`/`Last-Modified` stand for the whole run (default true). False when
   * the pages are independent documents (several career pages): a 304 on the first says nothing of the rest.
   */
  conditional?(config: C): boolean;
  /** Parses one response body; throws FeedError when it is not what the source sends. */
  parse(body: string, request: PageRequest, ctx: AdapterContext<C, K>): ParsedPage | Promise<ParsedPage>;
  /**
   * Sources whose list lacks the full text (SmartRecruiters): one detail request per posting. The runner
   * asks only for postings that are new or revised since last seen (`revisedAt`), with bounded
   * concurrency and the fetcher's limits; `request` returns null when the list entry is complete.
   */
  detail?: {
    request(posting: RawPosting, ctx: AdapterContext<C, K>): PageRequest | null;
    /** The posting completed from the detail body; throws FeedError when the body is not what the source sends. */
    parse(body: string, posting: RawPosting, ctx: AdapterContext<C, K>): RawPosting;
  };
}

/** A payload the source should never have sent: retrying cannot fix it, the run fails. */
export class FeedError extends Error {
  override name = "FeedError";
  constructor(
    message: string,
    /** The HTTP status when the source answered one that is neither 200 nor retryable. */
    readonly status: number | null = null,
  ) {
    super(message);
  }
}

/** The source is temporarily unavailable (network, 5xx, 429): the queue retries with backoff. */
export class RetryableError extends Error {
  override name = "RetryableError";
  constructor(
    message: string,
    readonly retryAfterSeconds: number | null = null,
  ) {
    super(message);
  }
}

/**
 * A source URL from config (feeds, career pages). Local targets pass here (development
 * sources on 127.0.0.1); the fetcher applies the environment's rule on every run and
 * redirect hop, so in production such a source only ever fails its runs.
 */
export const sourceUrl = z
  .url()
  .max(2000)
  .refine((u) => checkOutboundUrl(u, { allowLocal: true }).ok, {
    message: "must be an http(s) URL of a public host, without credentials",
  });

/** JSON.parse that fails as a FeedError. */
export function parseJson(body: string): unknown {
  try {
    return JSON.parse(body);
  } catch {
    throw new FeedError("the response is not valid JSON");
  }
}

/** Validates a payload against the source's schema; the first problems become the FeedError's message. */
export function expectShape<T>(schema: z.ZodType<T>, value: unknown, what: string): T {
  const res = schema.safeParse(value);
  if (res.success) return res.data;
  const issues = res.error.issues
    .slice(0, 3)
    .map((i) => `${i.path.join(".") || "(root)"}: ${i.message}`)
    .join("; ");
  throw new FeedError(`unexpected ${what} payload (${issues})`);
}
