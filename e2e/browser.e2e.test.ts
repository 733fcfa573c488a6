/**
 * The public pages in a real browser: headless Chromium from the system's
 * packages (`/usr/bin/chromium`, installed by `.ci/run`; CHROMIUM_PATH
 * overrides), driven with puppeteer-core. A visitor lands, searches, opens a
 * job (its JSON-LD must be a valid JobPosting) and its company; axe-core finds
 * no serious or critical violation on any page; the stylesheet loads under the
 * strict CSP with no violation reported; and a verification link from the dev
 * mailbox, opened in the browser, verifies the account.
 *
 * `UPDATE_SCREENSHOTS=1` also writes docs/screenshots/*.png (the README's).
 */
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import axe from "axe-core";
import puppeteer, { type Browser, type Page } from "puppeteer-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  base,
  expectStatus,
  get,
  localPath,
  login,
  loginAdmin,
  newIp,
  post,
  registerVerified,
  uniqueEmail,
  waitForMail,
} from "./lib/client";
import { createCompany, createDraftJob, pdf, verifyCompany } from "./lib/fixtures";
import { jobPostingProblems } from "./lib/job-posting";

const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const SHOTS = process.env.UPDATE_SCREENSHOTS ? join(import.meta.dirname, "..", "docs", "screenshots") : null;
const stamp = Date.now().toString(36);
const word = `Narwhal${stamp}`;

let browser: Browser;
let page: Page;
const cspErrors: string[] = [];
// biome-ignore lint/suspicious/noExplicitAny: the job as the API returns it
let job: any;
// biome-ignore lint/suspicious/noExplicitAny: the company as the API returns it
let company: any;

beforeAll(async () => {
  const [employer, admin] = await Promise.all([registerVerified("employer", "pager"), loginAdmin()]);
  company = await createCompany(employer, `Narwhal Labs ${stamp}`);
  await verifyCompany(admin, company.id);
  const draft = await createDraftJob(employer, company.id, `${word} Platform Engineer`);
  expect(expectStatus(await post(`/api/v1/jobs/${draft.id}/publish`, { as: employer }), 200).status).toBe("published");
  job = expectStatus(await get(`/api/v1/jobs/${draft.id}`), 200);

  browser = await puppeteer.launch({
    executablePath: CHROMIUM,
    headless: true,
    // CI runs as root, where Chromium's sandbox cannot start.
    args: ["--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu"],
  });
  page = await browser.newPage();
  await page.setViewport({ width: 1200, height: 900 });
  await page.setExtraHTTPHeaders({ "CF-Connecting-IP": newIp() });
  page.on("console", (msg) => {
    if (/Content.Security.Policy|Refused to/i.test(msg.text())) cspErrors.push(msg.text());
  });
  if (SHOTS) mkdirSync(SHOTS, { recursive: true });
}, 120_000);

afterAll(async () => {
  await browser?.close();
});

