/**
 * Geocoding (the cities gazetteer of migration 0037, in local D1) and category mapping of imported
 * jobs: every source's recorded payload run end to end (fetch intercepted), asserting the stored
 * coordinates, canonical place and category; plus namesakes resolved by country and state.
 */
import { env } from "cloudflare:test";
import { afterEach, describe, expect, it, vi } from "vitest";
import { geocodePlaces } from "../src/modules/geo";
import { categorySlugOf } from "../src/modules/ingestion/categories";
import { coordinates, normalizePosting } from "../src/modules/ingestion/normalize";
import { dedupKeyOf, geocoded } from "../src/modules/ingestion/pipeline";
import { db } from "./factories";
import adzunaSearch from "./fixtures/ingestion/adzuna-search.json";
import ashbyBoard from "./fixtures/ingestion/ashby-job-board.json";
import greenhouseJobs from "./fixtures/ingestion/greenhouse-jobs.json";
import leverPostings from "./fixtures/ingestion/lever-postings.json";
import smartrecruitersDetail from "./fixtures/ingestion/smartrecruiters-posting-detail.json";
import smartrecruitersPostings from "./fixtures/ingestion/smartrecruiters-postings.json";
import usajobsSearch from "./fixtures/ingestion/usajobs-search.json";
import workableAccount from "./fixtures/ingestion/workable-account.json";
import { json, makeSource, runSource, serveFeeds } from "./helpers/ingestion";

afterEach(() => vi.restoreAllMocks());

const texts = import.meta.glob<string>("./fixtures/ingestion/*.{xml,html}", {
  query: "?raw",
  import: "default",
  eager: true,
});
const fixture = (name: string) => {
  const text = texts[`./fixtures/ingestion/${name}`];
  if (text === undefined) throw new Error(`no fixture ${name}`);
  return text;
};
const xml = (body: string) => new Response(body, { headers: { "content-type": "application/rss+xml" } });
const html = (body: string) => new Response(body, { headers: { "content-type": "text/html; charset=utf-8" } });

interface Stored {
  external_id: string;
  title: string;
  city: string | null;
  region: string | null;
  country: string | null;
  lat: number | null;
  lng: number | null;
  category: string | null;
}

/** The source's jobs with their place, coordinates and category slug, by external id. */
async function stored(sourceId: string): Promise<Record<string, Stored>> {
  const { results } = await env.DB.prepare(
    `SELECT s.external_id, j.title, j.city, j.region, j.country, j.lat, j.lng, c.slug AS category
     FROM job_sources s JOIN jobs j ON j.id = s.job_id LEFT JOIN categories c ON c.id = j.category_id
     WHERE s.source_id = ?`,
  )
    .bind(sourceId)
    .all<Stored>();
  return Object.fromEntries(results.map((r) => [r.external_id, r]));
}

/** Runs one source against a served payload and returns its stored jobs. */
async function imported(
  routes: Parameters<typeof serveFeeds>[0],
  input: Parameters<typeof makeSource>[0],
  now = Date.now(),
) {
  serveFeeds(routes);
  const source = await makeSource(input);
  const out = await runSource(source, now);
  expect(out.status).toBe("succeeded");
  return stored(source.id);
}

const near = (lat: number, lng: number) => ({ lat: expect.closeTo(lat, 1), lng: expect.closeTo(lng, 1) });

