/**
 * Resume feedback (`GET /resumes/{id}/feedback`) and the resume↔job match
 * (`GET /jobs/{id}/match`): the scoring on its own, then on real PDF, DOCX and
 * TXT resumes parsed by the queue job, against the jobs the seeker saved,
 * applied to and viewed.
 */
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { scoreResume } from "../src/modules/resume-builder/feedback";
import { matchResume } from "../src/modules/resume-builder/match";
import { jobs } from "../src/platform/db/schema";
import { MIME } from "../src/platform/storage/sniff";
import { db, makeApplication, makeCompany, makeJob, makeResume, saveJob, signedIn } from "./factories";
import { api, expectProblem } from "./helpers/http";
import { buildDocx, buildPdf, deliverResumeParse } from "./helpers/profiles";

/** A complete resume: contact, four sections, ~300 words, five quantified lines. */
const STRONG = [
  "Ada Lovelace",
  "ada@example.com · +44 20 7946 0958 · https://github.com/ada",
  "Summary",
  "Backend engineer with eight years of experience building payment and data platforms in Go and PostgreSQL.",
  "Experience",
  "Senior Backend Engineer, Acme Payments, 2021 – present",
  "Cut p99 checkout latency by 45% by moving fraud checks to an async pipeline in Go.",
  "Led a team of 6 engineers through the migration of 40 services to Kubernetes.",
  "Saved $120k a year in cloud spend by right-sizing PostgreSQL clusters.",
  "Backend Engineer, Beta Data, 2017 – 2021",
  "Built ingestion for 3 million events per day with Kafka and Python.",
  "Raised test coverage from 40% to 85% and halved the weekly incident count.",
  "Education",
  "MSc Computer Science, University of London, 2015 – 2017",
  "Skills",
  "Go, PostgreSQL, Kubernetes, Docker, Kafka, Python, Terraform, Redis, gRPC",
  ...Array.from(
    { length: 14 },
    (_, i) =>
      `Project note ${i + 1}: designed and reviewed service interfaces, wrote the runbooks, mentored colleagues and kept the documentation of the platform current for every team that depends on it.`,
  ),
].join("\n");

const WEAK = "John Smith\nI am a hard worker looking for a job.\nI like computers and people.";

const noDemand = { jobs: 0, skills: [] };

