/**
 * Renderers of the public pages: pure functions from the API's own DTOs to
 * HTML (so the pages show exactly what the API serves). Routes fetch, these
 * render; test/pages-render.test.ts exercises them directly.
 */
import { html, raw } from "hono/html";
import type { JobDto, JobSummaryDto } from "../jobs";
import type { Html } from "./layout";

const JOB_TYPE_LABEL: Record<string, string> = {
  full_time: "Full-time",
  part_time: "Part-time",
  contract: "Contract",
  freelance: "Freelance",
  internship: "Internship",
  temporary: "Temporary",
};
const LEVEL_LABEL: Record<string, string> = {
  entry: "Entry level",
  mid: "Mid level",
  senior: "Senior",
  lead: "Lead",
  executive: "Executive",
};
const PERIOD_LABEL: Record<string, string> = {
  hour: "an hour",
  day: "a day",
  week: "a week",
  month: "a month",
  year: "a year",
};

export const jobTypeLabel = (t: string) => JOB_TYPE_LABEL[t] ?? t;
export const levelLabel = (l: string) => LEVEL_LABEL[l] ?? l;

/** The job page's path; JSON-LD `url` and every email link use the same form. */
export const jobPath = (j: { id: string; slug: string }) =>
  `/jobs/${encodeURIComponent(j.id)}/${encodeURIComponent(j.slug)}`;
export const companyPath = (c: { slug: string }) => `/companies/${encodeURIComponent(c.slug)}`;

function money(amount: number, currency: string): string {
  try {
    return new Intl.NumberFormat("en", { style: "currency", currency, maximumFractionDigits: 0 }).format(amount);
  } catch {
    return `${amount} ${currency}`;
  }
}

/** "€60,000–€80,000 a year", "from $40 an hour", or null without a salary. */
export function salaryText(s: JobSummaryDto["salary"]): string | null {
  if (!s) return null;
  const period = PERIOD_LABEL[s.period] ?? s.period;
  if (s.min !== null && s.max !== null && s.min !== s.max) {
    return `${money(s.min, s.currency)}–${money(s.max, s.currency)} ${period}`;
  }
  if (s.min !== null && s.max !== null) return `${money(s.min, s.currency)} ${period}`;
  if (s.min !== null) return `from ${money(s.min, s.currency)} ${period}`;
  if (s.max !== null) return `up to ${money(s.max, s.currency)} ${period}`;
  return null;
}

/** "Berlin, Germany · Remote". */
export function placeText(j: Pick<JobSummaryDto, "location" | "is_remote">): string {
  const place = [j.location.city, j.location.region, j.location.country].filter(Boolean).join(", ");
  if (j.is_remote) return place ? `${place} · Remote` : "Remote";
  return place || "Location not given";
}

const day = (iso: string | null) => (iso ? iso.slice(0, 10) : "");

/** One job in a list: title link, company, place, type, salary, and the search snippet when there is one. */
export function jobCard(j: JobSummaryDto): Html {
  const salary = salaryText(j.salary);
  const posted = j.published_at ?? j.created_at;
  return html`<li class="job-card">
<article>
<h3><a href="${jobPath(j)}">${j.highlight ? raw(j.highlight.title) : j.title}</a></h3>
<p class="meta"><a href="${companyPath(j.company)}">${j.company.name}</a>${j.company.is_verified ? html` <span class="badge" title="Verified company">verified</span>` : ""} · ${placeText(j)} · ${jobTypeLabel(j.job_type)}${j.is_featured ? html` · <span class="badge">featured</span>` : ""}</p>
${salary ? html`<p class="salary">${salary}</p>` : ""}
${j.highlight?.snippet ? html`<p class="snippet">${raw(j.highlight.snippet)}</p>` : ""}
<p class="posted">Posted <time datetime="${posted}">${day(posted)}</time></p>
</article>
</li>`;
}

export function jobList(jobs: JobSummaryDto[], empty: string): Html {
  if (!jobs.length) return html`<p>${empty}</p>`;
  return html`<ul class="jobs">${jobs.map(jobCard)}</ul>`;
}