describe("geocoding against the cities gazetteer", () => {
  const one = async (city: string | null, region: string | null = null, country: string | null = null) =>
    (await geocodePlaces(db(), [{ city, region, country }]))[0] ?? null;

  it("resolves namesakes by the given country or US state, else by population", async () => {
    expect(await one("Portland")).toMatchObject({ name: "Portland", country: "US", region: "OR" });
    expect(await one("Portland", "OR", "US")).toMatchObject({ country: "US", region: "OR", ...near(45.5, -122.7) });
    expect(await one("Portland", "Oregon")).toMatchObject({ country: "US", region: "OR" });
    // Portland, Maine has fewer than 100 000 inhabitants: unknown, not moved to Oregon.
    expect(await one("Portland", "ME", "US")).toBeNull();
    expect(await one("Portland", null, "AU")).toBeNull();
    expect(await one("Cambridge", null, "GB")).toMatchObject({ country: "GB", ...near(52.2, 0.12) });
    expect(await one("Cambridge", "MA", "US")).toMatchObject({ country: "US", region: "MA", ...near(42.4, -71.1) });
    expect(await one("Cambridge", "Massachusetts")).toMatchObject({ country: "US", region: "MA" });
    expect(await one("Cambridge", null, "CA")).toMatchObject({ country: "CA", ...near(43.4, -80.3) });
    // Without a country, the largest Cambridge (England).
    expect(await one("Cambridge")).toMatchObject({ country: "GB" });
  });

  it("knows local names, exonyms and abbreviations; unknown places are null", async () => {
    expect(await one("München")).toMatchObject({ name: "Munich", country: "DE", ...near(48.1, 11.6) });
    expect(await one("Munich", "Bavaria", "DE")).toMatchObject({ name: "Munich", country: "DE" });
    expect(await one("Cologne")).toMatchObject({ name: "Köln", country: "DE" });
    expect(await one("KÖLN")).toMatchObject({ name: "Köln" });
    expect(await one("Zurich")).toMatchObject({ name: "Zürich", country: "CH" });
    expect(await one("NYC")).toMatchObject({ name: "New York City", country: "US", ...near(40.7, -74) });
    expect(await one("New York", "NY", "US")).toMatchObject({ name: "New York City" });
    expect(await one("SF Bay Area")).toMatchObject({ name: "San Francisco", country: "US", region: "CA" });
    expect(await one("San Francisco", "CA", "US")).toMatchObject({ name: "San Francisco", region: "CA" });
    expect(await one("Greater London")).toMatchObject({ name: "London", country: "GB" });
    expect(await one("Washington", "District of Columbia", "US")).toMatchObject({ name: "Washington", region: "DC" });
    expect(await one("Atlantis")).toBeNull();
    expect(await one("Berlin", null, "FR")).toBeNull();
    expect(await one(null, null, "DE")).toBeNull();
    expect(await one("   ")).toBeNull();
  });

  it("resolves a large batch in one pass, each place on its own", async () => {
    const queries = Array.from({ length: 1200 }, (_, i) =>
      i % 3 === 0
        ? { city: "Cambridge", region: "MA", country: "US" }
        : i % 3 === 1
          ? { city: `Nowhere ${i}`, region: null, country: null }
          : { city: "Cambridge", region: null, country: "GB" },
    );
    const places = await geocodePlaces(db(), queries);
    expect(places).toHaveLength(1200);
    expect(places[0]).toMatchObject({ country: "US" });
    expect(places[1]).toBeNull();
    expect(places[1199]).toMatchObject({ country: "GB" });
    expect(places.filter(Boolean)).toHaveLength(800);
  });

  it("gives the dedup key the gazetteer's city, so spellings of one city compare equal", async () => {
    const raw = (location: string, id: string) =>
      normalizePosting(
        {
          externalId: id,
          title: "Backend Engineer",
          company: "Acme",
          url: null,
          applyUrl: null,
          description: "Build APIs.",
          descriptionIsHtml: false,
          location,
        },
        Date.now(),
      );
    const [nyc, ny, sf, bay] = await geocoded(db(), [
      raw("NYC", "a"),
      raw("New York, NY", "b"),
      raw("San Francisco, CA", "c"),
      raw("SF Bay Area", "d"),
    ]);
    if (!nyc || !ny || !sf || !bay) throw new Error("missing postings");
    expect(dedupKeyOf(nyc, "Acme").location).toBe(dedupKeyOf(ny, "Acme").location);
    expect(dedupKeyOf(sf, "Acme").location).toBe(dedupKeyOf(bay, "Acme").location);
    expect(dedupKeyOf(sf, "Acme").location).not.toBe(dedupKeyOf(nyc, "Acme").location);
  });
});