describe("scoring (pure)", () => {
  it("gives a complete resume full marks on contact, sections, length and achievements", () => {
    const f = scoreResume(
      STRONG,
      ["Go", "PostgreSQL", "Kubernetes", "Docker", "Kafka", "Python", "Terraform", "Redis"],
      noDemand,
    );
    const points = Object.fromEntries(f.checks.map((c) => [c.id, c.points]));
    expect(points).toEqual({ contact: 15, sections: 25, length: 15, achievements: 20, skills: 25 });
    expect(f.score).toBe(100);
    expect(f.sections).toEqual({ summary: true, experience: true, education: true, skills: true });
    expect(f.contact).toEqual({ email: true, phone: true, link: true });
    expect(f.quantified_lines).toBeGreaterThanOrEqual(5);
    expect(f.suggestions).toEqual([]);
  });

  it("explains every shortfall of a weak resume with a concrete suggestion", () => {
    const f = scoreResume(WEAK, [], noDemand);
    expect(f.score).toBe(0);
    expect(f.checks.find((c) => c.id === "contact")?.reason).toBe(
      "Missing an email address, a phone number, a LinkedIn, GitHub or portfolio link.",
    );
    expect(f.checks.find((c) => c.id === "sections")?.reason).toBe(
      "No summary, experience, education, skills section found.",
    );
    const text = f.suggestions.join("\n");
    expect(text).toMatch(/Add an email address, a phone number/);
    expect(text).toMatch(/Add an Experience section/);
    expect(text).toMatch(/has 16 words; aim for 250–900/);
    expect(text).toMatch(/Quantify your achievements \(0 so far/);
    expect(text).toMatch(/Name your skills explicitly \(0 recognised\)/);
  });

  it("does not count years, date ranges or phone numbers as achievements", () => {
    const f = scoreResume(
      "Engineer at Acme, 2019 – 2021\n2018 - 2019 Intern at Beta\nPhone: +1 555 123 4567\nGrew revenue by 20%",
      [],
      noDemand,
    );
    expect(f.quantified_lines).toBe(1);
  });

  it("compares skills with the demand of the seeker's jobs, most asked first", () => {
    const demand = {
      jobs: 3,
      skills: [
        { name: "Kubernetes", jobs: 3, required: 3 },
        { name: "golang", jobs: 2, required: 2, canonical: "Go" },
        { name: "Terraform", jobs: 2, required: 1 },
        { name: "Rust", jobs: 1, required: 0 },
      ],
    };
    const f = scoreResume("Skills\nGo, Kubernetes on AWS", ["Go", "Kubernetes"], demand);
    expect(f.skills.in_demand_found).toEqual(["Kubernetes", "golang"]);
    expect(f.skills.in_demand_missing).toEqual([
      { name: "Terraform", jobs: 2 },
      { name: "Rust", jobs: 1 },
    ]);
    // 2 of 8 recognised (3 points) + half the demand covered (8 points).
    expect(f.checks.find((c) => c.id === "skills")?.points).toBe(3 + 8);
    expect(f.suggestions.join("\n")).toContain("The jobs you look at ask for Terraform, Rust");
  });

  it("matches a job's skills by taxonomy name or by phrase, required ones weighing double", () => {
    const m = matchResume(
      "Worked with Go, PostgreSQL and some Ruby on Rails.",
      ["Go", "PostgreSQL"],
      [
        { name: "golang", required: true, canonical: "Go" },
        { name: "Kubernetes", required: true },
        { name: "Ruby on Rails", required: false },
        { name: "Terraform", required: false },
      ],
    );
    expect(m.matched).toEqual([
      { name: "golang", required: true },
      { name: "Ruby on Rails", required: false },
    ]);
    expect(m.missing).toEqual([
      { name: "Kubernetes", required: true },
      { name: "Terraform", required: false },
    ]);
    expect(m.score).toBe(50); // (2 + 1) of (2 + 2 + 1 + 1)
    expect(m.summary).toBe("Your resume names 2 of the job's 4 skills; missing required: Kubernetes.");
    expect(matchResume("x", [], []).score).toBeNull();
    // "Go" inside "Google" is not the skill.
    expect(matchResume("Worked at Google", [], [{ name: "Go", required: true }]).missing).toHaveLength(1);
  });
});

/** A resume stored as `kind` with these lines, parsed by the real queue job. */
async function parsedResume(userId: string, kind: "pdf" | "docx" | "txt", lines: string[]) {
  const bytes =
    kind === "pdf" ? buildPdf(lines) : kind === "docx" ? buildDocx(lines) : new TextEncoder().encode(lines.join("\n"));
  const r = await makeResume(userId, {
    bytes,
    contentType: MIME[kind],
    filename: `cv.${kind}`,
    parseStatus: "pending",
    isPrimary: true,
  });
  await deliverResumeParse(r.id);
  return r;
}

const SAMPLE = [
  "Grace Hopper",
  "grace@example.com | +1 202 555 0143 | linkedin.com/in/grace",
  "Experience",
  "Staff Engineer at Navy Labs, 2015 - 2023",
  "Reduced compile times by 60% for 200 developers",
  "Skills: Python, Django, PostgreSQL, Docker",
];

describe("GET /resumes/{id}/feedback", () => {
  for (const kind of ["pdf", "docx", "txt"] as const) {
    it(`scores a parsed ${kind.toUpperCase()} resume with reasons and suggestions`, async () => {
      const s = await signedIn();
      const r = await parsedResume(s.user.id, kind, SAMPLE);
      const res = await api.get(`/api/v1/resumes/${r.id}/feedback`, { token: s.token });
      expect(res.status).toBe(200);
      const f = res.json;
      expect(f.resume_id).toBe(r.id);
      expect(f.contact).toEqual({ email: true, phone: true, link: true });
      expect(f.sections).toEqual({ summary: false, experience: true, education: false, skills: true });
      expect(f.quantified_lines).toBe(1);
      expect(f.skills.found).toEqual(expect.arrayContaining(["Python", "Django", "PostgreSQL", "Docker"]));
      expect(f.checks.map((c: { id: string }) => c.id)).toEqual([
        "contact",
        "sections",
        "length",
        "achievements",
        "skills",
      ]);
      // contact 15 + sections 14 + length 0 + achievements 5 + skills (4 of 8 → 5, no demand → 8).
      expect(f.score).toBe(15 + 14 + 0 + 5 + 5 + 8);
      expect(f.suggestions.join("\n")).toMatch(/Summary.*\n.*Education/s);
      expect(res.headers.get("Cache-Control")).toBe("private, no-store");
    });
  }

  it("lists the skills asked by saved, applied and viewed jobs that the resume lacks", async () => {
    const s = await signedIn();
    const r = await parsedResume(s.user.id, "txt", SAMPLE);
    const company = await makeCompany();
    const saved = await makeJob({ companyId: company.id, skills: ["Kubernetes", "Python"] });
    const applied = await makeJob({ companyId: company.id, skills: ["Kubernetes", "Terraform", "postgres"] });
    const viewed = await makeJob({ companyId: company.id, skills: ["Rust"] });
    await saveJob(s.user.id, saved.id);
    await makeApplication(applied, s.user.id);
    // A view recorded through the API (the queue keeps the salted daily hash).
    expect((await api.get(`/api/v1/jobs/${viewed.id}`, { token: s.token })).status).toBe(200);

    const f = (await api.get(`/api/v1/resumes/${r.id}/feedback`, { token: s.token })).json;
    expect(f.skills.jobs_considered).toBeGreaterThanOrEqual(2);
    // "postgres" is the taxonomy's PostgreSQL, which the resume names.
    expect(f.skills.in_demand_found).toEqual(expect.arrayContaining(["Python", "postgres"]));
    expect(f.skills.in_demand_missing[0]).toEqual({ name: "Kubernetes", jobs: 2 });
    expect(f.skills.in_demand_missing.map((m: { name: string }) => m.name)).toContain("Terraform");
    expect(f.suggestions.join("\n")).toContain("The jobs you look at ask for Kubernetes");
  });

  it("is 409 while the resume is pending or when its parse failed", async () => {
    const s = await signedIn();
    const pending = await makeResume(s.user.id, { parseStatus: "pending" });
    const failed = await makeResume(s.user.id, { parseStatus: "failed", parseError: "The PDF is encrypted." });
    expectProblem(
      await api.get(`/api/v1/resumes/${pending.id}/feedback`, { token: s.token }),
      409,
      "resume-not-parsed",
    );
    const res = await api.get(`/api/v1/resumes/${failed.id}/feedback`, { token: s.token });
    expectProblem(res, 409, "resume-parse-failed");
    expect(res.json.detail).toContain("encrypted");
  });

  it("is 404 for someone else's resume and 403 for an employer", async () => {
    const owner = await signedIn();
    const other = await signedIn();
    const r = await parsedResume(owner.user.id, "txt", SAMPLE);
    expectProblem(await api.get(`/api/v1/resumes/${r.id}/feedback`, { token: other.token }), 404, "not-found");
    const employer = await signedIn({ role: "employer" });
    expect((await api.get(`/api/v1/resumes/${r.id}/feedback`, { token: employer.token })).status).toBe(403);
    expect((await api.get(`/api/v1/resumes/${r.id}/feedback`)).status).toBe(401);
  });
});

describe("GET /jobs/{id}/match", () => {
  it("scores the primary resume against the job and lists the missing skills, required first", async () => {
    const s = await signedIn();
    const r = await parsedResume(s.user.id, "pdf", SAMPLE);
    const company = await makeCompany();
    const job = await makeJob({ companyId: company.id });
    await db()
      .update(jobs)
      .set({
        skills: [
          { name: "Python", required: true },
          { name: "Kubernetes", required: true },
          { name: "postgres", required: false },
          { name: "Terraform", required: false },
        ],
      })
      .where(eq(jobs.id, job.id));
    const res = await api.get(`/api/v1/jobs/${job.id}/match`, { token: s.token });
    expect(res.status).toBe(200);
    expect(res.json).toEqual({
      job_id: job.id,
      resume_id: r.id,
      score: 50,
      matched: [
        { name: "Python", required: true },
        { name: "postgres", required: false },
      ],
      missing: [
        { name: "Kubernetes", required: true },
        { name: "Terraform", required: false },
      ],
      summary: "Your resume names 2 of the job's 4 skills; missing required: Kubernetes.",
    });
    // The same with the resume named explicitly.
    const named = await api.get(`/api/v1/jobs/${job.id}/match?resume_id=${r.id}`, { token: s.token });
    expect(named.json.score).toBe(50);
  });

  it("refuses other people's resumes, hidden jobs, unknown parameters and seekers without a resume", async () => {
    const s = await signedIn();
    const other = await signedIn();
    const theirs = await parsedResume(other.user.id, "txt", SAMPLE);
    const company = await makeCompany();
    const job = await makeJob({ companyId: company.id, skills: ["Go"] });
    const draft = await makeJob({ companyId: company.id, status: "draft", skills: ["Go"] });
    expectProblem(
      await api.get(`/api/v1/jobs/${job.id}/match?resume_id=${theirs.id}`, { token: s.token }),
      404,
      "not-found",
    );
    expectProblem(await api.get(`/api/v1/jobs/${job.id}/match`, { token: s.token }), 404, "not-found");
    await parsedResume(s.user.id, "txt", SAMPLE);
    expectProblem(await api.get(`/api/v1/jobs/${draft.id}/match`, { token: s.token }), 404, "not-found");
    expectProblem(await api.get(`/api/v1/jobs/${job.id}/match?resume=1`, { token: s.token }), 400, "validation-error");
    expect((await api.get(`/api/v1/jobs/${job.id}/match`)).status).toBe(401);
  });
});
