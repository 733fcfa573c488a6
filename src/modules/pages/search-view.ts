/**
 * The landing page and the search results page. Every state of a search is a
 * URL (`/jobs?q=…&remote=true&cursor=…`): filters, facet links and the next
 * page link are plain links, so results are shareable and work without script.
 */
import { html } from "hono/html";
import { type MessageKey, type Translator, translator } from "../../i18n";
import { escapeHtml } from "../../lib/html";
import type { JobSummaryDto } from "../jobs";
import type { SearchResult } from "../search";
import type { Html } from "./layout";
import { htmlMessage, jobList, jobTypeLabel, levelLabel, searchForm } from "./views";

/** The query parameters the results page understands: the API's search filters, minus `facets` and `limit`. */
export const SEARCH_PARAMS = [
  "q",
  "category",
  "company",
  "location",
  "lat",
  "lng",
  "radius_km",
  "remote",
  "job_type",
  "experience_level",
  "salary_min",
  "salary_max",
  "currency",
  "skills",
  "posted_within",
  "featured",
  "sort",
  "cursor",
] as const;

/** The non-empty search parameters of a request, in a fixed order (empty form fields are dropped). */
export function searchValues(query: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const k of SEARCH_PARAMS) {
    const v = query[k];
    if (typeof v === "string" && v.trim() !== "") out[k] = v.trim();
  }
  return out;
}

/** `path?…` for `values` with `changes` applied (null removes a key); a new filter always restarts paging. */
export function searchHref(
  path: string,
  values: Record<string, string>,
  changes: Record<string, string | null> = {},
): string {
  const next: Record<string, string> = { ...values };
  if (!("cursor" in changes)) delete next.cursor;
  for (const [k, v] of Object.entries(changes)) {
    if (v === null) delete next[k];
    else next[k] = v;
  }
  const qs = new URLSearchParams(next).toString();
  return qs ? `${path}?${qs}` : path;
}

const FACETS = ["category", "job_type", "experience_level", "remote", "salary", "location"];
const facetTitle = (t: Translator, facet: string) =>
  FACETS.includes(facet) ? t.t(`facet.${facet}` as MessageKey) : facet;
/** The filter's name in the reader's words (the active-filter list); the parameter name for one we do not know. */
const filterName = (t: Translator, key: string) =>
  (SEARCH_PARAMS as readonly string[]).includes(key) && key !== "cursor" && key !== "sort"
    ? t.t(`filter.${key}` as MessageKey)
    : key.replace(/_/g, " ");

function facetLink(
  facet: string,
  v: { value: string; label?: string; min?: number },
  t: Translator,
): { text: string; change: Record<string, string> } {
  switch (facet) {
    case "job_type":
      return { text: jobTypeLabel(v.value, t), change: { job_type: v.value } };
    case "experience_level":
      return { text: levelLabel(v.value, t), change: { experience_level: v.value } };
    case "remote": {
      const remote = v.value === "1" || v.value === "true";
      return { text: t.t(remote ? "place.remote" : "place.onsite"), change: { remote: remote ? "true" : "false" } };
    }
    case "salary":
      return { text: `${v.value}`, change: { salary_min: String(v.min ?? 0) } };
    case "location":
      return { text: v.label ?? v.value, change: { location: v.value } };
    default:
      return { text: v.label ?? v.value, change: { [facet]: v.value } };
  }
}

function facetsNav(result: SearchResult, values: Record<string, string>, t: Translator): Html {
  const facets = result.facets ?? {};
  const groups = Object.entries(facets).filter(([, list]) => list.length > 0);
  if (!groups.length) return html``;
  return html`<nav class="facets" aria-label="${t.t("search.refineAria")}">
<h2>${t.t("search.refine")}</h2>
${groups.map(
  ([facet, list]) => html`<section>
<h3>${facetTitle(t, facet)}</h3>
<ul>
${list.slice(0, 10).map((v) => {
  const link = facetLink(facet, v, t);
  return html`<li><a href="${searchHref("/jobs", values, link.change)}">${link.text}</a> <span class="count">(${t.number(v.count)})</span></li>`;
})}
</ul>
</section>`,
)}
</nav>`;
}