describe("category mapping rules", () => {
  it("maps source words, refines by the title, falls back to the title", () => {
    expect(categorySlugOf({ texts: ["Engineering"], title: "Senior Backend Engineer" })).toBe("backend");
    expect(categorySlugOf({ texts: ["Engineering"], title: "Office Manager" })).toBe("engineering");
    expect(categorySlugOf({ texts: ["Customer Success"], title: "Customer Support Specialist" })).toBe(
      "customer-success",
    );
    expect(categorySlugOf({ texts: [null, "People"], title: "Recruiter" })).toBe("recruiting");
    expect(categorySlugOf({ texts: [], title: "Registered Nurse (RN), ICU" })).toBe("nursing");
    expect(categorySlugOf({ texts: [], title: "Systems Administrator" })).toBe("devops");
    expect(categorySlugOf({ texts: [], title: "Device Driver Engineer" })).toBe("embedded-systems");
    expect(categorySlugOf({ texts: [], title: "Financial Analyst" })).toBe("financial-analysis");
    expect(categorySlugOf({ texts: ["Research"], title: "Chief of Staff" })).toBeNull();
    expect(categorySlugOf({ texts: [], title: "Park Ranger" })).toBeNull();
    // Labels naming a sub-category and its parent stand for the parent, which the title refines.
    expect(categorySlugOf({ texts: ["Accounting & Finance Jobs"], title: "Treasury Lead" })).toBe("finance");
    expect(categorySlugOf({ texts: ["Accounting & Finance Jobs"], title: "Financial Analyst" })).toBe(
      "financial-analysis",
    );
    expect(categorySlugOf({ texts: ["Healthcare & Nursing Jobs"], title: "Care Assistant" })).toBe("healthcare");
    expect(categorySlugOf({ texts: ["HR & Recruitment Jobs"], title: "HR Business Partner" })).toBe("human-resources");
    expect(categorySlugOf({ texts: ["Teaching Jobs"], title: "Maths Teacher" })).toBe("teaching");
    expect(categorySlugOf({ texts: ["Graduate Jobs"], title: "Graduate Scheme" })).toBeNull();
    // USAJobs occupational series names.
    expect(categorySlugOf({ texts: ["Nurse"], title: "Clinical Nurse" })).toBe("nursing");
    expect(categorySlugOf({ texts: ["General Attorney"], title: "Attorney-Advisor" })).toBe("legal");
    expect(categorySlugOf({ texts: ["Medical Officer"], title: "Physician (Family Medicine)" })).toBe(
      "medical-doctors",
    );
    expect(categorySlugOf({ texts: ["Park Ranger"], title: "Park Ranger" })).toBeNull();
  });
});

