/**
 * API-key scopes against the running server: a read-only key reads but cannot
 * write jobs, companies, applications, the profile or get a realtime ticket; a
 * key with the write scopes can. (test/access-matrix.test.ts covers every route.)
 */
import { beforeAll, describe, expect, it } from "vitest";
import { apiKey, http, slugOf, verifiedUser } from "./helpers";

const READ_ONLY = ["jobs:read", "companies:read", "applications:read", "profile:read"];
const FULL = [
  ...READ_ONLY,
  "jobs:write",
  "companies:write",
  "applications:write",
  "profile:write",
  "notifications:read",
];

let employer: Awaited<ReturnType<typeof verifiedUser>>;
let readKey: string;
let fullKey: string;

beforeAll(async () => {
  employer = await verifiedUser("employer");
  readKey = await apiKey(employer.token, READ_ONLY);
  fullKey = await apiKey(employer.token, FULL);
});

const jobBody = (companyId: string) => ({
  company_id: companyId,
  title: "Scoped Backend Engineer",
  description: "Build **APIs** at the edge.",
  job_type: "full_time",
  experience_level: "mid",
  location: { city: "Berlin", country: "Germany", lat: 52.52, lng: 13.405 },
  salary: { min: 60000, max: 80000, currency: "EUR", period: "year" },
  skills: [{ name: "Go" }],
});

function expectInsufficientScope(r: Awaited<ReturnType<typeof http>>, scope: string) {
  expect(r.status, JSON.stringify(r.json)).toBe(403);
  expect(slugOf(r)).toBe("insufficient-scope");
  expect(r.json.required_scope).toBe(scope);
}

describe("a read-only API key", () => {
  it("reads its owner's account, jobs, applications and profile", async () => {
    expect((await http("GET", "/api/v1/auth/me", { token: readKey })).status).toBe(200);
    expect((await http("GET", "/api/v1/employer/jobs", { token: readKey })).status).toBe(200);
    expect((await http("GET", "/api/v1/applications", { token: readKey })).status).toBe(200);
    expect((await http("GET", "/api/v1/profile", { token: readKey })).status).toBe(200);
  });

  it("cannot write jobs, companies, applications or the profile, nor get a realtime ticket", async () => {
    const company = await http("POST", "/api/v1/companies", { token: employer.token, body: { name: "Read Only Co" } });
    expect(company.status).toBe(201);
    expectInsufficientScope(
      await http("POST", "/api/v1/jobs", { token: readKey, body: jobBody(company.json.id) }),
      "jobs:write",
    );
    expectInsufficientScope(
      await http("POST", "/api/v1/companies", { token: readKey, body: { name: "Nope Co" } }),
      "companies:write",
    );
    expectInsufficientScope(
      await http("PATCH", `/api/v1/companies/${company.json.id}`, { token: readKey, body: { name: "Renamed" } }),
      "companies:write",
    );
    expectInsufficientScope(
      await http("POST", "/api/v1/applications/bulk", { token: readKey, body: { ids: ["x"], status: "reviewing" } }),
      "applications:write",
    );
    expectInsufficientScope(
      await http("PATCH", "/api/v1/profile", { token: readKey, body: { position_title: "Hacked" } }),
      "profile:write",
    );
    expectInsufficientScope(await http("POST", "/api/v1/realtime/ticket", { token: readKey }), "notifications:read");
    // Nothing was written: the company kept its name and has no jobs.
    const after = await http("GET", `/api/v1/companies/${company.json.id}`);
    expect(after.json.name).toBe("Read Only Co");
    const jobs = await http("GET", "/api/v1/employer/jobs", { token: employer.token });
    expect(jobs.json.data).toEqual([]);
  });

  it("cannot reach account settings, whatever its scopes (403 session-required)", async () => {
    for (const key of [readKey, fullKey]) {
      const r = await http("GET", "/api/v1/auth/api-keys", { token: key });
      expect(r.status).toBe(403);
      expect(slugOf(r)).toBe("session-required");
    }
  });
});

describe("a key with the write scopes", () => {
  it("creates a company and a job, publishes it, edits the profile and gets a realtime ticket", async () => {
    const company = await http("POST", "/api/v1/companies", { token: fullKey, body: { name: "Full Key Co" } });
    expect(company.status, JSON.stringify(company.json)).toBe(201);
    const job = await http("POST", "/api/v1/jobs", { token: fullKey, body: jobBody(company.json.id) });
    expect(job.status, JSON.stringify(job.json)).toBe(201);
    const published = await http("POST", `/api/v1/jobs/${job.json.id}/publish`, { token: fullKey });
    expect(published.status, JSON.stringify(published.json)).toBe(200);
    expect((await http("GET", `/api/v1/jobs/${job.json.id}`, { token: readKey })).status).toBe(200);
    const list = await http("GET", `/api/v1/jobs/${job.json.id}/applications`, { token: readKey });
    expect(list.status, JSON.stringify(list.json)).toBe(200);

    const profile = await http("PATCH", "/api/v1/profile", { token: fullKey, body: { position_title: "Hiring" } });
    expect(profile.status, JSON.stringify(profile.json)).toBe(200);
    const ticket = await http("POST", "/api/v1/realtime/ticket", { token: fullKey });
    expect(ticket.status).toBe(201);
    expect(ticket.json.ticket).toBeTruthy();
    expect(ticket.headers.get("RateLimit-Limit")).toBe("600");
  });

  it("still cannot use scopes it was not given", async () => {
    expectInsufficientScope(await http("GET", "/api/v1/dashboard", { token: fullKey }), "dashboard:read");
    expectInsufficientScope(await http("GET", "/api/v1/interviews", { token: fullKey }), "interviews:read");
  });

  it("creating a key with an unknown scope is 400", async () => {
    const r = await http("POST", "/api/v1/auth/api-keys", {
      token: employer.token,
      body: { name: "bad", scopes: ["jobs:admin"] },
    });
    expect(r.status).toBe(400);
  });
});
