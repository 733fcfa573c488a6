/**
 * The only way ingestion reaches the network: one GET with a timeout, a size
 * cap enforced while the body streams in, the SSRF rules of outgoing webhooks
 * (src/lib/ssrf.ts, checked again on every redirect hop, at most three), and
 * conditional requests (`If-None-Match`/`If-Modified-Since`). Network failures,
 * 5xx and 429 are `RetryableError` (the queue retries with backoff); other
 * statuses and oversized or refused responses are `FeedError` (the run fails).
 */
import { checkOutboundUrl } from "../../lib/ssrf";
import { FeedError, RetryableError } from "./adapters/types";

export const MAX_RESPONSE_BYTES = 5 * 1024 * 1024;
export const REQUEST_TIMEOUT_MS = 20_000;
const MAX_REDIRECTS = 3;

export interface FetchOptions {
  headers?: Record<string, string>;
  etag?: string | null;
  lastModified?: string | null;
  allowLocal: boolean;
  maxBytes?: number;
  timeoutMs?: number;
}

export type FetchResult =
  | { status: "not_modified" }
  | { status: "ok"; body: string; etag: string | null; lastModified: string | null };

/** Reads at most `max` bytes of a body; a longer one fails without reading the rest. */
async function readCapped(res: Response, max: number): Promise<string> {
  const declared = Number(res.headers.get("content-length") ?? "");
  if (Number.isFinite(declared) && declared > max) {
    await res.body?.cancel();
    throw new FeedError(`the response is larger than ${max} bytes`);
  }
  if (!res.body) return "";
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > max) {
      await reader.cancel();
      throw new FeedError(`the response is larger than ${max} bytes`);
    }
    chunks.push(value);
  }
  const all = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    all.set(c, at);
    at += c.byteLength;
  }
  return new TextDecoder().decode(all);
}

function retryAfter(res: Response): number | null {
  const raw = res.headers.get("retry-after");
  if (!raw) return null;
  const s = Number(raw);
  if (Number.isFinite(s)) return Math.max(0, Math.min(3600, s));
  const at = Date.parse(raw);
  return Number.isFinite(at) ? Math.max(0, Math.min(3600, Math.round((at - Date.now()) / 1000))) : null;
}

/** One bounded GET of a source URL. */
export async function fetchSource(rawUrl: string, options: FetchOptions): Promise<FetchResult> {
  const headers: Record<string, string> = {
    Accept: "application/json, application/xml;q=0.9, */*;q=0.5",
    ...options.headers,
  };
  if (options.etag) headers["If-None-Match"] = options.etag;
  if (options.lastModified) headers["If-Modified-Since"] = options.lastModified;
  let url = rawUrl;
  for (let hop = 0; hop <= MAX_REDIRECTS; hop++) {
    const check = checkOutboundUrl(url, { allowLocal: options.allowLocal });
    if (!check.ok) throw new FeedError(`the source URL ${check.reason}`);
    let res: Response;
    try {
      res = await fetch(check.url.toString(), {
        method: "GET",
        headers,
        redirect: "manual",
        signal: AbortSignal.timeout(options.timeoutMs ?? REQUEST_TIMEOUT_MS),
      });
    } catch (err) {
      const timeout = err instanceof Error && (err.name === "TimeoutError" || err.name === "AbortError");
      throw new RetryableError(timeout ? "the source did not answer in time" : "the source could not be reached");
    }
    if (res.status >= 300 && res.status < 400 && res.status !== 304) {
      await res.body?.cancel();
      const location = res.headers.get("location");
      if (!location) throw new FeedError(`the source answered ${res.status} without a Location`);
      url = new URL(location, check.url).toString();
      continue;
    }
    if (res.status === 304) {
      await res.body?.cancel();
      return { status: "not_modified" };
    }
    if (res.status === 429 || res.status >= 500) {
      await res.body?.cancel();
      throw new RetryableError(`the source answered ${res.status}`, retryAfter(res));
    }
    if (res.status !== 200) {
      await res.body?.cancel();
      throw new FeedError(`the source answered ${res.status}`, res.status);
    }
    const body = await readCapped(res, options.maxBytes ?? MAX_RESPONSE_BYTES);
    return { status: "ok", body, etag: res.headers.get("etag"), lastModified: res.headers.get("last-modified") };
  }
  throw new FeedError(`the source redirected more than ${MAX_REDIRECTS} times`);
}
