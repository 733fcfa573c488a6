/**
 * The resume builder (`POST /resumes/build`): PDF and DOCX from the profile or
 * a supplied JSON Resume, parsed back with the same extractors uploads use,
 * stored as ordinary resumes (listed, parsed, downloadable, usable to apply).
 */
import { env } from "cloudflare:test";
import { unzipSync } from "fflate";
import { describe, expect, it } from "vitest";
import { extractText } from "../src/modules/files/extract";
import { modelFromJsonResume } from "../src/modules/resume-builder/model";
import { renderDocx } from "../src/modules/resume-builder/render-docx";
import { renderPdf, toCharset } from "../src/modules/resume-builder/render-pdf";
import { TEMPLATE, TEMPLATES } from "../src/modules/resume-builder/templates";
import { makeCompany, makeJob, makeResume, signedIn } from "./factories";
import { api, call, expectProblem } from "./helpers/http";
import { deliverResumeParse } from "./helpers/profiles";

const doc = {
  basics: {
    name: "Ignored Name",
    label: "Platform engineer",
    phone: "+49 30 1234567",
    url: "https://ada.dev",
    summary: "I keep clusters healthy and bills small.",
    location: { city: "Berlin", countryCode: "DE" },
    profiles: [{ network: "GitHub", username: "ada", url: "https://github.com/ada" }],
  },
  work: [
    {
      name: "Beta GmbH",
      position: "Site Reliability Engineer",
      startDate: "2022-02",
      summary: "On call for the payments platform.",
      highlights: ["Cut cloud costs by 30% in six months", "Led 4 engineers through a Kubernetes migration"],
    },
    { name: "Acme", position: "Developer", location: "Remote", startDate: "2018-01-15", endDate: "2022-01-31" },
  ],
  education: [
    { institution: "TU Berlin", studyType: "MSc", area: "Computer Science", startDate: "2015", endDate: "2017" },
  ],
  skills: [{ name: "Kubernetes", keywords: ["Terraform", "PostgreSQL"] }],
  certificates: [{ name: "CKA", date: "2023-04-01", issuer: "CNCF" }],
};

/** The fonts the Worker embeds, read from the static assets as the route does. */
const fontFile = async (name: string) =>
  new Uint8Array(await (await env.ASSETS.fetch(`https://assets.local/fonts/${name}`)).arrayBuffer());

