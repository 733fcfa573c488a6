/**
 * The public pages in the reader's language: `Accept-Language` picks the
 * catalogue, the page says which (`lang`, `Content-Language`), caches are told
 * (`Vary: Accept-Language`) and each language has its own ETag; salaries,
 * numbers and dates are formatted with `Intl` for the negotiated locale.
 */
import { describe, expect, it } from "vitest";
import { CATALOGUES, translator } from "../src/i18n";
import { jobCard, salaryText } from "../src/modules/pages/views";
import { makeCompany, makeJob, unique } from "./factories";
import { call } from "./helpers/http";

async function get(path: string, language?: string) {
  const headers: Record<string, string> = { Accept: "text/html" };
  if (language) headers["Accept-Language"] = language;
  const res = await call("GET", path, { headers });
  return { res, status: res.status, text: await res.text() };
}

const nbsp = (s: string) => s.replace(/[\u00a0\u202f]/g, " ");

describe("public pages in the reader's language", () => {
  it("renders a job page in German for Accept-Language: de, with German salary formatting", async () => {
    const company = await makeCompany({ verified: true, name: `Beispiel ${unique()}` });
    const job = await makeJob({
      companyId: company.id,
      title: "Backend Engineer",
      city: "Berlin",
      country: "DE",
      salaryMin: 85000,
      salaryMax: 85000,
      salaryCurrency: "EUR",
      salaryPeriod: "year",
      jobType: "full_time",
    });
    const page = await get(`/jobs/${job.id}/${job.slug}`, "de-DE,de;q=0.9,en;q=0.5");
    expect(page.status).toBe(200);
    expect(page.text).toContain('<html lang="de">');
    expect(page.res.headers.get("Content-Language")).toBe("de");
    expect(page.res.headers.get("Vary")).toContain("Accept-Language");
    expect(page.text).toContain(CATALOGUES.de["job.about"]); // "Über den Job"
    expect(page.text).toContain(CATALOGUES.de["jobType.full_time"]); // "Vollzeit"
    expect(page.text).toContain(`<title>Backend Engineer bei ${company.name} · Job Board</title>`);
    expect(nbsp(page.text)).toContain("85.000 € pro Jahr");
    expect(page.text).not.toContain("About the job");
  });

  it("gives each language its own ETag, and a 304 only for the matching one", async () => {
    const company = await makeCompany({ verified: true });
    await makeJob({ companyId: company.id, title: `Etagger ${unique()}` });
    const en = await get("/", "en");
    const fr = await get("/", "fr-FR, en;q=0.5");
    expect(en.text).toContain('<html lang="en">');
    expect(fr.text).toContain('<html lang="fr">');
    expect(fr.text).toContain(CATALOGUES.fr["landing.title"]);
    const enTag = en.res.headers.get("ETag");
    const frTag = fr.res.headers.get("ETag");
    expect(enTag).toBeTruthy();
    expect(frTag).not.toBe(enTag);
    const revalidated = await call("GET", "/", { headers: { "If-None-Match": frTag ?? "", "Accept-Language": "fr" } });
    expect(revalidated.status).toBe(304);
    const otherLanguage = await call("GET", "/", {
      headers: { "If-None-Match": frTag ?? "", "Accept-Language": "es" },
    });
    expect(otherLanguage.status).toBe(200);
    expect(otherLanguage.headers.get("Content-Language")).toBe("es");
    await otherLanguage.text();
  });

  it("falls back to English for a language without a catalogue, honouring q-values", async () => {
    const ja = await get("/jobs", "ja, zh;q=0.9");
    expect(ja.text).toContain('<html lang="en">');
    expect(ja.res.headers.get("Content-Language")).toBe("en");
    // Spanish is preferred over German by weight, though German comes first.
    const es = await get("/jobs", "de;q=0.3, es;q=0.8");
    expect(es.res.headers.get("Content-Language")).toBe("es");
    expect(es.text).toContain(CATALOGUES.es["form.submit"]);
  });

  it("translates the error pages too (404 in French)", async () => {
    const page = await get("/jobs/nope-nope/slug", "fr");
    expect(page.status).toBe(404);
    expect(page.text).toContain(CATALOGUES.fr["error.jobNotFound"]);
    expect(page.res.headers.get("Content-Language")).toBe("fr");
  });
});

describe("email-link pages in the reader's language", () => {
  it("shows the verification page in Spanish, never cached", async () => {
    const page = await get("/verify-email?token=", "es-ES");
    expect(page.status).toBe(400);
    expect(page.text).toContain('<html lang="es">');
    expect(page.text).toContain(CATALOGUES.es["verify.title"]);
    expect(page.text).toContain("<code>POST /api/v1/auth/verify-email/resend</code>");
    expect(page.res.headers.get("Content-Language")).toBe("es");
    expect(page.res.headers.get("Cache-Control")).toBe("no-store");
  });
});

describe("renderers per locale", () => {
  const salary = {
    min: 60000,
    max: 80000,
    currency: "EUR",
    period: "year" as const,
    yearly_min: 60000,
    yearly_max: 80000,
  };

  it("formats salary ranges in each locale's notation", () => {
    expect(salaryText(salary)).toBe("€60,000–€80,000 a year");
    expect(nbsp(salaryText(salary, translator({ locale: "de", formatLocale: "de-DE" })) ?? "")).toBe(
      "60.000 €–80.000 € pro Jahr",
    );
    expect(nbsp(salaryText(salary, translator({ locale: "fr" })) ?? "")).toBe("60 000 €–80 000 € par an");
    expect(nbsp(salaryText({ ...salary, max: null }, translator({ locale: "es" })) ?? "")).toBe(
      "desde 60.000 € al año",
    );
  });

  it("shows the posting day in the locale's date format, keeping the ISO instant for machines", async () => {
    const card = String(
      await jobCard(
        {
          id: "j1",
          slug: "x",
          title: "X",
          company: { id: "c", name: "C", slug: "c", logo_url: null, is_verified: false },
          location: { city: null, region: null, country: null, lat: null, lng: null },
          is_remote: true,
          job_type: "contract",
          experience_level: "mid",
          salary: null,
          is_featured: false,
          published_at: "2026-03-02T10:00:00.000Z",
          created_at: "2026-03-01T10:00:00.000Z",
        } as unknown as Parameters<typeof jobCard>[0],
        translator({ locale: "de" }, "UTC"),
      ),
    );
    expect(card).toContain('<time datetime="2026-03-02T10:00:00.000Z">02.03.2026</time>');
    expect(card).toContain("Veröffentlicht am");
    expect(card).toContain("Befristeter Vertrag");
  });
});
