/**
 * Renderers of the public pages: pure functions from the API's own DTOs to
 * HTML (so the pages show exactly what the API serves). Routes fetch, these
 * render; test/pages-render.test.ts exercises them directly.
 */
import { html, raw } from "hono/html";
import { type MessageKey, type Translator, translator } from "../../i18n";
import { escapeHtml } from "../../lib/html";
import type { JobDto, JobSummaryDto } from "../jobs";
import type { Html } from "./layout";

const JOB_TYPES = ["full_time", "part_time", "contract", "freelance", "internship", "temporary"] as const;
const LEVELS = ["entry", "mid", "senior", "lead", "executive"] as const;
const PERIODS = ["hour", "day", "week", "month", "year"];

/** A label from the catalogue when the value is one we know, else the value itself (a new enum member). */
function label(t: Translator, prefix: string, value: string, known: readonly string[]): string {
  return known.includes(value) ? t.t(`${prefix}.${value}` as MessageKey) : value;
}

export const jobTypeLabel = (v: string, t: Translator = translator()) => label(t, "jobType", v, JOB_TYPES);
export const levelLabel = (v: string, t: Translator = translator()) => label(t, "level", v, LEVELS);
/** `value → label` for a select, in the catalogue's words. */
const choices = (t: Translator, prefix: string, values: readonly string[]) =>
  Object.fromEntries(values.map((v) => [v, label(t, prefix, v, values)]));

/**
 * A message with HTML parts: the message itself is escaped, then each `{name}`
 * is replaced by `parts[name]`, which must already be safe HTML (built here).
 */
export function htmlMessage(t: Translator, key: MessageKey, parts: Record<string, string>, vars = {}) {
  const message = t.t(key, vars);
  return raw(
    message
      .split(/(\{\w+\})/)
      .map((piece) => {
        const name = /^\{(\w+)\}$/.exec(piece)?.[1];
        return name !== undefined && Object.hasOwn(parts, name) ? parts[name] : escapeHtml(piece);
      })
      .join(""),
  );
}

/** The job page's path; JSON-LD `url` and every email link use the same form. */
export const jobPath = (j: { id: string; slug: string }) =>
  `/jobs/${encodeURIComponent(j.id)}/${encodeURIComponent(j.slug)}`;
export const companyPath = (c: { slug: string }) => `/companies/${encodeURIComponent(c.slug)}`;

/** "€60,000–€80,000 a year" (de: "60.000–80.000 € pro Jahr"), "from $40 an hour", or null without a salary. */
export function salaryText(s: JobSummaryDto["salary"], t: Translator = translator()): string | null {
  if (!s) return null;
  const period = label(t, "period", s.period, PERIODS);
  const money = (n: number) => t.money(n, s.currency);
  if (s.min !== null && s.max !== null && s.min !== s.max) {
    return t.t("salary.range", { min: money(s.min), max: money(s.max), period });
  }
  if (s.min !== null && s.max !== null) return t.t("salary.exact", { amount: money(s.min), period });
  if (s.min !== null) return t.t("salary.from", { amount: money(s.min), period });
  if (s.max !== null) return t.t("salary.upTo", { amount: money(s.max), period });
  return null;
}

/** "Berlin, Germany · Remote". */
export function placeText(j: Pick<JobSummaryDto, "location" | "is_remote">, t: Translator = translator()): string {
  const place = [j.location.city, j.location.region, j.location.country].filter(Boolean).join(", ");
  if (j.is_remote) return place ? t.t("place.withRemote", { place }) : t.t("place.remote");
  return place || t.t("place.unknown");
}

/** A day in the reader's locale (`<time datetime>` keeps the ISO instant for machines). */
const day = (t: Translator, iso: string | null) => (iso ? t.date(iso) : "");