/** axe-core's serious and critical violations on the current page (injected over CDP, so the CSP stays on). */
async function seriousViolations(): Promise<string[]> {
  await page.evaluate(axe.source);
  const result = await page.evaluate(async () => {
    // biome-ignore lint/suspicious/noExplicitAny: axe is a global once injected
    const r = await (window as any).axe.run(document, { resultTypes: ["violations"] });
    return r.violations.map((v: { id: string; impact: string; nodes: { target: string[] }[] }) => ({
      id: v.id,
      impact: v.impact,
      targets: v.nodes.map((n) => n.target.join(" ")).slice(0, 3),
    }));
  });
  return (result as { id: string; impact: string; targets: string[] }[])
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.impact} ${v.id}: ${v.targets.join(", ")}`);
}

async function shot(name: string) {
  if (SHOTS) await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: false });
}

async function checkPage(name: string) {
  expect(await seriousViolations(), name).toEqual([]);
  // The stylesheet loaded under the CSP (it sets the body's margin to 0).
  expect(await page.evaluate(() => getComputedStyle(document.body).margin)).toBe("0px");
  expect(await page.$$eval("script:not([type='application/ld+json'])", (s) => s.length)).toBe(0);
  await shot(name);
}

describe("the public site in Chromium", () => {
  it("lands, searches, opens a job with a valid JobPosting, and its company", async () => {
    const landing = await page.goto(`${base}/`, { waitUntil: "load" });
    expect(landing?.status()).toBe(200);
    expect(landing?.headers()["content-security-policy"]).toContain("default-src 'none'");
    expect(await page.$eval("h1", (h) => h.textContent)).toBe("Find your next job");
    await checkPage("landing");

    await page.type("#f-q", word);
    await Promise.all([page.waitForNavigation({ waitUntil: "load" }), page.click("form.search button[type=submit]")]);
    const url = new URL(page.url());
    expect(url.pathname).toBe("/jobs");
    expect(url.searchParams.get("q")).toBe(word);
    const links = await page.$$eval("ul.jobs h3 a", (as) => as.map((a) => a.getAttribute("href")));
    expect(links).toEqual([`/jobs/${job.id}/${job.slug}`]);
    await checkPage("search");

    await Promise.all([page.waitForNavigation({ waitUntil: "load" }), page.click("ul.jobs h3 a")]);
    expect(new URL(page.url()).pathname).toBe(`/jobs/${job.id}/${job.slug}`);
    const blocks = await page.$$eval('script[type="application/ld+json"]', (s) => s.map((e) => e.textContent ?? ""));
    expect(blocks).toHaveLength(1);
    const ld = JSON.parse(blocks[0] ?? "");
    expect(jobPostingProblems(ld)).toEqual([]);
    expect(ld.title).toBe(job.title);
    expect(new URL(ld.url).pathname).toBe(`/jobs/${job.id}/${job.slug}`);
    expect(ld).toEqual(job.json_ld);
    expect(await page.$eval("h1", (h) => h.textContent)).toBe(job.title);
    await checkPage("job");

    await Promise.all([page.waitForNavigation({ waitUntil: "load" }), page.click(".company-card a")]);
    expect(new URL(page.url()).pathname).toBe(`/companies/${company.slug}`);
    expect(await page.$eval("h1", (h) => h.textContent?.trim())).toBe(company.name);
    await checkPage("company");
    expect(cspErrors).toEqual([]);
  });

  it("the job market page shows its trends as accessible inline SVG charts, without script", async () => {
    const res = await page.goto(`${base}/market`, { waitUntil: "load" });
    expect(res?.status()).toBe(200);
    expect(res?.headers()["content-security-policy"]).toContain("default-src 'none'");
    expect(await page.$eval("h1", (h) => h.textContent)).toBe("Job market");
    const charts = await page.$$eval("figure.chart svg[role=img]", (svgs) =>
      svgs.map((s) => ({
        labelledBy: s.getAttribute("aria-labelledby"),
        title: s.querySelector("title")?.textContent,
      })),
    );
    expect(charts).toHaveLength(3);
    for (const ch of charts) expect(ch.labelledBy).toMatch(/^market-[a-z]+-title market-[a-z]+-desc$/);
    await checkPage("market");
    expect(cspErrors).toEqual([]);
  });

  it("the documented pages answer as the OpenAPI document says", async () => {
    // Through the suite's client: each response is checked against /openapi.json.
    expect((await get("/jobs", { query: { q: word }, headers: { Accept: "text/html" } })).status).toBe(200);
    expect((await get("/jobs.rss", { query: { q: word } })).text).toContain(job.title);
    expect((await get("/jobs.atom")).status).toBe(200);
    expect((await get("/sitemap.xml")).text).toContain("/sitemaps/jobs.xml?from=");
    expect((await get(`/jobs/${job.id}`)).status).toBe(301);
  });

  it("a verification link from the dev mailbox, opened in the browser, verifies the account", async () => {
    const email = uniqueEmail("browser");
    const password = `Browser-${stamp}-Password`;
    const ip = newIp();
    expectStatus(
      await post("/api/v1/auth/register", {
        as: { ip },
        json: { email, password, role: "seeker", first_name: "Brow", last_name: "Ser" },
      }),
      201,
    );
    const mail = await waitForMail(email, (m) => /verify-email\?token=/.test(m.text));
    const link = /(https?:\/\/\S+\/verify-email\?token=[\w%-]+)/.exec(mail.text)?.[1];
    expect(link).toBeTruthy();
    const opened = await page.goto(`${base}${localPath(link ?? "")}`, { waitUntil: "load" });
    expect(opened?.status()).toBe(200);
    expect((await login(email, password, ip)).user.email_verified).toBe(false);
    await checkPage("verify-email");
    await Promise.all([page.waitForNavigation({ waitUntil: "load" }), page.click("form button[type=submit]")]);
    expect(await page.$eval("h1", (h) => h.textContent)).toBe("Email address verified");
    expect(await seriousViolations()).toEqual([]);
    expect((await login(email, password, ip)).user.email_verified).toBe(true);
    expect(cspErrors).toEqual([]);
  });
});

describe("the public site in the reader's language, and the resume share page", () => {
  it("serves the pages in French for Accept-Language: fr (lang attribute, translated words, headers)", async () => {
    const fr = await browser.newPage();
    try {
      await fr.setExtraHTTPHeaders({ "Accept-Language": "fr-FR,fr;q=0.9,en;q=0.5", "CF-Connecting-IP": newIp() });
      const res = await fr.goto(`${base}/jobs/${job.id}/${job.slug}`, { waitUntil: "load" });
      expect(res?.status()).toBe(200);
      expect(res?.headers()["content-language"]).toBe("fr");
      expect(res?.headers().vary).toMatch(/Accept-Language/i);
      expect(await fr.$eval("html", (h) => h.getAttribute("lang"))).toBe("fr");
      expect(await fr.$eval("#about-job", (h) => h.textContent)).toBe("À propos de l’offre");
      expect(await fr.$eval(".skip", (a) => a.textContent)).toBe("Aller au contenu");
      const landing = await fr.goto(`${base}/`, { waitUntil: "load" });
      expect(landing?.status()).toBe(200);
      expect(await fr.$eval("#hero-title", (h) => h.textContent)).toBe("Trouvez votre prochain emploi");
    } finally {
      await fr.close();
    }
    // Without the header the same page is English, with another ETag.
    const en = await get("/", { headers: { Accept: "text/html" } });
    const frRes = await get("/", { headers: { Accept: "text/html", "Accept-Language": "fr" } });
    expect(en.headers.get("content-language")).toBe("en");
    expect(frRes.headers.get("etag")).not.toBe(en.headers.get("etag"));
  });

  it("a resume share link opens an accessible page with a working download; a forged token is 404", async () => {
    const seeker = await registerVerified("seeker", "sharer");
    const form = new FormData();
    form.set("file", new Blob([pdf(["Sam Sharer", "Engineer"])], { type: "application/pdf" }), "sam-sharer.pdf");
    const resume = expectStatus(await post("/api/v1/resumes", { as: seeker, form }), 201);
    const link = expectStatus(
      await post(`/api/v1/resumes/${resume.id}/share-link`, { as: seeker, json: { expires_in: 3600 } }),
      201,
    );
    expect(link.page_url).toContain(`/resumes/${resume.id}/shared?token=`);
    const opened = await page.goto(`${base}${localPath(link.page_url)}`, { waitUntil: "load" });
    expect(opened?.status()).toBe(200);
    expect(await page.$eval("h1", (h) => h.textContent)).toBe("A shared resume");
    expect(await page.$eval("dd", (d) => d.textContent)).toBe("sam-sharer.pdf");
    await checkPage("resume-share");
    const href = await page.$eval("a.button", (a) => (a as HTMLAnchorElement).href);
    const file = await fetch(href, { headers: { "CF-Connecting-IP": newIp() } });
    expect(file.status).toBe(200);
    expect(new TextDecoder().decode(new Uint8Array(await file.arrayBuffer()).subarray(0, 5))).toBe("%PDF-");
    const forged = await page.goto(`${base}/resumes/${resume.id}/shared?token=not-a-token`, { waitUntil: "load" });
    expect(forged?.status()).toBe(404);
    expect(cspErrors).toEqual([]);
  });
});
