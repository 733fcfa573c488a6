import { eq } from "drizzle-orm";
import Papa from "papaparse";
import { describe, expect, it } from "vitest";
import { newId } from "../src/lib/ids";
import { applicationStatusHistory, applications, jobs, jobViewDaily } from "../src/platform/db/schema";
import {
  addMember,
  db,
  employerWithCompany,
  makeCategory,
  makeCompany,
  makeJob,
  makeUser,
  signedIn,
} from "./factories";
import { api, call, expectProblem } from "./helpers/http";

const DAY = 86_400_000;

describe("GET /employer/jobs", () => {
  it("lists every status across the caller's companies, filtered by status, company and q", async () => {
    const emp = await employerWithCompany();
    const second = await makeCompany({ verified: true });
    await addMember(second.id, emp.user.id, "recruiter");
    const other = await makeCompany({ verified: true });
    await makeJob({ companyId: emp.company.id, title: "Draft One", status: "draft", publishedAt: null });
    await makeJob({ companyId: emp.company.id, title: "Live One" });
    await makeJob({ companyId: second.id, title: "Closed Two", status: "closed" });
    await makeJob({ companyId: other.id, title: "Not Mine" });

    const all = await api.get("/api/v1/employer/jobs", { token: emp.token });
    expect(all.json.data.map((j: { title: string }) => j.title).sort()).toEqual([
      "Closed Two",
      "Draft One",
      "Live One",
    ]);
    const drafts = await api.get("/api/v1/employer/jobs?status=draft", { token: emp.token });
    expect(drafts.json.data.map((j: { title: string }) => j.title)).toEqual(["Draft One"]);
    const byCompany = await api.get(`/api/v1/employer/jobs?company_id=${second.id}`, { token: emp.token });
    expect(byCompany.json.data.map((j: { title: string }) => j.title)).toEqual(["Closed Two"]);
    const q = await api.get("/api/v1/employer/jobs?q=live", { token: emp.token });
    expect(q.json.data.map((j: { title: string }) => j.title)).toEqual(["Live One"]);
    expect((await api.get("/api/v1/employer/jobs?q=%25", { token: emp.token })).json.data).toEqual([]);
    const paged = await api.get("/api/v1/employer/jobs?limit=2", { token: emp.token });
    const rest = await api.get(`/api/v1/employer/jobs?limit=2&cursor=${paged.json.next_cursor}`, { token: emp.token });
    expect(paged.json.data.length + rest.json.data.length).toBe(3);
    expect((await api.get(`/api/v1/employer/jobs?company_id=${other.id}`, { token: emp.token })).json.data).toEqual([]);
    const seeker = await signedIn({ role: "seeker" });
    expectProblem(await api.get("/api/v1/employer/jobs", { token: seeker.token }), 403);
    expectProblem(await api.get("/api/v1/employer/jobs"), 401);
  });
});