/** One job in a list: title link, company, place, type, salary, and the search snippet when there is one. */
export function jobCard(j: JobSummaryDto, t: Translator = translator()): Html {
  const salary = salaryText(j.salary, t);
  const posted = j.published_at ?? j.created_at;
  return html`<li class="job-card">
<article>
<h3><a href="${jobPath(j)}">${j.highlight ? raw(j.highlight.title) : j.title}</a></h3>
<p class="meta"><a href="${companyPath(j.company)}">${j.company.name}</a>${j.company.is_verified ? html` <span class="badge" title="${t.t("card.verifiedTitle")}">${t.t("card.verified")}</span>` : ""} · ${placeText(j, t)} · ${jobTypeLabel(j.job_type, t)}${j.is_featured ? html` · <span class="badge">${t.t("card.featured")}</span>` : ""}</p>
${salary ? html`<p class="salary">${salary}</p>` : ""}
${j.highlight?.snippet ? html`<p class="snippet">${raw(j.highlight.snippet)}</p>` : ""}
<p class="posted">${t.t("card.posted")} <time datetime="${posted}">${day(t, posted)}</time></p>
</article>
</li>`;
}

export function jobList(jobs: JobSummaryDto[], empty: string, t: Translator = translator()): Html {
  if (!jobs.length) return html`<p>${empty}</p>`;
  return html`<ul class="jobs">${jobs.map((j) => jobCard(j, t))}</ul>`;
}

/** The big search form (landing page and results page), prefilled with the current values. */
export function searchForm(
  values: Record<string, string>,
  options: { extended: boolean },
  t: Translator = translator(),
): Html {
  const v = (k: string) => values[k] ?? "";
  const select = (name: string, text: string, options: Record<string, string>) => html`<p>
<label for="f-${name}">${text}</label>
<select id="f-${name}" name="${name}">
<option value="">${t.t("form.any")}</option>
${Object.entries(options).map(([value, text]) => html`<option value="${value}"${v(name) === value ? raw(" selected") : ""}>${text}</option>`)}
</select>
</p>`;
  return html`<form class="search" method="get" action="/jobs" role="search" aria-label="${t.t("form.aria")}">
<p>
<label for="f-q">${t.t("form.what")}</label>
<input id="f-q" name="q" type="search" value="${v("q")}" placeholder="${t.t("layout.searchPlaceholder")}" maxlength="200">
</p>
<p>
<label for="f-location">${t.t("form.where")}</label>
<input id="f-location" name="location" type="text" value="${v("location")}" placeholder="${t.t("form.wherePlaceholder")}" maxlength="200">
</p>
${
  options.extended
    ? html`${select("job_type", t.t("form.jobType"), choices(t, "jobType", JOB_TYPES))}
${select("experience_level", t.t("form.experience"), choices(t, "level", LEVELS))}
<p>
<label for="f-salary_min">${t.t("form.salaryMin")}</label>
<input id="f-salary_min" name="salary_min" type="number" min="0" step="1000" inputmode="numeric" value="${v("salary_min")}">
</p>
${select("sort", t.t("form.sortBy"), choices(t, "sort", ["relevance", "newest", "salary_desc", "salary_asc"]))}
<p class="check">
<input id="f-remote" name="remote" type="checkbox" value="true"${v("remote") === "true" ? raw(" checked") : ""}>
<label for="f-remote">${t.t("form.remoteOnly")}</label>
</p>
${["category", "company", "skills", "currency", "posted_within", "featured"].map((k) => (values[k] ? html`<input type="hidden" name="${k}" value="${values[k]}">` : ""))}`
    : ""
}
<p><button type="submit">${t.t("form.submit")}</button></p>
</form>`;
}

