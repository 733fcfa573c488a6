/**
 * The landing page and the search results page. Every state of a search is a
 * URL (`/jobs?q=…&remote=true&cursor=…`): filters, facet links and the next
 * page link are plain links, so results are shareable and work without script.
 */
import { html } from "hono/html";
import type { JobSummaryDto } from "../jobs";
import type { SearchResult } from "../search";
import type { Html } from "./layout";
import { jobList, jobTypeLabel, levelLabel, searchForm } from "./views";

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

const FACET_TITLES: Record<string, string> = {
  category: "Category",
  job_type: "Job type",
  experience_level: "Experience",
  remote: "Remote",
  salary: "Yearly salary",
  location: "Location",
};

function facetLink(
  facet: string,
  v: { value: string; label?: string; min?: number },
): { text: string; change: Record<string, string> } {
  switch (facet) {
    case "job_type":
      return { text: jobTypeLabel(v.value), change: { job_type: v.value } };
    case "experience_level":
      return { text: levelLabel(v.value), change: { experience_level: v.value } };
    case "remote": {
      const remote = v.value === "1" || v.value === "true";
      return { text: remote ? "Remote" : "On-site", change: { remote: remote ? "true" : "false" } };
    }
    case "salary":
      return { text: `${v.value}`, change: { salary_min: String(v.min ?? 0) } };
    case "location":
      return { text: v.label ?? v.value, change: { location: v.value } };
    default:
      return { text: v.label ?? v.value, change: { [facet]: v.value } };
  }
}

function facetsNav(result: SearchResult, values: Record<string, string>): Html {
  const facets = result.facets ?? {};
  const groups = Object.entries(facets).filter(([, list]) => list.length > 0);
  if (!groups.length) return html``;
  return html`<nav class="facets" aria-label="Refine the results">
<h2>Refine</h2>
${groups.map(
  ([facet, list]) => html`<section>
<h3>${FACET_TITLES[facet] ?? facet}</h3>
<ul>
${list.slice(0, 10).map((v) => {
  const link = facetLink(facet, v);
  return html`<li><a href="${searchHref("/jobs", values, link.change)}">${link.text}</a> <span class="count">(${v.count})</span></li>`;
})}
</ul>
</section>`,
)}
</nav>`;
}

/** A human summary of the active filters, each with a link that removes it. */
function activeFilters(values: Record<string, string>): Html {
  const keys = Object.keys(values).filter((k) => k !== "cursor" && k !== "sort");
  if (!keys.length) return html``;
  return html`<ul class="active-filters" aria-label="Active filters">
${keys.map((k) => html`<li>${k.replace(/_/g, " ")}: ${values[k]} <a href="${searchHref("/jobs", values, { [k]: null })}" aria-label="Remove the ${k.replace(/_/g, " ")} filter">×</a></li>`)}
</ul>`;
}

export function searchPage(result: SearchResult, values: Record<string, string>): Html {
  const total = result.total_is_estimate ? `${result.total}+` : String(result.total);
  return html`<h1>${values.q ? `Jobs matching “${values.q}”` : "Jobs"}</h1>
<div class="results-layout">
<div class="filters">
${searchForm(values, { extended: true })}
${facetsNav(result, values)}
</div>
<section class="results" aria-labelledby="results-title">
<h2 id="results-title">${total} job${result.total === 1 ? "" : "s"}${values.cursor ? " (continued)" : ""}</h2>
${result.corrected_query ? html`<p role="status">Showing results for <strong>${result.corrected_query}</strong>.</p>` : ""}
${activeFilters(values)}
${jobList(result.data, "No jobs match this search. Try fewer filters.")}
<nav class="pager" aria-label="Pages">
${values.cursor ? html`<a href="${searchHref("/jobs", values, { cursor: null })}">First page</a>` : ""}
${result.next_cursor ? html`<a href="${searchHref("/jobs", values, { cursor: result.next_cursor })}" rel="next">Next page</a>` : ""}
</nav>
<p class="feeds">Follow this search: <a href="${searchHref("/jobs.rss", values)}">RSS</a> · <a href="${searchHref("/jobs.atom", values)}">Atom</a></p>
</section>
</div>`;
}

export function landingPage(featured: JobSummaryDto[], latest: JobSummaryDto[], total: number): Html {
  return html`<section class="hero" aria-labelledby="hero-title">
<h1 id="hero-title">Find your next job</h1>
<p>${total} open job${total === 1 ? "" : "s"} from companies hiring now.</p>
${searchForm({}, { extended: false })}
</section>
${
  featured.length
    ? html`<section aria-labelledby="featured-title">
<h2 id="featured-title">Featured jobs</h2>
${jobList(featured, "")}
</section>`
    : ""
}
<section aria-labelledby="latest-title">
<h2 id="latest-title">Latest jobs</h2>
${jobList(latest, "No jobs have been posted yet.")}
<p><a href="/jobs?sort=newest">See all jobs</a></p>
</section>
<section aria-labelledby="dev-title">
<h2 id="dev-title">For developers</h2>
<p>Everything on this site is served by a public REST API: read the <a href="/docs">interactive API reference</a> or fetch the <a href="/openapi.json">OpenAPI document</a>. Jobs are also published as <a href="/jobs.rss">RSS</a>, <a href="/jobs.atom">Atom</a> and an <a href="/feeds/jobs.xml">XML job feed</a> for aggregators.</p>
</section>`;
}
