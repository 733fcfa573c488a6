import { createExecutionContext, createMessageBatch, env, getQueueResult } from "cloudflare:test";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { renderMarkdown } from "../src/modules/jobs/markdown";
import { companies, jobs, savedJobs } from "../src/platform/db/schema";
import { consumeBatch } from "../src/queue";
import { addMember, db, employerWithCompany, makeCompany, makeJob, signedIn } from "./factories";
import { api, call, expectProblem } from "./helpers/http";

describe("Markdown rendering", () => {
  it("never lets scripts, event handlers or javascript: URLs through", () => {
    const hostile = [
      "<script>alert(1)</script>",
      '<img src=x onerror="alert(1)">',
      "[click](javascript:alert(1))",
      "[click](JaVaScRiPt:alert(1))",
      "[x](vbscript:msgbox)",
      "[x](data:text/html;base64,PHNjcmlwdD4=)",
      "![img](javascript:alert(1))",
      '<a href="javascript:alert(1)" onclick="x()">a</a>',
      "<iframe src=//evil>",
      "[ok](https://example.com)",
    ].join("\n\n");
    const html = renderMarkdown(hostile) ?? "";
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/<img[^>]*onerror/i);
    expect(html).not.toMatch(/<iframe/i);
    expect(html).not.toMatch(/href="(javascript|vbscript|data):/i);
    expect(html).not.toMatch(/src="javascript:/i);
    expect(html).not.toMatch(/<a [^>]*onclick/i);
    expect(html).toContain("&lt;script&gt;");
    expect(html).toContain(
      '<a href="https://example.com" rel="nofollow noopener noreferrer ugc" target="_blank">ok</a>',
    );
  });
});

describe("GET /jobs/{id}", () => {
  it("serves the job with sanitised HTML and a Google-ready JobPosting", async () => {
    const company = await makeCompany({ verified: true, name: "Acme <b>", website: "https://acme.example" });
    await db().update(companies).set({ logoKey: "images/logos/abc.png" }).where(eq(companies.id, company.id));
    const job = await makeJob({
      companyId: company.id,
      title: "Go Engineer",
      description: "Hello <script>alert(1)</script> [x](javascript:alert(1))",
      city: "Berlin",
      region: "Berlin",
      country: "DE",
      lat: 52.5,
      lng: 13.4,
      jobType: "contract",
      salaryMin: 500,
      salaryMax: 700,
      salaryCurrency: "EUR",
      salaryPeriod: "day",
      skills: ["Go"],
    });
    const r = await api.get(`/api/v1/jobs/${job.id}`);
    expect(r.status).toBe(200);
    expect(r.json.description).toBe("Hello <script>alert(1)</script> [x](javascript:alert(1))");
    expect(r.json.description_html).not.toMatch(/<script|href="javascript/i);
    const ld = r.json.json_ld;
    expect(ld).toMatchObject({
      "@context": "https://schema.org/",
      "@type": "JobPosting",
      title: "Go Engineer",
      employmentType: "CONTRACTOR",
      identifier: { "@type": "PropertyValue", value: job.id },
      hiringOrganization: {
        "@type": "Organization",
        name: "Acme <b>",
        sameAs: "https://acme.example",
        logo: expect.stringContaining("images/logos/abc.png"),
      },
      jobLocation: { "@type": "Place", address: { addressLocality: "Berlin", addressCountry: "DE" } },
      baseSalary: {
        "@type": "MonetaryAmount",
        currency: "EUR",
        value: { "@type": "QuantitativeValue", minValue: 500, maxValue: 700, unitText: "DAY" },
      },
      directApply: true,
    });
    expect(ld.description).toContain("<p>");
    expect(ld.description).not.toMatch(/<script/);
    expect(new Date(ld.datePosted).toISOString()).toBe(ld.datePosted);
    expect(Date.parse(ld.validThrough)).toBe(job.expiresAt);

    const ldOnly = await call("GET", `/api/v1/jobs/${job.id}`, { headers: { Accept: "application/ld+json" } });
    expect(ldOnly.headers.get("Content-Type")).toContain("application/ld+json");
    expect((await ldOnly.json()) as object).toEqual(ld);
  });

  it("marks remote jobs TELECOMMUTE with applicant location requirements", async () => {
    const company = await makeCompany({ verified: true });
    const job = await makeJob({ companyId: company.id, isRemote: true, country: "Germany", jobType: "internship" });
    const ld = (await api.get(`/api/v1/jobs/${job.id}`)).json.json_ld;
    expect(ld.jobLocationType).toBe("TELECOMMUTE");
    expect(ld.applicantLocationRequirements).toEqual({ "@type": "Country", name: "Germany" });
    expect(ld.employmentType).toBe("INTERN");
  });

  it("sends an ETag and answers 304; public responses are cacheable, personal ones private", async () => {
    const company = await makeCompany({ verified: true });
    const job = await makeJob({ companyId: company.id });
    const first = await api.get(`/api/v1/jobs/${job.id}`);
    const etag = first.headers.get("ETag");
    expect(etag).toBeTruthy();
    expect(first.headers.get("Cache-Control")).toContain("public");
    const again = await call("GET", `/api/v1/jobs/${job.id}`, { headers: { "If-None-Match": etag ?? "" } });
    expect(again.status).toBe(304);

    const seeker = await signedIn({ role: "seeker" });
    const mine = await api.get(`/api/v1/jobs/${job.id}`, { token: seeker.token });
    expect(mine.headers.get("Cache-Control")).toBe("private, no-cache");
    expect(mine.json).toMatchObject({ has_applied: false, is_saved: false });
    await db().insert(savedJobs).values({ userId: seeker.user.id, jobId: job.id, createdAt: Date.now() });
    expect((await api.get(`/api/v1/jobs/${job.id}`, { token: seeker.token })).json.is_saved).toBe(true);
    // The anonymous (shared) body never carries personal fields.
    const anon = await api.get(`/api/v1/jobs/${job.id}`);
    expect(anon.json.is_saved).toBeUndefined();
    expect(anon.json.has_applied).toBeUndefined();
  });

  it("a change is visible on the next read (versioned cache), in detail and search", async () => {
    const emp = await employerWithCompany();
    const job = await makeJob({ companyId: emp.company.id, title: "Original Zebra Title" });
    const s1 = await api.get("/api/v1/jobs?q=zebra");
    expect(s1.json.total).toBe(1);
    expect((await api.get("/api/v1/jobs?q=zebra")).headers.get("X-Cache")).toBe("HIT");
    expect((await api.get(`/api/v1/jobs/${job.id}`)).json.title).toBe("Original Zebra Title");

    const patched = await api.patch(`/api/v1/jobs/${job.id}`, { title: "Renamed Okapi Title" }, { token: emp.token });
    expect(patched.status).toBe(200);
    expect((await api.get("/api/v1/jobs?q=zebra")).json.total).toBe(0);
    expect((await api.get("/api/v1/jobs?q=okapi")).json.total).toBe(1);
    expect((await api.get(`/api/v1/jobs/${job.id}`)).json.title).toBe("Renamed Okapi Title");

    // Company changes invalidate too.
    await db().update(companies).set({ name: "Brand New Name" }).where(eq(companies.id, emp.company.id));
    expect((await api.get(`/api/v1/jobs/${job.id}`)).json.company.name).toBe("Brand New Name");
    expect((await api.get("/api/v1/jobs?q=brand")).json.total).toBe(1);

    // Closing removes it from both.
    await api.post(`/api/v1/jobs/${job.id}/close`, undefined, { token: emp.token });
    expectProblem(await api.get(`/api/v1/jobs/${job.id}`), 404);
    expect((await api.get("/api/v1/jobs?q=okapi")).json.total).toBe(0);
  });

  it("hides unpublished jobs from strangers but shows them to members and admins", async () => {
    const emp = await employerWithCompany();
    const other = await employerWithCompany();
    const admin = await signedIn({ role: "admin" });
    const draft = await makeJob({ companyId: emp.company.id, status: "draft", publishedAt: null });
    expectProblem(await api.get(`/api/v1/jobs/${draft.id}`), 404);
    expectProblem(await api.get(`/api/v1/jobs/${draft.id}`, { token: other.token }), 404);
    expect((await api.get(`/api/v1/jobs/${draft.id}`, { token: emp.token })).status).toBe(200);
    expect((await api.get(`/api/v1/jobs/${draft.id}`, { token: admin.token })).status).toBe(200);
    expectProblem(await api.get("/api/v1/jobs/does-not-exist"), 404);
  });

  it("counts views through the queue, once per viewer per day", async () => {
    const company = await makeCompany({ verified: true });
    const recruiter = await signedIn({ role: "employer" });
    await addMember(company.id, recruiter.user.id, "recruiter");
    const job = await makeJob({ companyId: company.id });
    const sent: unknown[] = [];
    const original = env.EVENTS.send.bind(env.EVENTS);
    env.EVENTS.send = (async (body: unknown) => {
      sent.push(body);
    }) as unknown as typeof env.EVENTS.send;
    try {
      const seeker = await signedIn({ role: "seeker" });
      await api.get(`/api/v1/jobs/${job.id}`, { token: seeker.token });
      await api.get(`/api/v1/jobs/${job.id}`, { token: seeker.token });
      await api.get(`/api/v1/jobs/${job.id}`, { headers: { "CF-Connecting-IP": "192.0.2.1" } });
      await api.get(`/api/v1/jobs/${job.id}`, { token: recruiter.token });
      await new Promise((r) => setTimeout(r, 50));
    } finally {
      env.EVENTS.send = original;
    }
    const views = sent.filter((m) => (m as { type: string }).type === "job.viewed");
    expect(views).toHaveLength(3);
    // The request path wrote nothing: the counter is untouched until the consumer runs.
    expect((await db().select().from(jobs).where(eq(jobs.id, job.id)).get())?.viewCount).toBe(0);

    const batch = createMessageBatch(
      "events",
      views.map((body, i) => ({ id: `m${i}`, timestamp: new Date(), attempts: 1, body })),
    );
    const ctx = createExecutionContext();
    await consumeBatch(batch, env, ctx);
    const result = await getQueueResult(batch, ctx);
    expect(result.explicitAcks).toHaveLength(3);
    // Redelivery of the same messages counts nothing twice.
    await consumeBatch(batch, env, createExecutionContext());
    expect((await db().select().from(jobs).where(eq(jobs.id, job.id)).get())?.viewCount).toBe(2);
  });
});