describe("GET /jobs/{id}/analytics", () => {
  it("reports views per day, applications by status, conversion and time to hire", async () => {
    const emp = await employerWithCompany();
    const job = await makeJob({ companyId: emp.company.id });
    const today = Math.floor(Date.now() / DAY);
    await db()
      .insert(jobViewDaily)
      .values([
        { jobId: job.id, day: today, views: 6 },
        { jobId: job.id, day: today - 2, views: 4 },
      ]);
    await db().update(jobs).set({ viewCount: 10 }).where(eq(jobs.id, job.id));
    const now = Date.now();
    const path = ["pending", "reviewing", "shortlisted", "interviewing", "offered", "accepted"] as const;
    for (const status of ["pending", "pending", "accepted"] as const) {
      const u = await makeUser();
      const id = newId();
      await db()
        .insert(applications)
        .values({
          id,
          jobId: job.id,
          companyId: emp.company.id,
          applicantId: u.id,
          status,
          statusChangedAt: status === "accepted" ? now : now - 2 * DAY,
          createdAt: now - 2 * DAY,
          updatedAt: now,
        });
      // The status history the funnel is computed from (the hire moved through every stage, 8 h each).
      const stages = status === "accepted" ? path : (["pending"] as const);
      await db()
        .insert(applicationStatusHistory)
        .values(
          stages.map((to, i) => ({
            id: newId(),
            applicationId: id,
            fromStatus: i === 0 ? null : (stages[i - 1] ?? null),
            toStatus: to,
            actorRole: i === 0 ? ("applicant" as const) : ("company" as const),
            createdAt: now - 2 * DAY + i * 8 * 3_600_000,
          })),
        );
    }
    const r = await api.get(`/api/v1/jobs/${job.id}/analytics?days=7`, { token: emp.token });
    expect(r.status).toBe(200);
    expect(r.json.views_by_day).toHaveLength(7);
    expect(r.json.views_by_day.at(-1).views).toBe(6);
    expect(r.json.views_in_period).toBe(10);
    expect(r.json.applications_by_status).toEqual({ pending: 2, accepted: 1 });
    expect(r.json.applications_total).toBe(3);
    expect(r.json.conversion_rate).toBe(0.3);
    expect(r.json.time_to_hire_days).toBe(2);
    // The hiring funnel from the applications module.
    expect(r.json.funnel).toMatchObject({ job_id: job.id, total_applications: 3, rejected: 0, withdrawn: 0 });
    const byStage = Object.fromEntries(r.json.funnel.stages.map((s: { stage: string; count: number }) => [s.stage, s]));
    expect(byStage.applied).toMatchObject({ count: 3, conversion_from_applied: null, median_hours_in_stage: 8 });
    expect(byStage.reviewing).toMatchObject({ count: 1, conversion_from_previous: 0.3333 });
    expect(byStage.accepted).toMatchObject({ count: 1, conversion_from_previous: 1 });
    expect(byStage.reviewing.median_hours_in_stage).toBe(8);
  });
});

describe("POST /jobs/import", () => {
  it("imports a CSV: good rows become drafts in batches, bad rows report errors", async () => {
    const emp = await employerWithCompany();
    const cat = await makeCategory({ slug: `imp-${Date.now()}` });
    const other = await makeCompany({ verified: true });
    const rows = [
      "title,description,job_type,experience_level,category,city,country,lat,lng,is_remote,salary_min,salary_max,salary_currency,salary_period,skills",
      `Go Developer,"Write Go, test it.",full_time,mid,${cat.slug},Berlin,Germany,52.5,13.4,no,60000,80000,EUR,year,Go; SQL`,
      "No Type,Desc,,mid,,,,,,,,,,,",
      `Bad Salary,Desc,contract,senior,,,,,,yes,9000,100,EUR,month,`,
      `Unknown Category,Desc,contract,senior,no-such-category,,,,,,,,,,`,
      `"Quoted ""title""","Multi\nline",part_time,entry,,Paris,France,,,true,,,,,`,
    ].join("\n");
    const r = await call("POST", `/api/v1/jobs/import?company_id=${emp.company.id}`, {
      token: emp.token,
      raw: rows,
      headers: { "Content-Type": "text/csv" },
    });
    const json = (await r.clone().json()) as {
      created: number;
      failed: number;
      results: Array<{ row: number; id?: string; errors?: Array<{ path: string }> }>;
    };
    expect(r.status, JSON.stringify(json)).toBe(200);
    expect(json.created, JSON.stringify(json.results)).toBe(2);
    expect(json.failed).toBe(3);
    expect(json.results.map((x) => x.row)).toEqual([1, 2, 3, 4, 5]);
    expect(json.results[1]?.errors?.map((e) => e.path)).toContain("job_type");
    expect(json.results[2]?.errors?.map((e) => e.path)).toContain("salary.min");
    expect(json.results[3]?.errors?.map((e) => e.path)).toContain("category_id");
    const created = await db()
      .select()
      .from(jobs)
      .where(eq(jobs.id, json.results[0]?.id ?? ""));
    expect(created[0]).toMatchObject({
      status: "draft",
      categoryId: cat.id,
      salaryMinYearly: 60000,
      companyId: emp.company.id,
    });
    expect(created[0]?.skills.map((s) => s.name)).toEqual(["Go", "SQL"]);
    const quoted = await db()
      .select()
      .from(jobs)
      .where(eq(jobs.id, json.results[4]?.id ?? ""));
    expect(quoted[0]?.title).toBe('Quoted "title"');
    expect(quoted[0]?.isRemote).toBe(true);

    // A row for a company that is not the caller's fails on its own.
    const json2 = await api.post(
      "/api/v1/jobs/import",
      [
        { company_id: other.id, title: "Sneaky", description: "x", job_type: "full_time", experience_level: "mid" },
        {
          company_id: emp.company.id,
          title: "Fine job",
          description: "x",
          job_type: "full_time",
          experience_level: "mid",
        },
        {
          company_id: emp.company.id,
          title: "Extra field",
          description: "x",
          job_type: "full_time",
          experience_level: "mid",
          status: "published",
        },
      ],
      { token: emp.token },
    );
    expect(json2.status).toBe(200);
    expect(json2.json.results[0].errors[0].path).toBe("company_id");
    expect(json2.json.results[1].id).toBeTruthy();
    expect(json2.json.results[2].errors[0]).toMatchObject({ path: "status", message: "Unknown field." });
  });

  it("rejects oversized imports, unknown columns, other media types and non-employers", async () => {
    const emp = await employerWithCompany();
    const many = Array.from({ length: 501 }, () => ({ title: "x" }));
    expectProblem(await api.post("/api/v1/jobs/import", many, { token: emp.token }), 413, "too-many-rows");
    const bad = await call("POST", "/api/v1/jobs/import", {
      token: emp.token,
      raw: "title,colour\nA,red",
      headers: { "Content-Type": "text/csv" },
    });
    expect(bad.status).toBe(400);
    const xml = await call("POST", "/api/v1/jobs/import", {
      token: emp.token,
      raw: "<a/>",
      headers: { "Content-Type": "application/xml" },
    });
    expect(xml.status).toBe(415);
    const seeker = await signedIn({ role: "seeker" });
    expectProblem(await api.post("/api/v1/jobs/import", [], { token: seeker.token }), 403);
  });
});