/** The big search form (landing page and results page), prefilled with the current values. */
export function searchForm(values: Record<string, string>, options: { extended: boolean }): Html {
  const v = (k: string) => values[k] ?? "";
  const select = (name: string, label: string, choices: Record<string, string>) => html`<p>
<label for="f-${name}">${label}</label>
<select id="f-${name}" name="${name}">
<option value="">Any</option>
${Object.entries(choices).map(([value, text]) => html`<option value="${value}"${v(name) === value ? raw(" selected") : ""}>${text}</option>`)}
</select>
</p>`;
  return html`<form class="search" method="get" action="/jobs" role="search" aria-label="Search jobs">
<p>
<label for="f-q">What</label>
<input id="f-q" name="q" type="search" value="${v("q")}" placeholder="Title, skill or company" maxlength="200">
</p>
<p>
<label for="f-location">Where</label>
<input id="f-location" name="location" type="text" value="${v("location")}" placeholder="City, region or country" maxlength="200">
</p>
${
  options.extended
    ? html`${select("job_type", "Job type", JOB_TYPE_LABEL)}
${select("experience_level", "Experience", LEVEL_LABEL)}
<p>
<label for="f-salary_min">Minimum yearly salary</label>
<input id="f-salary_min" name="salary_min" type="number" min="0" step="1000" inputmode="numeric" value="${v("salary_min")}">
</p>
${select("sort", "Sort by", { relevance: "Relevance", newest: "Newest", salary_desc: "Salary, highest first", salary_asc: "Salary, lowest first" })}
<p class="check">
<input id="f-remote" name="remote" type="checkbox" value="true"${v("remote") === "true" ? raw(" checked") : ""}>
<label for="f-remote">Remote only</label>
</p>
${["category", "company", "skills", "currency", "posted_within", "featured"].map((k) => (values[k] ? html`<input type="hidden" name="${k}" value="${values[k]}">` : ""))}`
    : ""
}
<p><button type="submit">Search jobs</button></p>
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
): Html {
  const salary = salaryText(job.salary);
  const sections: Array<[string, string | null]> = [
    ["Responsibilities", job.responsibilities_html],
    ["Requirements", job.requirements_html],
    ["Benefits", job.benefits_html],
  ];
  const apply = job.apply_url
    ? html`<a class="button" href="${job.apply_url}" rel="nofollow noopener" target="_blank">Apply on ${job.company.name}'s site</a>`
    : html`<a class="button" href="/docs#/Applications/applyToJob">Apply with your Job Board account</a>
<p class="hint">Applications go through <code>POST /api/v1/jobs/${job.id}/applications</code> (sign in first).</p>`;
  return html`<article class="job" aria-labelledby="job-title">
<nav aria-label="Breadcrumb" class="crumbs"><ol><li><a href="/">Home</a></li><li><a href="/jobs">Jobs</a></li>${job.category ? html`<li><a href="/jobs?category=${encodeURIComponent(job.category.slug)}">${job.category.name}</a></li>` : ""}</ol></nav>
<header>
<h1 id="job-title">${job.title}</h1>
<p class="meta"><a href="${companyPath(job.company)}">${job.company.name}</a> · ${placeText(job)}</p>
</header>
${options.ended ? html`<p class="ended" role="status"><strong>This job is no longer accepting applications.</strong> ${options.ended}</p>` : ""}
<dl class="facts">
<dt>Job type</dt><dd>${jobTypeLabel(job.job_type)}</dd>
<dt>Experience</dt><dd>${levelLabel(job.experience_level)}</dd>
${salary ? html`<dt>Salary</dt><dd>${salary}</dd>` : ""}
${job.published_at ? html`<dt>Posted</dt><dd><time datetime="${job.published_at}">${day(job.published_at)}</time></dd>` : ""}
${job.application_deadline ? html`<dt>Apply by</dt><dd><time datetime="${job.application_deadline}">${day(job.application_deadline)}</time></dd>` : ""}
${job.skills.length ? html`<dt>Skills</dt><dd><ul class="tags">${job.skills.map((s) => html`<li>${s.name}${s.required ? "" : " (nice to have)"}</li>`)}</ul></dd>` : ""}
</dl>
${options.ended ? "" : html`<section class="apply" aria-label="Apply">${apply}</section>`}
<section class="description" aria-labelledby="about-job">
<h2 id="about-job">About the job</h2>
${raw(job.description_html)}
${sections.map(([title, body]) => (body ? html`<h2>${title}</h2>${raw(body)}` : ""))}
</section>
</article>
<aside class="company-card" aria-labelledby="company-card-title">
<h2 id="company-card-title">${job.company.logo_url ? html`<img src="${job.company.logo_url}" alt="" width="48" height="48"> ` : ""}${job.company.name}</h2>
${job.company.is_verified ? html`<p><span class="badge">verified company</span></p>` : ""}
${options.company?.rating.count ? html`<p>Rated ${options.company.rating.average.toFixed(1)} out of 5 in ${options.company.rating.count} review${options.company.rating.count === 1 ? "" : "s"}</p>` : ""}
${options.company?.description ? html`<p>${options.company.description.slice(0, 300)}</p>` : ""}
<p><a href="${companyPath(job.company)}">More about ${job.company.name} and its open jobs</a></p>
</aside>
<section class="similar" aria-labelledby="similar-title">
<h2 id="similar-title">Similar jobs</h2>
${jobList(options.similar, "No similar jobs right now.")}
</section>`;
}