/** The job page's body (the layout wraps it). `ended` says why applying is over. */
export function jobPage(
  job: JobDto,
  options: {
    ended: string | null;
    similar: JobSummaryDto[];
    company: { description: string | null; rating: { average: number; count: number } } | null;
  },
  t: Translator = translator(),
): Html {
  const salary = salaryText(job.salary, t);
  const sections: Array<[string, string | null]> = [
    [t.t("job.responsibilities"), job.responsibilities_html],
    [t.t("job.requirements"), job.requirements_html],
    [t.t("job.benefits"), job.benefits_html],
  ];
  const endpoint = `<code>POST /api/v1/jobs/${escapeHtml(job.id)}/applications</code>`;
  const apply = job.apply_url
    ? html`<a class="button" href="${job.apply_url}" rel="nofollow noopener" target="_blank">${t.t("job.applyExternal", { company: job.company.name })}</a>`
    : html`<a class="button" href="/docs#/Applications/applyToJob">${t.t("job.applyAccount")}</a>
<p class="hint">${htmlMessage(t, "job.applyHint", { endpoint })}</p>`;
  const rating = options.company?.rating;
  return html`<article class="job" aria-labelledby="job-title">
<nav aria-label="${t.t("job.breadcrumb")}" class="crumbs"><ol><li><a href="/">${t.t("job.home")}</a></li><li><a href="/jobs">${t.t("layout.jobs")}</a></li>${job.category ? html`<li><a href="/jobs?category=${encodeURIComponent(job.category.slug)}">${job.category.name}</a></li>` : ""}</ol></nav>
<header>
<h1 id="job-title">${job.title}</h1>
<p class="meta"><a href="${companyPath(job.company)}">${job.company.name}</a> · ${placeText(job, t)}</p>
</header>
${options.ended ? html`<p class="ended" role="status"><strong>${t.t("job.ended")}</strong> ${options.ended}</p>` : ""}
<dl class="facts">
<dt>${t.t("job.factJobType")}</dt><dd>${jobTypeLabel(job.job_type, t)}</dd>
<dt>${t.t("job.factExperience")}</dt><dd>${levelLabel(job.experience_level, t)}</dd>
${salary ? html`<dt>${t.t("job.factSalary")}</dt><dd>${salary}</dd>` : ""}
${job.published_at ? html`<dt>${t.t("job.factPosted")}</dt><dd><time datetime="${job.published_at}">${day(t, job.published_at)}</time></dd>` : ""}
${job.application_deadline ? html`<dt>${t.t("job.factApplyBy")}</dt><dd><time datetime="${job.application_deadline}">${day(t, job.application_deadline)}</time></dd>` : ""}
${job.skills.length ? html`<dt>${t.t("job.factSkills")}</dt><dd><ul class="tags">${job.skills.map((s) => html`<li>${s.name}${s.required ? "" : ` ${t.t("job.niceToHave")}`}</li>`)}</ul></dd>` : ""}
</dl>
${options.ended ? "" : html`<section class="apply" aria-label="${t.t("job.applyAria")}">${apply}</section>`}
<section class="description" aria-labelledby="about-job">
<h2 id="about-job">${t.t("job.about")}</h2>
${raw(job.description_html)}
${sections.map(([title, body]) => (body ? html`<h2>${title}</h2>${raw(body)}` : ""))}
</section>
</article>
<aside class="company-card" aria-labelledby="company-card-title">
<h2 id="company-card-title">${job.company.logo_url ? html`<img src="${job.company.logo_url}" alt="" width="48" height="48"> ` : ""}${job.company.name}</h2>
${job.company.is_verified ? html`<p><span class="badge">${t.t("job.companyVerified")}</span></p>` : ""}
${rating?.count ? html`<p>${t.plural("job.companyRated", rating.count, { average: average(t, rating.average) })}</p>` : ""}
${options.company?.description ? html`<p>${options.company.description.slice(0, 300)}</p>` : ""}
<p><a href="${companyPath(job.company)}">${t.t("job.companyMore", { company: job.company.name })}</a></p>
</aside>
<section class="similar" aria-labelledby="similar-title">
<h2 id="similar-title">${t.t("job.similar")}</h2>
${jobList(options.similar, t.t("job.noSimilar"), t)}
</section>`;
}

