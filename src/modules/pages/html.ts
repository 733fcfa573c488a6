/**
 * The tiny HTML layer of the server-rendered pages (email link landings, the dev
 * mailbox view): one escaping function, one page shell, one CSP. No script and
 * no inline style, so the policy can forbid both.
 */
import type { Context } from "hono";
import { escapeHtml } from "../../lib/html";

export { escapeHtml };

/**
 * Nothing but the page itself and this origin's stylesheet (public/pages.css);
 * no script at all (JSON-LD blocks are data, not scripts); forms post back to
 * this origin only.
 */
export const PAGE_CSP =
  "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

/** The stylesheet every page links (a static asset under public/). */
export const STYLESHEET = "/pages.css";

/** A whole document around `bodyHtml`, which must already be escaped. */
export function page(title: string, bodyHtml: string, lang = "en"): string {
  return `<!doctype html>
<html lang="${escapeHtml(lang)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<meta name="referrer" content="no-referrer">
<title>${escapeHtml(title)} · Job Board</title>
<link rel="stylesheet" href="${STYLESHEET}">
</head>
<body>
<main>
<h1>${escapeHtml(title)}</h1>
${bodyHtml}
</main>
</body>
</html>`;
}

/**
 * Sends a page: never cached (they carry or answer one-time tokens), never framed.
 * `lang` is the negotiated language of the page, when it has been translated.
 */
export function sendPage(
  c: Context,
  status: 200 | 400 | 404 | 410 | 429,
  title: string,
  bodyHtml: string,
  lang?: string,
): Response {
  const headers: Record<string, string> = { "Content-Security-Policy": PAGE_CSP, "Cache-Control": "no-store" };
  if (lang) {
    headers["Content-Language"] = lang;
    headers.Vary = "Accept-Language";
  }
  return c.html(page(title, bodyHtml, lang), status, headers);
}

/** Escapes `text` and turns its http(s) URLs into links. */
export function linkify(text: string): string {
  const parts = text.split(/(https?:\/\/[^\s<>"']+)/g);
  return parts
    .map((part, i) => (i % 2 === 1 ? `<a href="${escapeHtml(part)}">${escapeHtml(part)}</a>` : escapeHtml(part)))
    .join("");
}

/** True when the Accept header ranks text/html above application/json (browsers do; API clients do not). */
export function prefersHtml(accept: string | undefined): boolean {
  if (!accept) return false;
  const q = (type: string) => {
    let best = -1;
    for (const item of accept.split(",")) {
      const [range = "", ...params] = item.trim().toLowerCase().split(";");
      if (range !== type && range !== `${type.split("/")[0]}/*` && range !== "*/*") continue;
      const qParam = params.map((p) => p.trim()).find((p) => p.startsWith("q="));
      const value = qParam ? Number(qParam.slice(2)) : 1;
      // An exact match outranks a wildcard for the same type.
      const weight = range === type ? value + 0.0001 : value;
      best = Math.max(best, Number.isNaN(weight) ? 0 : weight);
    }
    return best;
  };
  return q("text/html") > q("application/json");
}