describe("imported jobs carry coordinates and a category, per source", () => {
  it("Greenhouse: departments, `Berlin, Germany`, `San Francisco, CA`; remote without a city stays null", async () => {
    const jobs = await imported(
      { "https://boards-api.greenhouse.io/v1/boards/geogh/jobs": () => json(greenhouseJobs) },
      { name: "GH", kind: "greenhouse", config: { board_token: "geogh", company_name: "Acme Robotics" } },
    );
    expect(jobs["4012345002"]).toMatchObject({
      city: "Berlin",
      country: "DE",
      category: "backend",
      ...near(52.5, 13.4),
    });
    expect(jobs["4012345003"]).toMatchObject({ city: null, lat: null, lng: null, category: "product-design" });
    expect(jobs["4012345004"]).toMatchObject({
      city: "San Francisco",
      region: "CA",
      country: "US",
      category: "engineering",
      ...near(37.8, -122.4),
    });
  });

  it("Lever: department, then team, then title; a bare `Berlin` gets its country", async () => {
    const jobs = await imported(
      { "https://api.lever.co/v0/postings/geolever": () => json(leverPostings) },
      { name: "Lever", kind: "lever", config: { company: "geolever", company_name: "Nimbus" } },
    );
    expect(jobs["7a1c9e3e-5b7d-4a51-9d0e-1f7c2b9a4e10"]).toMatchObject({
      city: "Berlin",
      country: "DE",
      category: "backend",
      ...near(52.5, 13.4),
    });
    expect(jobs["2f4e6a80-1c3b-4d5e-8f90-a1b2c3d4e5f6"]).toMatchObject({
      city: "London",
      country: "GB",
      category: "data-analysis",
      ...near(51.5, -0.13),
    });
  });

  it("Ashby: an unmapped department (`Research`) leaves the title to decide", async () => {
    const jobs = await imported(
      { "https://api.ashbyhq.com/posting-api/job-board/geoashby": () => json(ashbyBoard) },
      { name: "Ashby", kind: "ashby", config: { board_name: "geoashby", company_name: "Acme Ashby" } },
    );
    expect(jobs["b4a7c0de-3f11-4e55-9a2b-6c7d8e9f0a1b"]).toMatchObject({
      city: "Lisbon",
      country: "PT",
      category: "machine-learning",
      ...near(38.7, -9.1),
    });
  });

  it("Workable: department; `Denver, Colorado, United States`", async () => {
    const jobs = await imported(
      { "https://apply.workable.com/api/v1/widget/accounts/geowk": () => json(workableAccount) },
      { name: "Workable", kind: "workable", config: { subdomain: "geowk" } },
    );
    expect(jobs["8F3A2C1D7B"]).toMatchObject({ city: "Amsterdam", country: "NL", category: "frontend" });
    expect(jobs["2B9E4D6A11"]).toMatchObject({
      city: "Denver",
      country: "US",
      category: "operations",
      ...near(39.7, -105),
    });
  });

  it("SmartRecruiters: department and function; `Munich, Bavaria, de`", async () => {
    const jobs = await imported(
      {
        "https://api.smartrecruiters.com/v1/companies/geosr/postings?": () => json(smartrecruitersPostings),
        // Postings listed without their sections get them from their detail (only the description).
        "https://api.smartrecruiters.com/v1/companies/geosr/postings/": (request) =>
          json({ ...smartrecruitersDetail, id: new URL(request.url).pathname.split("/").pop() }),
      },
      { name: "SR", kind: "smartrecruiters", config: { company_identifier: "geosr" } },
    );
    expect(jobs["744000031234501"]).toMatchObject({
      city: "Munich",
      country: "DE",
      category: "devops",
      ...near(48.1, 11.6),
    });
    expect(jobs["744000031234502"]).toMatchObject({ city: "Austin", region: "TX", category: "customer-success" });
    expect(jobs["744000031234503"]).toMatchObject({ city: "Berlin", category: "data-analysis" });
  });

  it("Adzuna: the category tag, refined by the title; Adzuna's `area` places", async () => {
    const jobs = await imported(
      { "https://api.adzuna.com/v1/api/jobs/gb/search/1?": () => json(adzunaSearch) },
      {
        name: "Adzuna",
        kind: "adzuna",
        config: { country: "gb" },
        credentials: { app_id: "a1b2c3d4", app_key: "adzuna-secret-key-0123456789" },
      },
    );
    // Manchester, England (not Manchester, New Hampshire): the source's country decides.
    expect(jobs["4937218840"]).toMatchObject({
      city: "Manchester",
      country: "GB",
      category: "data-engineering",
      ...near(53.5, -2.2),
    });
    expect(jobs["4937219911"]).toMatchObject({ city: "Leeds", country: "GB", category: "warehouse" });
    expect(jobs["4937220007"]).toMatchObject({ city: "London", country: "GB", category: "accounting" });
  });

  it("USAJobs: the occupational series; `Washington, District of Columbia`; a place the gazetteer lacks keeps USAJobs' coordinates", async () => {
    const jobs = await imported(
      { "https://data.usajobs.gov/api/search?": () => json(usajobsSearch) },
      {
        name: "USAJobs",
        kind: "usajobs",
        config: {},
        credentials: { email: "jobs-admin@example.com", api_key: "usajobs-secret-key-abcdef0123" },
      },
    );
    expect(jobs["812345600"]).toMatchObject({
      city: "Washington",
      country: "US",
      category: "security",
      ...near(38.9, -77),
    });
    expect(jobs["812399001"]).toMatchObject({
      city: "Yellowstone National Park",
      region: "Wyoming",
      lat: 44.428,
      lng: -110.5885,
      category: null,
    });
  });

  it("RSS and Atom: the first `<category>`, else the title; feed locations", async () => {
    const rssUrl = "https://feeds.geo.example.com/jobs.rss";
    const atomUrl = "https://feeds.geo.example.com/jobs.atom";
    const rss = await imported(
      { [rssUrl]: () => xml(fixture("rss-jobs.xml")) },
      { name: "RSS", kind: "feed", config: { url: rssUrl, company_name: "Northwind" } },
    );
    expect(rss["northwind-1042"]).toMatchObject({ city: "Amsterdam", country: "NL", category: "site-reliability" });
    expect(rss["https://careers.northwind.example.com/jobs/csm-1043"]).toMatchObject({
      lat: null,
      category: "customer-success",
    });
    expect(rss["northwind-1044"]).toMatchObject({ city: "Rotterdam", category: "warehouse", ...near(51.9, 4.5) });
    const atom = await imported(
      { [atomUrl]: () => xml(fixture("atom-jobs.xml")) },
      { name: "Atom", kind: "feed", config: { url: atomUrl, company_name: "Bluefin Labs" } },
    );
    expect(atom["tag:jobs.bluefin.example.org,2026:job/311"]).toMatchObject({
      city: "Toronto",
      country: "CA",
      category: "data-science",
      ...near(43.7, -79.4),
    });
    expect(atom["tag:jobs.bluefin.example.org,2026:job/312"]).toMatchObject({ lat: null, category: "frontend" });
  });

  it("JSON-LD: `occupationalCategory`, else `industry`, else the title; the postal address", async () => {
    const url = "https://www.kestrel.example.com/careers";
    const extra = `<script type="application/ld+json">${JSON.stringify([
      {
        "@context": "https://schema.org",
        "@type": "JobPosting",
        title: "Associate",
        identifier: "KH-3001",
        url: "https://www.kestrel.example.com/careers/associate-1",
        occupationalCategory: "29-1141.00 Registered Nurses",
        hiringOrganization: { "@type": "Organization", name: "Kestrel Health" },
        jobLocation: { "@type": "Place", address: { addressLocality: "Cambridge", addressCountry: "GB" } },
      },
      {
        "@context": "https://schema.org",
        "@type": "JobPosting",
        title: "Associate",
        identifier: "KH-3002",
        url: "https://www.kestrel.example.com/careers/associate-2",
        industry: "Legal Services",
        hiringOrganization: { "@type": "Organization", name: "Kestrel Health" },
        jobLocation: {
          "@type": "Place",
          address: { addressLocality: "Cambridge", addressRegion: "MA", addressCountry: "US" },
        },
      },
      {
        "@context": "https://schema.org",
        "@type": "JobPosting",
        title: "iOS Engineer",
        identifier: "KH-3003",
        url: "https://www.kestrel.example.com/careers/ios",
        hiringOrganization: { "@type": "Organization", name: "Kestrel Health" },
        jobLocation: {
          "@type": "Place",
          address: { addressLocality: "Mountain View", addressRegion: "CA", addressCountry: "US" },
          geo: { "@type": "GeoCoordinates", latitude: "37.3861", longitude: -122.0839 },
        },
      },
      {
        "@context": "https://schema.org",
        "@type": "JobPosting",
        title: "Plumber",
        identifier: "KH-3004",
        url: "https://www.kestrel.example.com/careers/plumber",
        hiringOrganization: { "@type": "Organization", name: "Kestrel Health" },
        jobLocation: { "@type": "Place", address: { addressLocality: "Smallville", addressCountry: "US" } },
      },
    ])}</script></body>`;
    const page = fixture("career-page.html").replace("</body>", extra);
    const jobs = await imported(
      { [url]: () => html(page) },
      { name: "Careers", kind: "jsonld", config: { urls: [url] } },
      Date.parse("2026-12-01T00:00:00Z"),
    );
    expect(jobs["KH-2291"]).toMatchObject({
      city: "Boston",
      region: "MA",
      country: "US",
      category: "data-engineering",
      ...near(42.4, -71.1),
    });
    // Remote, no city: no coordinates; the title decides (`Clinical …` is healthcare).
    expect(jobs["KH-2304"]).toMatchObject({ lat: null, category: "healthcare" });
    expect(jobs["KH-3001"]).toMatchObject({
      city: "Cambridge",
      country: "GB",
      category: "nursing",
      ...near(52.2, 0.1),
    });
    expect(jobs["KH-3002"]).toMatchObject({
      city: "Cambridge",
      country: "US",
      category: "legal",
      ...near(42.4, -71.1),
    });
    // Too small for the gazetteer: the page's own `geo` is kept; without one, no coordinates.
    expect(jobs["KH-3003"]).toMatchObject({ city: "Mountain View", lat: 37.3861, lng: -122.0839, category: "mobile" });
    expect(jobs["KH-3004"]).toMatchObject({ city: "Smallville", lat: null, lng: null, category: "plumbing" });
  });

  it("a category an admin deleted is not assigned; the job stays uncategorised", async () => {
    await env.DB.prepare("UPDATE categories SET slug = 'welding-renamed' WHERE slug = 'welding'").run();
    const feed = `<?xml version="1.0"?><rss version="2.0"><channel><title>t</title><link>https://w.example.com</link><description>d</description>
      <item><title>MIG Welder</title><guid>weld-1</guid><link>https://w.example.com/jobs/1</link><description>Weld steel.</description><location>Sheffield, UK</location></item>
      </channel></rss>`;
    const url = "https://feeds.weld.example.com/jobs.rss";
    const jobs = await imported(
      { [url]: () => xml(feed) },
      { name: "Weld", kind: "feed", config: { url, company_name: "Weld Co" } },
    );
    expect(jobs["weld-1"]).toMatchObject({ city: "Sheffield", country: "GB", category: null, ...near(53.4, -1.5) });
    await env.DB.prepare("UPDATE categories SET slug = 'welding' WHERE slug = 'welding-renamed'").run();
  });
});

describe("source coordinates", () => {
  it("keeps plausible coordinates only", () => {
    expect(coordinates(44.4, -110.6)).toEqual({ lat: 44.4, lng: -110.6 });
    expect(coordinates(0, 0)).toEqual({ lat: null, lng: null });
    expect(coordinates(91, 10)).toEqual({ lat: null, lng: null });
    expect(coordinates(10, Number.NaN)).toEqual({ lat: null, lng: null });
    expect(coordinates(10, null)).toEqual({ lat: null, lng: null });
  });
});
