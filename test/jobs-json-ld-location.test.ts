/**
 * Google for Jobs: a JobPosting needs `jobLocation` unless it is remote
 * (`TELECOMMUTE`), so a job with neither is never published (422
 * `location-required`) — by the employer, an admin's approval, the publish_at
 * cron, or via an import — and the JSON-LD has Google's shapes.
 */
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { jobs } from "../src/platform/db/schema";
import { db, employerWithCompany, makeCompany, makeJob, signedIn } from "./factories";
import { api, call, expectProblem } from "./helpers/http";
import { jobBody, runFiveMinuteCron } from "./helpers/jobs";

const DAY = 86_400_000;
const nowhere = { location: null, is_remote: false };
const statusOf = async (id: string) => (await db().select().from(jobs).where(eq(jobs.id, id)).get())?.status;

describe("location-required", () => {
  it("refuses to publish a job that is neither remote nor located, and publishes it once it is remote", async () => {
    const emp = await employerWithCompany();
    const created = await api.post("/api/v1/jobs", jobBody(emp.company.id, nowhere), { token: emp.token });
    expect(created.status).toBe(201);
    const r = expectProblem(
      await api.post(`/api/v1/jobs/${created.json.id}/publish`, undefined, { token: emp.token }),
      422,
      "location-required",
    );
    expect(r.errors).toEqual([{ path: "location", message: "Set a location, or is_remote: true." }]);
    expect(await statusOf(created.json.id)).toBe("draft");

    await api.patch(`/api/v1/jobs/${created.json.id}`, { is_remote: true }, { token: emp.token });
    const ok = await api.post(`/api/v1/jobs/${created.json.id}/publish`, undefined, { token: emp.token });
    expect(ok.status).toBe(200);
    expect(ok.json.status).toBe("published");
  });

  it("keeps a published or scheduled job from losing its location", async () => {
    const emp = await employerWithCompany();
    const live = await api.post("/api/v1/jobs", jobBody(emp.company.id), { token: emp.token });
    await api.post(`/api/v1/jobs/${live.json.id}/publish`, undefined, { token: emp.token });
    expectProblem(
      await api.patch(`/api/v1/jobs/${live.json.id}`, { location: null }, { token: emp.token }),
      422,
      "location-required",
    );
    const publishAt = new Date(Date.now() + DAY).toISOString();
    const later = await api.post("/api/v1/jobs", jobBody(emp.company.id, { publish_at: publishAt }), {
      token: emp.token,
    });
    await api.post(`/api/v1/jobs/${later.json.id}/publish`, undefined, { token: emp.token });
    expectProblem(
      await api.patch(`/api/v1/jobs/${later.json.id}`, { location: null }, { token: emp.token }),
      422,
      "location-required",
    );
    // A PATCH of something else leaves is_remote (and skills) alone instead of resetting them to defaults.
    const remote = await api.post("/api/v1/jobs", jobBody(emp.company.id, { location: null, is_remote: true }), {
      token: emp.token,
    });
    await api.post(`/api/v1/jobs/${remote.json.id}/publish`, undefined, { token: emp.token });
    const renamed = await api.patch(`/api/v1/jobs/${remote.json.id}`, { title: "Renamed" }, { token: emp.token });
    expect(renamed.status).toBe(200);
    expect(renamed.json.is_remote).toBe(true);
    expect(renamed.json.skills.map((k: { name: string }) => k.name)).toEqual(["Go", "SQL"]);
    // A plain draft may drop it: the rule applies when it goes live.
    const draft = await api.post("/api/v1/jobs", jobBody(emp.company.id), { token: emp.token });
    expect((await api.patch(`/api/v1/jobs/${draft.json.id}`, { location: null }, { token: emp.token })).status).toBe(
      200,
    );
  });

  it("is not published by the publish_at cron nor by an admin's approval", async () => {
    const company = await makeCompany({ verified: true });
    const now = Date.now();
    const scheduled = await makeJob({
      companyId: company.id,
      status: "draft",
      publishAt: now - 60_000,
      approvedAt: now - DAY,
      publishedAt: null,
    });
    const located = await makeJob({
      companyId: company.id,
      status: "draft",
      city: "Berlin",
      publishAt: now - 60_000,
      approvedAt: now - DAY,
      publishedAt: null,
    });
    await runFiveMinuteCron(now);
    expect(await statusOf(scheduled.id)).toBe("draft");
    expect(await statusOf(located.id)).toBe("published");

    const pending = await makeJob({ companyId: company.id, status: "pending_review", publishedAt: null });
    const admin = await signedIn({ role: "admin" });
    expectProblem(
      await api.post(`/api/v1/admin/jobs/${pending.id}/approve`, undefined, { token: admin.token }),
      422,
      "location-required",
    );
    expect(await statusOf(pending.id)).toBe("pending_review");
  });

  it("imports a job without a location as a draft that cannot be published until it has one", async () => {
    const emp = await employerWithCompany();
    const r = await call("POST", `/api/v1/jobs/import?company_id=${emp.company.id}`, {
      token: emp.token,
      body: [{ title: "Nowhere", description: "D", job_type: "full_time", experience_level: "mid" }],
    });
    const json = (await r.json()) as { created: number; results: { id: string }[] };
    expect(json.created).toBe(1);
    const id = json.results[0]?.id;
    expectProblem(
      await api.post(`/api/v1/jobs/${id}/publish`, undefined, { token: emp.token }),
      422,
      "location-required",
    );
  });
});

