import { env } from "cloudflare:test";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { newId } from "../src/lib/ids";
import { docxText, extractText, xmlToText } from "../src/modules/files/extract";
import { loadMatcher, matchSkills } from "../src/modules/skills/matcher";
import { tokenize } from "../src/modules/skills/normalize";
import { resumes } from "../src/platform/db/schema";
import { MIME } from "../src/platform/storage/sniff";
import { db, makeResume, makeUser, signedIn } from "./factories";
import { api } from "./helpers/http";
import { buildDocx, buildPdf, deliverResumeParse, uploadResume } from "./helpers/profiles";

const row = (id: string) => db().select().from(resumes).where(eq(resumes.id, id)).get();

describe("text extraction", () => {
  it("reads text from a real PDF with unpdf", async () => {
    const pdf = buildPdf(["Ada Lovelace", "Senior engineer: TypeScript, PostgreSQL and Kubernetes"]);
    const text = await extractText(pdf, "pdf");
    expect(text).toContain("Ada Lovelace");
    expect(text).toContain("PostgreSQL and Kubernetes");
  });

  it("reads paragraphs from a real DOCX and decodes entities", async () => {
    const docx = buildDocx(["Grace Hopper", "COBOL & Fortran <compilers>"]);
    expect(await docxText(docx)).toBe("Grace Hopper\nCOBOL & Fortran <compilers>\n");
  });

  it("turns WordprocessingML tabs and breaks into whitespace", () => {
    expect(xmlToText("<w:p><w:r><w:t>a</w:t><w:tab/><w:t>b</w:t><w:br/><w:t>c&#x41;</w:t></w:r></w:p>")).toBe(
      "a\tb\ncA\n",
    );
  });

  it("strips a UTF-8 BOM and normalises whitespace in TXT", async () => {
    const bytes = new TextEncoder().encode("\uFEFFLine  one\r\n\r\n\r\n\r\nLine two");
    expect(await extractText(bytes, "txt")).toBe("Line one\n\nLine two");
  });

  it("rejects a ZIP that is not a Word document", async () => {
    await expect(docxText(new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0, 0, 0]))).rejects.toThrow(/DOCX/);
  });
});

describe("skill matching", () => {
  it("tokenises names with punctuation and keeps line breaks as boundaries", () => {
    const t = tokenize("C++, C#, Node.js. CI/CD\nMachine learning");
    expect(t.map((x) => x.raw)).toEqual(["C++", "C#", "Node.js", "CI/CD", "Machine", "learning"]);
    expect(t[5]?.joinsPrevious).toBe(true);
    expect(t[4]?.joinsPrevious).toBe(false);
  });

  it("finds canonical names, aliases and multi-word names, longest first", async () => {
    const m = await loadMatcher(db());
    const found = matchSkills(
      m,
      "Built services in golang and node.js on k8s with postgres. Machine Learning with PyTorch; Apache Spark jobs.",
    );
    expect(found).toEqual(
      expect.arrayContaining([
        "Go",
        "Node.js",
        "Kubernetes",
        "PostgreSQL",
        "Machine Learning",
        "PyTorch",
        "Apache Spark",
      ]),
    );
    // "Learning" or "Spark" alone must not produce other skills.
    expect(found).not.toContain("Deep Learning");
  });

  it("matches ambiguous names only with their exact casing, and never-aliases not at all", async () => {
    const m = await loadMatcher(db());
    expect(matchSkills(m, "I go to work and rest; my cv is attached")).toEqual([]);
    expect(matchSkills(m, "Languages: Go, R and C. Designed REST APIs.")).toEqual(
      expect.arrayContaining(["Go", "R", "C", "REST APIs"]),
    );
  });

  it("ranks the most mentioned skills first", async () => {
    const m = await loadMatcher(db());
    expect(matchSkills(m, "Python. Rust. Python. Python. Rust.")).toEqual(["Python", "Rust"]);
  });
});

