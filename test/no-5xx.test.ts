/**
 * Inputs that used to answer 500: LIKE patterns built from input (D1 refuses
 * patterns over 50 bytes) and writes that trusted an id from the request
 * (foreign key failures). Each must be a 2xx or a clear 4xx.
 */
import { describe, expect, it } from "vitest";
import { employerWithCompany, makeCompany, signedIn } from "./factories";
import { api, expectProblem } from "./helpers/http";
import { jobBody } from "./helpers/jobs";

const longName = (prefix: string) => `${prefix} ${"Verylongcompanyname ".repeat(6)}`.trim().slice(0, 60);

describe("no 5xx from long text", () => {
  it("creates companies whose names are 49+ characters, twice (slug suffix)", async () => {
    const emp = await signedIn({ role: "employer" });
    // Another row, so the slug lookup has to evaluate its pattern (the OR short-circuits on an exact match).
    await makeCompany({ verified: true, name: "Unrelated" });
    const name = longName("Acme");
    expect(name.length).toBe(60);
    const a = await api.post("/api/v1/companies", { name }, { token: emp.token });
    expect(a.status).toBe(201);
    const b = await api.post("/api/v1/companies", { name }, { token: emp.token });
    expect(b.status).toBe(201);
    expect(b.json.slug).toBe(`${a.json.slug}-2`);
    const max = await api.post("/api/v1/companies", { name: "Ł".repeat(120) }, { token: emp.token });
    expect(max.status).toBe(201);
  });

  it("creates categories with 60-character names", async () => {
    const admin = await signedIn({ role: "admin" });
    const name = longName("Category");
    const a = await api.post("/api/v1/categories", { name }, { token: admin.token });
    expect(a.status).toBe(201);
    const b = await api.post("/api/v1/categories", { name }, { token: admin.token });
    expect(b.status).toBe(201);
    expect(b.json.slug).toBe(`${a.json.slug}-2`);
  });

  it("searches with long q on companies, employer jobs and applications", async () => {
    const emp = await employerWithCompany();
    const q = encodeURIComponent("ü".repeat(100));
    for (const path of [`/api/v1/companies?q=${q}`, `/api/v1/employer/jobs?q=${q}`, `/api/v1/applications?q=${q}`]) {
      const r = await api.get(path, { token: emp.token });
      expect(r.status, path).toBe(200);
      expect(r.json.data).toEqual([]);
    }
  });
});

describe("no 5xx from ids that do not exist", () => {
  it("admin creating a job for an unknown company gets 404, like an employer", async () => {
    const admin = await signedIn({ role: "admin", verified: true });
    const emp = await employerWithCompany();
    const missing = "01900000-0000-7000-8000-000000000000";
    expectProblem(await api.post("/api/v1/jobs", jobBody(missing), { token: emp.token }), 404);
    expectProblem(await api.post("/api/v1/jobs", jobBody(missing), { token: admin.token }), 404);
    const ok = await api.post("/api/v1/jobs", jobBody(emp.company.id), { token: admin.token });
    expect(ok.status).toBe(201);
  });
});