describe("JobPosting JSON-LD", () => {
  const ldOf = async (id: string) => (await api.get(`/api/v1/jobs/${id}`)).json.json_ld;

  it("marks a fully remote job TELECOMMUTE with the country as applicant requirement and no jobLocation", async () => {
    const company = await makeCompany({ verified: true });
    const job = await makeJob({ companyId: company.id, isRemote: true, country: "DE", experienceLevel: "senior" });
    const ld = await ldOf(job.id);
    expect(ld.jobLocationType).toBe("TELECOMMUTE");
    expect(ld.applicantLocationRequirements).toEqual({ "@type": "Country", name: "DE" });
    expect(ld.jobLocation).toBeUndefined();
    expect(ld.experienceRequirements).toEqual({
      "@type": "OccupationalExperienceRequirements",
      monthsOfExperience: 60,
    });
  });

  it("gives a hybrid job both the office and TELECOMMUTE; remote from anywhere has no requirement", async () => {
    const company = await makeCompany({ verified: true });
    const hybrid = await makeJob({ companyId: company.id, isRemote: true, city: "Berlin", country: "DE" });
    const ld = await ldOf(hybrid.id);
    expect(ld.jobLocationType).toBe("TELECOMMUTE");
    expect(ld.jobLocation).toEqual({
      "@type": "Place",
      address: { "@type": "PostalAddress", addressLocality: "Berlin", addressCountry: "DE" },
    });
    const anywhere = await makeJob({ companyId: company.id, isRemote: true, experienceLevel: "entry" });
    const ld2 = await ldOf(anywhere.id);
    expect(ld2.jobLocationType).toBe("TELECOMMUTE");
    expect(ld2.applicantLocationRequirements).toBeUndefined();
    expect(ld2.experienceRequirements).toEqual({
      "@type": "OccupationalExperienceRequirements",
      monthsOfExperience: 0,
    });
  });

  it("has Google's required and recommended properties for an on-site job", async () => {
    const company = await makeCompany({ verified: true });
    const now = Date.now();
    const job = await makeJob({
      companyId: company.id,
      title: "Welder",
      city: "Hamburg",
      region: "HH",
      country: "DE",
      jobType: "part_time",
      salaryMin: 20,
      salaryMax: 20,
      salaryCurrency: "EUR",
      salaryPeriod: "hour",
      publishedAt: now - DAY,
      expiresAt: now + 10 * DAY,
    });
    const ld = await ldOf(job.id);
    expect(ld).toMatchObject({
      "@context": "https://schema.org/",
      "@type": "JobPosting",
      title: "Welder",
      datePosted: new Date(now - DAY).toISOString(),
      validThrough: new Date(now + 10 * DAY).toISOString(),
      employmentType: "PART_TIME",
      hiringOrganization: { "@type": "Organization", name: company.name },
      jobLocation: {
        "@type": "Place",
        address: { "@type": "PostalAddress", addressLocality: "Hamburg", addressRegion: "HH", addressCountry: "DE" },
      },
      baseSalary: {
        "@type": "MonetaryAmount",
        currency: "EUR",
        value: { "@type": "QuantitativeValue", value: 20, unitText: "HOUR" },
      },
      experienceRequirements: { "@type": "OccupationalExperienceRequirements", monthsOfExperience: 24 },
    });
    expect(typeof ld.description).toBe("string");
    expect(ld.jobLocationType).toBeUndefined();
  });
});