describe("resume.parse queue handler", () => {
  it("parses a PDF: pending → done with text and skills", async () => {
    const user = await makeUser();
    const r = await makeResume(user.id, {
      bytes: buildPdf(["Jane Doe - Backend Engineer", "Skills: Python, Django, PostgreSQL, Docker"]),
      contentType: MIME.pdf,
      parseStatus: "pending",
    });
    expect((await row(r.id))?.parseStatus).toBe("pending");
    const result = await deliverResumeParse(r.id);
    expect(result.explicitAcks).toHaveLength(1);
    const after = await row(r.id);
    expect(after?.parseStatus).toBe("done");
    expect(after?.extractedText).toContain("Backend Engineer");
    expect(after?.extractedSkills).toEqual(expect.arrayContaining(["Python", "Django", "PostgreSQL", "Docker"]));
    expect(after?.parsedAt).toBeTypeOf("number");
  });

  it("parses a DOCX and a TXT", async () => {
    const user = await makeUser();
    const d = await makeResume(user.id, {
      bytes: buildDocx(["Forklift operator", "CDL class A, OSHA 30"]),
      contentType: MIME.docx,
      parseStatus: "pending",
    });
    const t = await makeResume(user.id, {
      bytes: new TextEncoder().encode("Registered nurse. BLS, ACLS."),
      contentType: MIME.txt,
      parseStatus: "pending",
    });
    await deliverResumeParse(d.id);
    await deliverResumeParse(t.id);
    expect((await row(d.id))?.extractedSkills).toEqual(
      expect.arrayContaining(["Forklift Operation", "Commercial Driving", "OSHA"]),
    );
    const txt = await row(t.id);
    expect(txt?.parseStatus).toBe("done");
    expect(txt?.extractedSkills).toEqual(
      expect.arrayContaining(["Nursing", "Basic Life Support", "Advanced Cardiac Life Support"]),
    );
  });

  it("marks a corrupt file as failed (no retry) and leaves finished resumes alone", async () => {
    const user = await makeUser();
    const broken = await makeResume(user.id, {
      bytes: new TextEncoder().encode("%PDF-1.4 garbage"),
      contentType: MIME.pdf,
      parseStatus: "pending",
    });
    const result = await deliverResumeParse(broken.id);
    expect(result.explicitAcks).toHaveLength(1);
    expect(result.retryMessages).toHaveLength(0);
    expect((await row(broken.id))?.parseStatus).toBe("failed");

    // A second delivery of the same message is a no-op.
    const done = await makeResume(user.id, {
      bytes: new TextEncoder().encode("Python"),
      contentType: MIME.txt,
      parseStatus: "done",
      extractedSkills: ["Kept"],
    });
    await deliverResumeParse(done.id);
    expect((await row(done.id))?.extractedSkills).toEqual(["Kept"]);
  });

  it("fails when the file is missing and acknowledges unknown resumes", async () => {
    const user = await makeUser();
    const r = await makeResume(user.id, {
      bytes: new TextEncoder().encode("Python"),
      contentType: MIME.txt,
      parseStatus: "pending",
    });
    await env.FILES.delete(r.r2Key);
    await deliverResumeParse(r.id);
    expect((await row(r.id))?.parseStatus).toBe("failed");
    const ghost = await deliverResumeParse(newId());
    expect(ghost.explicitAcks).toHaveLength(1);
  });

  it("end to end: an uploaded DOCX shows its extracted skills through the API once parsed", async () => {
    const s = await signedIn();
    const up = await uploadResume(s.token, {
      bytes: buildDocx(["Kotlin and Jetpack Compose", "Firebase"]),
      name: "a.docx",
    });
    expect(up.json.parse_status).toBe("pending");
    await deliverResumeParse(up.json.id);
    const r = await api.get(`/api/v1/resumes/${up.json.id}`, { token: s.token });
    expect(r.json.parse_status).toBe("done");
    expect(r.json.extracted_skills).toEqual(["Kotlin", "Jetpack Compose", "Firebase"]);
    expect(r.json).not.toHaveProperty("extracted_text");
  });
});
