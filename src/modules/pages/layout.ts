/**
 * The shell of the public pages (landing, search, job, company): semantic
 * landmarks (header/nav, main, footer), a skip link, one stylesheet from this
 * origin, and no script. Rendered with `hono/html`, which escapes every
 * interpolated value; only `raw()` (for HTML we produced and sanitised, such
 * as rendered Markdown or search highlights) bypasses it.
 */
import type { Context } from "hono";
import { html, raw } from "hono/html";
import type { HtmlEscapedString } from "hono/utils/html";
import { etagOf } from "../../http/etag";
import type { AppEnv } from "../../platform/env";
import { PAGE_CSP, STYLESHEET } from "./html";

export type Html = HtmlEscapedString | Promise<HtmlEscapedString>;

export interface Layout {
  title: string;
  /** The meta description (search snippets); plain text. */
  description?: string;
  /** Absolute canonical URL. */
  canonical?: string;
  /** schema.org objects, embedded as `application/ld+json` data blocks. */
  jsonLd?: Record<string, unknown>[];
  /** `noindex` for pages crawlers should not list (search results beyond the first, errors). */
  noindex?: boolean;
  /** Alternate feeds of this page (search results): RSS and Atom. */
  feeds?: { rss: string; atom: string };
  /** The search box's current values, shown in the header on every page. */
  q?: string;
}

/**
 * JSON for a `<script type="application/ld+json">` block: `<` is escaped so no
 * value (a job title with `</script>`) can close the element.
 */
export function jsonLdBlock(data: Record<string, unknown>): HtmlEscapedString | Promise<HtmlEscapedString> {
  const json = JSON.stringify(data)
    .replace(/</g, "\\u003c")
    .replace(/\u2028/g, "\\u2028")
    .replace(/\u2029/g, "\\u2029");
  return html`<script type="application/ld+json">${raw(json)}</script>`;
}

export function layout(l: Layout, main: Html): Html {
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<title>${l.title} · Job Board</title>
${l.description ? html`<meta name="description" content="${l.description}">` : ""}
${l.canonical ? html`<link rel="canonical" href="${l.canonical}">` : ""}
${l.noindex ? html`<meta name="robots" content="noindex, follow">` : ""}
${
  l.feeds
    ? html`<link rel="alternate" type="application/rss+xml" title="These jobs (RSS)" href="${l.feeds.rss}">
<link rel="alternate" type="application/atom+xml" title="These jobs (Atom)" href="${l.feeds.atom}">`
    : ""
}
<link rel="stylesheet" href="${STYLESHEET}">
${(l.jsonLd ?? []).map((d) => jsonLdBlock(d))}
</head>
<body>
<a class="skip" href="#main">Skip to content</a>
<header class="site">
<nav aria-label="Site">
<a class="brand" href="/">Job Board</a>
<ul>
<li><a href="/jobs">Jobs</a></li>
<li><a href="/docs">API for developers</a></li>
</ul>
</nav>
<form class="search-mini" method="get" action="/jobs" role="search">
<label for="site-q" class="visually-hidden">Search jobs</label>
<input id="site-q" name="q" type="search" value="${l.q ?? ""}" placeholder="Title, skill or company" maxlength="200">
<button type="submit">Search</button>
</form>
</header>
<main id="main">
${main}
</main>
<footer class="site">
<nav aria-label="Feeds and crawling">
<ul>
<li><a href="/jobs.rss">RSS</a></li>
<li><a href="/jobs.atom">Atom</a></li>
<li><a href="/feeds/jobs.xml">XML job feed</a></li>
<li><a href="/sitemap.xml">Sitemap</a></li>
<li><a href="/docs">API reference</a></li>
</ul>
</nav>
</footer>
</body>
</html>`;
}

/** Cache policy of the public pages: shared caches may keep them briefly, ETags make revalidation cheap. */
export const PUBLIC_PAGE_CACHE = "public, max-age=60, stale-while-revalidate=300";

/**
 * Sends a rendered public page with the strict CSP, `Cache-Control` and a strong
 * ETag over the exact bytes (versioned by `version`, e.g. the job's `updated_at`,
 * so any change to the job changes it); `If-None-Match` answers `304`.
 */
export async function sendPublicPage(
  c: Context<AppEnv>,
  status: 200 | 400 | 404 | 410,
  body: Html,
  options: { version?: number | null; cacheControl?: string } = {},
): Promise<Response> {
  const text = String(await body);
  const etag = await etagOf(text, options.version);
  const headers: Record<string, string> = {
    "Content-Security-Policy": PAGE_CSP,
    "Cache-Control": options.cacheControl ?? PUBLIC_PAGE_CACHE,
    ETag: etag,
    Vary: "Accept-Encoding",
  };
  const inm = c.req.header("If-None-Match");
  if (status === 200 && inm && inm.split(",").some((t) => t.trim().replace(/^W\//, "") === etag)) {
    return c.body(null, 304, headers);
  }
  return c.html(text, status, headers);
}