/** A human summary of the active filters, each with a link that removes it. */
function activeFilters(values: Record<string, string>, t: Translator): Html {
  const keys = Object.keys(values).filter((k) => k !== "cursor" && k !== "sort");
  if (!keys.length) return html``;
  return html`<ul class="active-filters" aria-label="${t.t("search.activeAria")}">
${keys.map((k) => html`<li>${filterName(t, k)}: ${values[k]} <a href="${searchHref("/jobs", values, { [k]: null })}" aria-label="${t.t("search.removeFilter", { filter: filterName(t, k) })}">×</a></li>`)}
</ul>`;
}

/** The results page's heading and title. */
export const searchTitle = (values: Record<string, string>, t: Translator = translator()) =>
  values.q ? t.t("search.titleQuery", { q: values.q }) : t.t("search.titleAll");

export function searchPage(result: SearchResult, values: Record<string, string>, t: Translator = translator()): Html {
  const count = t.plural("search.results", result.total);
  const total = result.total_is_estimate ? count.replace(t.number(result.total), `${t.number(result.total)}+`) : count;
  return html`<h1>${searchTitle(values, t)}</h1>
<div class="results-layout">
<div class="filters">
${searchForm(values, { extended: true }, t)}
${facetsNav(result, values, t)}
</div>
<section class="results" aria-labelledby="results-title">
<h2 id="results-title">${total}${values.cursor ? ` ${t.t("search.continued")}` : ""}</h2>
${result.corrected_query ? html`<p role="status">${htmlMessage(t, "search.corrected", { query: `<strong>${escapeHtml(result.corrected_query)}</strong>` })}</p>` : ""}
${activeFilters(values, t)}
${jobList(result.data, t.t("search.none"), t)}
<nav class="pager" aria-label="${t.t("search.pagesAria")}">
${values.cursor ? html`<a href="${searchHref("/jobs", values, { cursor: null })}">${t.t("search.firstPage")}</a>` : ""}
${result.next_cursor ? html`<a href="${searchHref("/jobs", values, { cursor: result.next_cursor })}" rel="next">${t.t("search.nextPage")}</a>` : ""}
</nav>
<p class="feeds">${t.t("search.follow")} <a href="${searchHref("/jobs.rss", values)}">RSS</a> · <a href="${searchHref("/jobs.atom", values)}">Atom</a></p>
</section>
</div>`;
}

export function landingPage(
  featured: JobSummaryDto[],
  latest: JobSummaryDto[],
  total: number,
  t: Translator = translator(),
): Html {
  const link = (href: string, text: string) => `<a href="${href}">${escapeHtml(text)}</a>`;
  return html`<section class="hero" aria-labelledby="hero-title">
<h1 id="hero-title">${t.t("landing.title")}</h1>
<p>${t.plural("landing.open", total)}</p>
${searchForm({}, { extended: false }, t)}
</section>
${
  featured.length
    ? html`<section aria-labelledby="featured-title">
<h2 id="featured-title">${t.t("landing.featured")}</h2>
${jobList(featured, "", t)}
</section>`
    : ""
}
<section aria-labelledby="latest-title">
<h2 id="latest-title">${t.t("landing.latest")}</h2>
${jobList(latest, t.t("landing.noJobs"), t)}
<p><a href="/jobs?sort=newest">${t.t("landing.seeAll")}</a></p>
</section>
<section aria-labelledby="dev-title">
<h2 id="dev-title">${t.t("landing.devTitle")}</h2>
<p>${htmlMessage(t, "landing.devText", {
    reference: link("/docs", t.t("landing.devReference")),
    openapi: link("/openapi.json", t.t("landing.devOpenapi")),
    rss: link("/jobs.rss", "RSS"),
    atom: link("/jobs.atom", "Atom"),
    xml: link("/feeds/jobs.xml", t.t("landing.devXml")),
  })}</p>
</section>`;
}