type Stars = { average: number; count: number };
const starsText = (r: Stars) =>
  r.count ? `${r.average.toFixed(1)} out of 5 (${r.count} review${r.count === 1 ? "" : "s"})` : "No reviews yet";

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
export function reviewItem(r: ReviewView): Html {
  const who = r.author ? (r.author.display_name ?? r.author.username) : "Anonymous";
  return html`<li>
<article class="review" aria-labelledby="review-${r.id}">
<h3 id="review-${r.id}">${r.title}</h3>
<p class="meta"><span class="stars" aria-label="Rated ${r.rating} out of 5">${"★".repeat(r.rating)}${"☆".repeat(5 - r.rating)}</span> · ${who} · ${r.employment_status.replace(/_/g, " ")} · <time datetime="${r.created_at}">${day(r.created_at)}</time></p>
${paragraphs(r.body)}
${r.pros ? html`<p><strong>Pros:</strong> ${r.pros}</p>` : ""}
${r.cons ? html`<p><strong>Cons:</strong> ${r.cons}</p>` : ""}
${r.response ? html`<blockquote class="response"><p><strong>The company responded:</strong></p>${paragraphs(r.response.body)}</blockquote>` : ""}
</article>
</li>`;
}

export function companyPage(
  company: CompanyView,
  jobs: { data: JobSummaryDto[]; total: number },
  reviews: { data: ReviewView[]; next: string | null },
): Html {
  const facts: Array<[string, string | number | null]> = [
    ["Industry", company.industry],
    ["Size", company.size ? `${company.size} employees` : null],
    ["Headquarters", company.headquarters],
    ["Founded", company.founded_year],
  ];
  return html`<article class="company" aria-labelledby="company-name">
<header>
<h1 id="company-name">${company.logo_url ? html`<img src="${company.logo_url}" alt="" width="64" height="64"> ` : ""}${company.name}</h1>
${company.is_verified ? html`<p><span class="badge">verified company</span></p>` : ""}
<p class="rating">${starsText(company.rating)}</p>
</header>
<dl class="facts">
${facts.map(([k, v]) => (v !== null && v !== "" ? html`<dt>${k}</dt><dd>${v}</dd>` : ""))}
${company.website ? html`<dt>Website</dt><dd><a href="${company.website}" rel="nofollow noopener">${company.website}</a></dd>` : ""}
</dl>
${company.description ? html`<section aria-labelledby="about-company"><h2 id="about-company">About</h2>${paragraphs(company.description)}</section>` : ""}
${company.benefits.length ? html`<section aria-labelledby="benefits"><h2 id="benefits">Benefits</h2><ul>${company.benefits.map((b) => html`<li>${b}</li>`)}</ul></section>` : ""}
<section aria-labelledby="open-jobs">
<h2 id="open-jobs">Open jobs (${jobs.total})</h2>
${jobList(jobs.data, "No open jobs right now.")}
${jobs.total > jobs.data.length ? html`<p><a href="/jobs?company=${encodeURIComponent(company.slug)}&amp;sort=newest">All ${jobs.total} jobs at ${company.name}</a></p>` : ""}
</section>
<section aria-labelledby="reviews">
<h2 id="reviews">Reviews</h2>
${reviews.data.length ? html`<ul class="reviews">${reviews.data.map(reviewItem)}</ul>` : html`<p>No reviews yet.</p>`}
${reviews.next ? html`<p><a href="${companyPath(company)}?reviews_cursor=${encodeURIComponent(reviews.next)}#reviews" rel="next">More reviews</a></p>` : ""}
</section>
</article>`;
}

/** A short error page body (404, 400, 410 without a job). */
export function messagePage(title: string, message: string): Html {
  return html`<h1>${title}</h1><p>${message}</p><p><a href="/jobs">Browse all jobs</a></p>`;
}