/** Every font descriptor in a PDF: its font name and whether the font program is in the file. */
async function embeddedFonts(pdf: Uint8Array) {
  const { PDFDocument, PDFDict, PDFName } = await import("pdf-lib");
  const parsed = await PDFDocument.load(pdf);
  const out: { name: string; embedded: boolean }[] = [];
  for (const [, obj] of parsed.context.enumerateIndirectObjects()) {
    if (!(obj instanceof PDFDict) || obj.get(PDFName.of("Type")) !== PDFName.of("FontDescriptor")) continue;
    out.push({
      name: String(obj.get(PDFName.of("FontName"))).replace(/^\//, ""),
      embedded: obj.has(PDFName.of("FontFile2")),
    });
  }
  return out;
}

async function download(token: string, id: string) {
  const res = await call("GET", `/api/v1/resumes/${id}/download`, { token });
  return { res, bytes: new Uint8Array(await res.arrayBuffer()) };
}

describe("rendering", () => {
  const model = modelFromJsonResume({ ...doc, basics: { ...doc.basics, name: "Zoë Ðoe-Łukasz Şahin" } });

  for (const name of TEMPLATES) {
    it(`renders the ${name} template as a PDF whose text parses back`, async () => {
      const pdf = await renderPdf(model, TEMPLATE[name], "a4", fontFile);
      expect(new TextDecoder().decode(pdf.subarray(0, 5))).toBe("%PDF-");
      const text = await extractText(pdf, "pdf");
      for (const s of ["Site Reliability Engineer", "Beta GmbH", "Cut cloud costs by 30% in six months", "TU Berlin"]) {
        expect(text).toContain(s);
      }
      expect(text).toMatch(/experience/i);
      // The embedded DejaVu fonts carry Latin Extended: nothing is lost on the way.
      expect(text).toContain("Zoë Ðoe-Łukasz Şahin");
      // Embedded (a FontFile2 stream, TrueType), not the standard fonts referenced by name.
      const fonts = await embeddedFonts(pdf);
      const family = TEMPLATE[name].pdfFont === "serif" ? "DejaVuSerif" : "DejaVuSans";
      expect(fonts.length).toBe(3);
      for (const f of fonts) {
        expect(f.name.startsWith(family)).toBe(true);
        expect(f.embedded).toBe(true);
      }
      // Subsetting keeps the file small (three full DejaVu fonts would be ~2 MB).
      expect(pdf.byteLength).toBeLessThan(200_000);
    });
  }

  it("keeps Cyrillic and Greek, and marks what the fonts lack", async () => {
    const m = modelFromJsonResume({ basics: { name: "Дмитрий Σοφία", summary: "日本 ok" } });
    const text = await extractText(await renderPdf(m, TEMPLATE.modern, "a4", fontFile), "pdf");
    expect(text).toContain("Дмитрий Σοφία");
    expect(text).toContain("?? ok");
  });

  it("wraps long text and paginates instead of running off the page", async () => {
    const many = {
      ...doc,
      work: Array.from({ length: 30 }, (_, i) => ({
        name: `Company ${i}`,
        position: `Engineer ${i}`,
        startDate: "2020",
        highlights: [`${"A very long highlight that must wrap over several lines of the page. ".repeat(3)}#${i}`],
      })),
    };
    const pdf = await renderPdf(modelFromJsonResume(many), TEMPLATE.compact, "letter", fontFile);
    const { getDocumentProxy } = await import("unpdf");
    const proxy = await getDocumentProxy(pdf.slice());
    expect(proxy.numPages).toBeGreaterThan(1);
    const text = await extractText(pdf, "pdf");
    expect(text).toContain("Engineer 29");
    expect(text).toContain("#29");
  });

  it("keeps full Unicode and markup characters in the DOCX", async () => {
    const m = modelFromJsonResume({ basics: { name: "Łukasz <Dev> & Co", summary: "日本語 résumé" } });
    const docx = renderDocx(m, TEMPLATE.modern, "a4");
    const files = unzipSync(docx);
    expect(Object.keys(files)).toEqual(
      expect.arrayContaining(["[Content_Types].xml", "_rels/.rels", "word/document.xml", "word/styles.xml"]),
    );
    const text = await extractText(docx, "docx");
    expect(text).toContain("Łukasz <Dev> & Co");
    expect(text).toContain("日本語 résumé");
  });

  it("wraps an over-long name and survives control characters and emoji", async () => {
    const m = modelFromJsonResume({
      basics: { name: `${"Verylongname ".repeat(14)}End`, summary: "Tab\there \u0000 nul \u{1F680} rocket" },
    });
    const text = await extractText(await renderPdf(m, TEMPLATE.modern, "a4", fontFile), "pdf");
    expect(text).toContain("End");
    expect(text).toContain("Tab here nul ? rocket");
  });

  it("replaces what the fonts cannot encode", () => {
    expect(toCharset("a\u0142b\u015Fc", new Set([97, 98, 99, 115, 63]))).toBe("a?bsc");
  });
});

describe("POST /resumes/build", () => {
  it("builds a PDF from the profile, stores it as a resume that parses and downloads", async () => {
    const s = await signedIn({ firstName: "Ada", lastName: "Lovelace" });
    expect((await api.put("/api/v1/profile/json-resume", doc, { token: s.token })).status).toBe(200);

    const res = await api.post("/api/v1/resumes/build", { template: "modern" }, { token: s.token });
    expect(res.status).toBe(201);
    expect(res.headers.get("Location")).toBe(`/api/v1/resumes/${res.json.id}`);
    expect(res.json).toMatchObject({
      filename: "ada-lovelace-resume.pdf",
      content_type: "application/pdf",
      title: "Ada Lovelace (modern, PDF)",
      parse_status: "pending",
      is_primary: true,
    });

    const { res: dl, bytes } = await download(s.token, res.json.id);
    expect(dl.status).toBe(200);
    expect(dl.headers.get("Content-Type")).toBe("application/pdf");
    expect(dl.headers.get("Content-Disposition")).toContain("ada-lovelace-resume.pdf");
    const text = await extractText(bytes, "pdf");
    // The account's name (not the document's), the profile's sections and its email.
    expect(text).toContain("Ada Lovelace");
    expect(text).toContain(s.user.email);
    for (const part of [
      "Platform engineer",
      "Site Reliability Engineer",
      "Beta GmbH",
      "TU Berlin",
      "CKA",
      "Terraform",
    ]) {
      expect(text).toContain(part);
    }

    // It is an ordinary resume: parsed by the queue job, listed, and scored.
    await deliverResumeParse(res.json.id);
    const stored = (await api.get(`/api/v1/resumes/${res.json.id}`, { token: s.token })).json;
    expect(stored.parse_status).toBe("done");
    expect(stored.extracted_skills).toEqual(expect.arrayContaining(["Kubernetes", "Terraform", "PostgreSQL"]));
    const list = (await api.get("/api/v1/resumes", { token: s.token })).json.data;
    expect(list.map((r: { id: string }) => r.id)).toContain(res.json.id);
    const feedback = await api.get(`/api/v1/resumes/${res.json.id}/feedback`, { token: s.token });
    expect(feedback.status).toBe(200);
    expect(feedback.json.sections).toMatchObject({ summary: true, experience: true, education: true, skills: true });
    expect(feedback.json.contact).toEqual({ email: true, phone: true, link: true });
  });

  it("builds a DOCX from a supplied JSON Resume, and it can be used to apply", async () => {
    const s = await signedIn();
    const res = await api.post(
      "/api/v1/resumes/build",
      { format: "docx", template: "classic", title: "Generated CV", json_resume: doc },
      { token: s.token },
    );
    expect(res.status).toBe(201);
    expect(res.json).toMatchObject({
      filename: "ignored-name-resume.docx",
      content_type: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
      title: "Generated CV",
    });
    const { bytes } = await download(s.token, res.json.id);
    const xml = new TextDecoder().decode(unzipSync(bytes)["word/document.xml"]);
    expect(xml).toContain("Ignored Name");
    const text = await extractText(bytes, "docx");
    expect(text).toContain("Cut cloud costs by 30% in six months");
    expect(text).toContain("EXPERIENCE");

    await deliverResumeParse(res.json.id);
    const company = await makeCompany();
    const job = await makeJob({ companyId: company.id, skills: ["Kubernetes"] });
    const applied = await api.post(
      `/api/v1/jobs/${job.id}/applications`,
      { resume_id: res.json.id },
      { token: s.token },
    );
    expect(applied.status).toBe(201);
    const match = await api.get(`/api/v1/jobs/${job.id}/match?resume_id=${res.json.id}`, { token: s.token });
    expect(match.json).toMatchObject({ score: 100, missing: [] });
  });

  it("validates the body, refuses an empty profile and other roles", async () => {
    const s = await signedIn();
    expectProblem(await api.post("/api/v1/resumes/build", { format: "odt" }, { token: s.token }), 400);
    expectProblem(await api.post("/api/v1/resumes/build", { colour: "red" }, { token: s.token }), 400);
    expectProblem(
      await api.post("/api/v1/resumes/build", { json_resume: { work: [{ name: "Acme" }] } }, { token: s.token }),
      400,
    );
    expectProblem(await api.post("/api/v1/resumes/build", {}, { token: s.token }), 422, "resume-empty");
    const employer = await signedIn({ role: "employer" });
    expectProblem(await api.post("/api/v1/resumes/build", {}, { token: employer.token }), 403);
    expectProblem(await api.post("/api/v1/resumes/build", {}), 401);
  });

  it("counts towards the resume limit", async () => {
    const s = await signedIn();
    for (let i = 0; i < 10; i++) await makeResume(s.user.id);
    expectProblem(
      await api.post("/api/v1/resumes/build", { json_resume: doc }, { token: s.token }),
      409,
      "limit-reached",
    );
    const keys = await env.FILES.list({ prefix: `resumes/${s.user.id}/` });
    expect(keys.objects).toHaveLength(0);
  });
});
