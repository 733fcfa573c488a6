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
import { negotiateLocale, type Translator, translator } from "../../i18n";
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

/**
 * The translator of a public page: the request's `Accept-Language` (pages are
 * public and shared-cacheable, so they never depend on who is signed in).
 * Dates are shown in UTC, the only zone a shared page can assume.
 */
export function pageTranslator(c: Context<AppEnv>): Translator {
  return translator(negotiateLocale(c.req.header("Accept-Language")), "UTC");
}

export function layout(l: Layout, main: Html, t: Translator = translator()): Html {
  return html`<!doctype html>
<html lang="${t.locale}">
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
    ? html`<link rel="alternate" type="application/rss+xml" title="${t.t("layout.feedRss")}" href="${l.feeds.rss}">
<link rel="alternate" type="application/atom+xml" title="${t.t("layout.feedAtom")}" href="${l.feeds.atom}">`
    : ""
}
<link rel="stylesheet" href="${STYLESHEET}">
${(l.jsonLd ?? []).map((d) => jsonLdBlock(d))}
</head>
<body>
<a class="skip" href="#main">${t.t("layout.skip")}</a>
<header class="site">
<nav aria-label="${t.t("layout.navSite")}">
<a class="brand" href="/">Job Board</a>
<ul>
<li><a href="/jobs">${t.t("layout.jobs")}</a></li>
<li><a href="/docs">${t.t("layout.api")}</a></li>
</ul>
</nav>
<form class="search-mini" method="get" action="/jobs" role="search">
<label for="site-q" class="visually-hidden">${t.t("layout.searchLabel")}</label>
<input id="site-q" name="q" type="search" value="${l.q ?? ""}" placeholder="${t.t("layout.searchPlaceholder")}" maxlength="200">
<button type="submit">${t.t("layout.searchButton")}</button>
</form>
</header>
<main id="main">
${main}
</main>
<footer class="site">
<nav aria-label="${t.t("layout.navFeeds")}">
<ul>
<li><a href="/jobs.rss">RSS</a></li>
<li><a href="/jobs.atom">Atom</a></li>
<li><a href="/feeds/jobs.xml">${t.t("layout.xmlFeed")}</a></li>
<li><a href="/sitemap.xml">${t.t("layout.sitemap")}</a></li>
<li><a href="/docs">${t.t("layout.apiReference")}</a></li>
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
 * The language is negotiated, so caches are told (`Vary: Accept-Language`) and
 * the page says which it is (`Content-Language`); the bytes differ per language,
 * so does the ETag.
 */
export async function sendPublicPage(
  c: Context<AppEnv>,
  status: 200 | 400 | 404 | 410,
  body: Html,
  options: { version?: number | null; cacheControl?: string; locale?: string } = {},
): Promise<Response> {
  const text = String(await body);
  const etag = await etagOf(text, options.version);
  const headers: Record<string, string> = {
    "Content-Security-Policy": PAGE_CSP,
    "Cache-Control": options.cacheControl ?? PUBLIC_PAGE_CACHE,
    ETag: etag,
    Vary: "Accept-Encoding, Accept-Language",
    "Content-Language": options.locale ?? "en",
  };
  const inm = c.req.header("If-None-Match");
  if (status === 200 && inm && inm.split(",").some((t) => t.trim().replace(/^W\//, "") === etag)) {
    return c.body(null, 304, headers);
  }
  return c.html(text, status, headers);
}
