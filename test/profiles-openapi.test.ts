import { describe, expect, it } from "vitest";
import { signedIn } from "./factories";
import { api, call, expectProblem } from "./helpers/http";

describe("OpenAPI and upload limits for the profiles area", () => {
  it("documents every profiles, resumes, skills and files operation", async () => {
    const r = await api.get("/openapi.json");
    expect(r.status).toBe(200);
    const ops = new Set<string>();
    for (const item of Object.values(r.json.paths) as Record<string, { operationId?: string }>[]) {
      for (const op of Object.values(item)) if (op.operationId) ops.add(op.operationId);
    }
    const expected = [
      "getPublicProfile",
      "getProfile",
      "updateProfile",
      "putAvatar",
      "deleteAvatar",
      "listExperience",
      "createExperience",
      "updateExperience",
      "deleteExperience",
      "listEducation",
      "createCertification",
      "deletePortfolioItem",
      "listProfileSkills",
      "replaceProfileSkills",
      "exportJsonResume",
      "importJsonResume",
      "listResumes",
      "uploadResume",
      "getResume",
      "updateResume",
      "deleteResume",
      "createResumeShareLink",
      "downloadResume",
      "listSkills",
      "getImage",
    ];
    for (const id of expected) expect(ops.has(id), id).toBe(true);
    expect(r.json.components.schemas).toHaveProperty("JsonResume");
  });

  it("cuts off a multipart body far over the limit while streaming (413), after checking the caller", async () => {
    const s = await signedIn();
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        const chunk = new Uint8Array(1024 * 1024).fill(0x61);
        for (let i = 0; i < 7; i++) controller.enqueue(chunk);
        controller.close();
      },
    });
    const anonymous = await call("POST", "/api/v1/resumes", {
      raw: "x",
      headers: { "Content-Type": "multipart/form-data; boundary=x" },
    });
    expect(anonymous.status).toBe(401);
    const res = await call("POST", "/api/v1/resumes", {
      token: s.token,
      raw: body,
      headers: { "Content-Type": "multipart/form-data; boundary=x" },
    });
    const text = await res.text();
    expectProblem({ status: res.status, json: JSON.parse(text), headers: res.headers }, 413);
  });
});