/** A rating average with one decimal, in the reader's notation (4,5 in German). */
const average = (t: Translator, n: number) =>
  new Intl.NumberFormat(t.formatLocale, { minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(n);

type Stars = { average: number; count: number };
const starsText = (r: Stars, t: Translator) =>
  r.count ? t.plural("company.stars", r.count, { average: average(t, r.average) }) : t.t("company.noReviewsYet");

export interface CompanyView {
  name: string;
  slug: string;
  description: string | null;
  website: string | null;
  industry: string | null;
  size: string | null;
  headquarters: string | null;
  founded_year: number | null;
  benefits: string[];
  logo_url: string | null;
  is_verified: boolean;
  rating: Stars;
}

export interface ReviewView {
  id: string;
  rating: number;
  title: string;
  body: string;
  pros: string | null;
  cons: string | null;
  employment_status: string;
  author: { display_name: string | null; username: string } | null;
  response: { body: string } | null;
  created_at: string;
}

const paragraphs = (text: string) =>
  text
    .split(/\n{2,}/)
    .map((p) => p.trim())
    .filter(Boolean)
    .map((p) => html`<p>${p}</p>`);

/** A review: anonymous ones (no `author`) say so and nothing more about who wrote them. */
export function reviewItem(r: ReviewView, t: Translator = translator()): Html {
  const who = r.author ? (r.author.display_name ?? r.author.username) : t.t("review.anonymous");
  const status = label(t, "review", r.employment_status, ["current", "former"]);
  return html`<li>
<article class="review" aria-labelledby="review-${r.id}">
<h3 id="review-${r.id}">${r.title}</h3>
<p class="meta"><span class="stars" aria-label="${t.t("review.rated", { rating: r.rating })}">${"★".repeat(r.rating)}${"☆".repeat(5 - r.rating)}</span> · ${who} · ${status} · <time datetime="${r.created_at}">${day(t, r.created_at)}</time></p>
${paragraphs(r.body)}
${r.pros ? html`<p><strong>${t.t("review.pros")}</strong> ${r.pros}</p>` : ""}
${r.cons ? html`<p><strong>${t.t("review.cons")}</strong> ${r.cons}</p>` : ""}
${r.response ? html`<blockquote class="response"><p><strong>${t.t("review.responded")}</strong></p>${paragraphs(r.response.body)}</blockquote>` : ""}
</article>
</li>`;
}

export function companyPage(
  company: CompanyView,
  jobs: { data: JobSummaryDto[]; total: number },
  reviews: { data: ReviewView[]; next: string | null },
  t: Translator = translator(),
): Html {
  const facts: Array<[string, string | number | null]> = [
    [t.t("company.industry"), company.industry],
    [t.t("company.size"), company.size ? t.t("company.sizeEmployees", { size: company.size }) : null],
    [t.t("company.headquarters"), company.headquarters],
    // A year, not a number: no grouping separator.
    [t.t("company.founded"), company.founded_year],
  ];
  return html`<article class="company" aria-labelledby="company-name">
<header>
<h1 id="company-name">${company.logo_url ? html`<img src="${company.logo_url}" alt="" width="64" height="64"> ` : ""}${company.name}</h1>
${company.is_verified ? html`<p><span class="badge">${t.t("job.companyVerified")}</span></p>` : ""}
<p class="rating">${starsText(company.rating, t)}</p>
</header>
<dl class="facts">
${facts.map(([k, v]) => (v !== null && v !== "" ? html`<dt>${k}</dt><dd>${v}</dd>` : ""))}
${company.website ? html`<dt>${t.t("company.website")}</dt><dd><a href="${company.website}" rel="nofollow noopener">${company.website}</a></dd>` : ""}
</dl>
${company.description ? html`<section aria-labelledby="about-company"><h2 id="about-company">${t.t("company.about")}</h2>${paragraphs(company.description)}</section>` : ""}
${company.benefits.length ? html`<section aria-labelledby="benefits"><h2 id="benefits">${t.t("company.benefits")}</h2><ul>${company.benefits.map((b) => html`<li>${b}</li>`)}</ul></section>` : ""}
<section aria-labelledby="open-jobs">
<h2 id="open-jobs">${t.t("company.openJobs", { count: t.number(jobs.total) })}</h2>
${jobList(jobs.data, t.t("company.noOpenJobs"), t)}
${jobs.total > jobs.data.length ? html`<p><a href="/jobs?company=${encodeURIComponent(company.slug)}&amp;sort=newest">${t.t("company.allJobs", { count: t.number(jobs.total), company: company.name })}</a></p>` : ""}
</section>
<section aria-labelledby="reviews">
<h2 id="reviews">${t.t("company.reviews")}</h2>
${reviews.data.length ? html`<ul class="reviews">${reviews.data.map((r) => reviewItem(r, t))}</ul>` : html`<p>${t.t("company.noReviews")}</p>`}
${reviews.next ? html`<p><a href="${companyPath(company)}?reviews_cursor=${encodeURIComponent(reviews.next)}#reviews" rel="next">${t.t("company.moreReviews")}</a></p>` : ""}
</section>
</article>`;
}

/** A short error page body (404, 400, 410 without a job). */
export function messagePage(title: string, message: string, t: Translator = translator()): Html {
  return html`<h1>${title}</h1><p>${message}</p><p><a href="/jobs">${t.t("error.browseAll")}</a></p>`;
}