describe("GET /jobs/export", () => {
  it("exports CSV with proper quoting and formula injection neutralised", async () => {
    const emp = await employerWithCompany();
    await makeJob({
      companyId: emp.company.id,
      title: '=HYPERLINK("http://evil","x")',
      description: 'Line one\nLine "two", with comma',
      city: "+Berlin",
      region: "@region",
      country: "-DE",
      lat: -33.9,
      lng: 151.2,
    });
    const res = await call("GET", "/api/v1/jobs/export?format=csv", { token: emp.token });
    expect(res.status).toBe(200);
    expect(res.headers.get("Content-Type")).toContain("text/csv");
    expect(res.headers.get("Content-Disposition")).toMatch(/^attachment; filename="jobs-/);
    const text = (await res.text()).replace(/^\uFEFF/, "");
    const parsed = Papa.parse<Record<string, string>>(text, { header: true, skipEmptyLines: true });
    expect(parsed.errors).toEqual([]);
    const row = parsed.data[0];
    expect(row?.title).toBe(`'=HYPERLINK("http://evil","x")`);
    expect(row?.city).toBe("'+Berlin");
    expect(row?.region).toBe("'@region");
    expect(row?.country).toBe("'-DE");
    expect(row?.lat).toBe("-33.9");
    expect(row?.description).toBe('Line one\nLine "two", with comma');
    for (const line of text.split("\r\n").slice(1).filter(Boolean)) {
      expect(line.startsWith('"')).toBe(true);
    }

    const json = await api.get("/api/v1/jobs/export?format=json", { token: emp.token });
    expect(json.json[0].title).toBe('=HYPERLINK("http://evil","x")');
    const other = await employerWithCompany();
    expect((await api.get("/api/v1/jobs/export?format=json", { token: other.token })).json).toEqual([]);
    const seeker = await signedIn({ role: "seeker" });
    expectProblem(await api.get("/api/v1/jobs/export", { token: seeker.token }), 403);
  });
});
