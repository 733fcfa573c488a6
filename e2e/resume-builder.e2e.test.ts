/**
 * The resume builder and feedback against the running server: a seeker fills
 * the profile from a JSON Resume, builds a PDF from it, downloads a real PDF
 * whose text is the profile's, gets feedback once the queue has parsed it, and
 * sees how it matches a published job before applying with it.
 */
import { extractText, getDocumentProxy } from "unpdf";
import { beforeAll, describe, expect, it } from "vitest";
import { base, expectStatus, get, loginAdmin, post, put, registerVerified, type User, waitFor } from "./lib/client";
import { createCompany, createDraftJob, verifyCompany } from "./lib/fixtures";

const stamp = Date.now().toString(36);
let seeker: User;
let employer: User;
let resumeId: string;
let jobId: string;

beforeAll(async () => {
  [seeker, employer] = await Promise.all([
    registerVerified("seeker", "builder"),
    registerVerified("employer", "hirer"),
  ]);
});

describe("resume builder", () => {
  it("the seeker imports a profile and builds a PDF resume from it", async () => {
    expectStatus(
      await put("/api/v1/profile/json-resume", {
        as: seeker,
        json: {
          basics: {
            label: "Backend engineer",
            phone: "+351 21 123 4567",
            summary: "Eight years of building APIs in TypeScript and PostgreSQL.",
            profiles: [{ network: "GitHub", url: "https://github.com/builder" }],
          },
          work: [
            {
              name: `Quokka Labs ${stamp}`,
              position: "Staff Engineer",
              startDate: "2020-01",
              highlights: ["Cut API latency by 40% for 2 million users"],
            },
          ],
          education: [
            { institution: "Universidade de Lisboa", studyType: "MSc", area: "Informatics", startDate: "2014" },
          ],
          skills: [{ name: "TypeScript", keywords: ["PostgreSQL"] }],
        },
      }),
      200,
    );
    const built = expectStatus(
      await post("/api/v1/resumes/build", { as: seeker, json: { template: "modern", format: "pdf" } }),
      201,
    );
    expect(built.content_type).toBe("application/pdf");
    resumeId = built.id;
  });

  it("the download is a PDF whose selectable text is the profile's", async () => {
    const res = await fetch(`${base}/api/v1/resumes/${resumeId}/download`, {
      headers: { Authorization: `Bearer ${seeker.token}`, "CF-Connecting-IP": seeker.ip },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/pdf");
    expect(res.headers.get("content-disposition")).toMatch(/^attachment/);
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect(new TextDecoder().decode(bytes.subarray(0, 5))).toBe("%PDF-");
    const { text } = await extractText(await getDocumentProxy(bytes), { mergePages: true });
    expect(text).toContain(`Quokka Labs ${stamp}`);
    expect(text).toContain("Staff Engineer");
    expect(text).toContain("Cut API latency by 40% for 2 million users");
    expect(text).toContain(seeker.email);
  });

  it("once parsed, the resume gets a score with reasons and suggestions", async () => {
    await waitFor("the built resume to be parsed", async () => {
      const r = expectStatus(await get(`/api/v1/resumes/${resumeId}`, { as: seeker }), 200);
      return r.parse_status === "done" ? r : undefined;
    });
    const feedback = expectStatus(await get(`/api/v1/resumes/${resumeId}/feedback`, { as: seeker }), 200);
    expect(feedback.score).toBeGreaterThan(40);
    expect(feedback.checks).toHaveLength(5);
    expect(feedback.sections).toMatchObject({ summary: true, experience: true, education: true, skills: true });
    expect(feedback.skills.found).toEqual(expect.arrayContaining(["TypeScript", "PostgreSQL"]));
    // ~60 words: the length suggestion says so.
    expect(feedback.suggestions.join("\n")).toMatch(/aim for 250–900/);
  });

  it("before applying, the seeker sees the match with the missing skills", async () => {
    const admin = await loginAdmin();
    const company = await createCompany(employer, `Builder Co ${stamp}`);
    await verifyCompany(admin, company.id);
    const job = await createDraftJob(employer, company.id, `API Engineer ${stamp}`, {
      skills: [
        { name: "TypeScript", required: true },
        { name: "Kubernetes", required: true },
        { name: "PostgreSQL", required: false },
      ],
    });
    jobId = job.id;
    expect(expectStatus(await post(`/api/v1/jobs/${jobId}/publish`, { as: employer }), 200).status).toBe("published");
    const match = expectStatus(
      await get(`/api/v1/jobs/${jobId}/match`, { as: seeker, query: { resume_id: resumeId } }),
      200,
    );
    expect(match.score).toBe(60);
    expect(match.missing).toEqual([{ name: "Kubernetes", required: true }]);
    // Someone else's resume is not found; employers cannot ask.
    const other = await registerVerified("seeker", "other");
    expect((await get(`/api/v1/jobs/${jobId}/match`, { as: other, query: { resume_id: resumeId } })).status).toBe(404);
    expect((await get(`/api/v1/resumes/${resumeId}/feedback`, { as: employer })).status).toBe(403);
    // The built resume applies like an upload.
    const app = expectStatus(
      await post(`/api/v1/jobs/${jobId}/applications`, { as: seeker, json: { resume_id: resumeId } }),
      201,
    );
    expect(app.resume_id ?? app.resume?.id).toBe(resumeId);
  });
});
