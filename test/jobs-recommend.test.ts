import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { jobs } from "../src/platform/db/schema";
import {
  addProfileSkills,
  db,
  makeApplication,
  makeCategory,
  makeCompany,
  makeJob,
  makeResume,
  makeSeekerProfile,
  saveJob,
  signedIn,
  unique,
} from "./factories";
import { api, expectProblem } from "./helpers/http";
import { seekerIn, timing, viewJob } from "./helpers/recommend";

const DAY = 86_400_000;
const PATH = "/api/v1/jobs/recommendations";

interface Reco {
  job: { id: string; title: string };
  score: number;
  reasons: string[];
}
const ids = (data: Reco[]) => data.map((r) => r.job.id);
const find = (data: Reco[], id: string) => data.find((r) => r.job.id === id);

/** Skill names unique to one test, so other tests' jobs never share them. */
const skillNames = <T extends string[]>(...base: T) => {
  const tag = unique("").slice(-6);
  return base.map((b) => `${b}${tag}`) as { [K in keyof T]: string };
};
function must(r: Reco | undefined): Reco {
  if (!r) throw new Error("job not recommended");
  return r;
}

describe("GET /jobs/recommendations", () => {
  it("is for seekers only and validates limit", async () => {
    expectProblem(await api.get(PATH), 401);
    const employer = await signedIn({ role: "employer" });
    expectProblem(await api.get(PATH, { token: employer.token }), 403);
    const admin = await signedIn({ role: "admin" });
    expectProblem(await api.get(PATH, { token: admin.token }), 403);
    const seeker = await signedIn();
    expectProblem(await api.get(`${PATH}?limit=51`, { token: seeker.token }), 400);
    expectProblem(await api.get(`${PATH}?limit=0`, { token: seeker.token }), 400);
    expectProblem(await api.get(`${PATH}?foo=1`, { token: seeker.token }), 400);
  });

  it("ranks jobs matching the seeker's skills (profile and primary resume) above others, with reasons", async () => {
    const [ts, react, go, pg, sf] = skillNames("TypeScript", "React", "Go", "Postgres", "Salesforce");
    const company = await makeCompany({ verified: true });
    const seeker = await signedIn();
    await addProfileSkills(seeker.user.id, [ts, react, go]);
    await makeResume(seeker.user.id, { isPrimary: true, extractedSkills: [pg], parsedAt: Date.now() });
    const full = await makeJob({
      companyId: company.id,
      title: "Full match",
      publishedAt: Date.now() - 3 * DAY,
      skills: [ts, react, go],
    });
    const resumeOnly = await makeJob({ companyId: company.id, title: "Resume match", skills: [pg, sf] });
    const none = await makeJob({ companyId: company.id, title: "No match", skills: [sf] });

    const r = await api.get(`${PATH}?limit=50`, { token: seeker.token });
    expect(r.status).toBe(200);
    expect(r.headers.get("Cache-Control")).toContain("private");
    const data = r.json.data as Reco[];
    const order = ids(data);
    expect(order.indexOf(full.id)).toBeGreaterThanOrEqual(0);
    expect(order.indexOf(full.id)).toBeLessThan(order.indexOf(resumeOnly.id));
    expect(order.indexOf(resumeOnly.id)).toBeLessThan(order.indexOf(none.id));
    expect(find(data, full.id)?.reasons[0]).toBe(`Matches 3 of your skills: ${ts}, ${react}, ${go}`);
    expect(find(data, resumeOnly.id)?.reasons[0]).toBe(`Matches 1 of your skills: ${pg} (also asks for ${sf})`);
    expect(find(data, none.id)?.reasons.join()).not.toContain("Matches");
    expect(find(data, full.id)?.job.title).toBe("Full match");
    // Scores are sorted, best first.
    const scores = data.map((d) => d.score);
    expect([...scores].sort((a, b) => b - a)).toEqual(scores);
  });

  it("weighs required skills above optional ones", async () => {
    const [a, b] = skillNames("Alpha", "Beta");
    const company = await makeCompany({ verified: true });
    const seeker = await signedIn();
    await addProfileSkills(seeker.user.id, [a]);
    const now = Date.now();
    const required = await makeJob({ companyId: company.id, publishedAt: now - DAY, skills: [a, b] });
    const optional = await makeJob({ companyId: company.id, publishedAt: now - DAY, skills: [b, a] });
    // makeJob marks every skill required; make `a` optional on the second job.
    await db()
      .update(jobs)
      .set({
        skills: [
          { name: b, required: true },
          { name: a, required: false },
        ],
      })
      .where(eq(jobs.id, optional.id));
    const data = (await api.get(`${PATH}?limit=50`, { token: seeker.token })).json.data as Reco[];
    expect(must(find(data, required.id)).score).toBeGreaterThan(must(find(data, optional.id)).score);
  });

  it("excludes applied, closed, expired and unpublished jobs", async () => {
    const [skill] = skillNames("Elixir");
    const company = await makeCompany({ verified: true });
    const seeker = await signedIn();
    await addProfileSkills(seeker.user.id, [skill]);
    const open = await makeJob({ companyId: company.id, skills: [skill] });
    const applied = await makeJob({ companyId: company.id, skills: [skill] });
    const closed = await makeJob({ companyId: company.id, skills: [skill], status: "closed" });
    const draft = await makeJob({ companyId: company.id, skills: [skill], status: "draft" });
    const expired = await makeJob({ companyId: company.id, skills: [skill], expiresAt: Date.now() - 1000 });
    const before = ids((await api.get(`${PATH}?limit=50`, { token: seeker.token })).json.data);
    expect(before).toContain(applied.id);

    await makeApplication(applied, seeker.user.id);
    // Applying changes the cache key: the very next call no longer lists the job.
    const data = ids((await api.get(`${PATH}?limit=50`, { token: seeker.token })).json.data);
    expect(data).toContain(open.id);
    for (const gone of [applied, closed, draft, expired]) expect(data).not.toContain(gone.id);
  });

  it("never recommends deadline-passed or saved jobs; similar jobs skip deadline-passed ones too", async () => {
    const [skill] = skillNames("Zig");
    const company = await makeCompany();
    const seeker = await signedIn();
    await addProfileSkills(seeker.user.id, [skill]);
    const open = await makeJob({ companyId: company.id, skills: [skill], applicationDeadline: Date.now() + DAY });
    const passed = await makeJob({ companyId: company.id, skills: [skill], applicationDeadline: Date.now() - 1000 });
    const saved = await makeJob({ companyId: company.id, skills: [skill] });
    const before = ids((await api.get(`${PATH}?limit=50`, { token: seeker.token })).json.data);
    expect(before).toContain(saved.id);
    await saveJob(seeker.user.id, saved.id);
    // Saving changes the cache key: the next call no longer lists the saved job.
    const data = ids((await api.get(`${PATH}?limit=50`, { token: seeker.token })).json.data);
    expect(data).toContain(open.id);
    expect(data).not.toContain(passed.id);
    expect(data).not.toContain(saved.id);
    const similar = await api.get(`/api/v1/jobs/${open.id}/similar`);
    expect(similar.status).toBe(200);
    const similarIds = (similar.json.data as { id: string }[]).map((j) => j.id);
    expect(similarIds).toContain(saved.id);
    expect(similarIds).not.toContain(passed.id);
  });

  it("views feed the category signal (below saves) and viewed jobs are not recommended again", async () => {
    const category = await makeCategory({ name: `Viewed ${unique("")}` });
    const company = await makeCompany();
    const seeker = await seekerIn("blend");
    const viewed = await makeJob({
      companyId: company.id,
      categoryId: category.id,
      publishedAt: Date.now() - 20 * DAY,
    });
    const sibling = await makeJob({
      companyId: company.id,
      categoryId: category.id,
      publishedAt: Date.now() - 20 * DAY,
    });
    const before = ids((await api.get(`${PATH}?limit=50`, { token: seeker.token })).json.data);
    expect(before).toContain(viewed.id);
    await viewJob(seeker.user.id, viewed.id);
    // The view count is part of the cache key: the next call sees the view.
    const data = (await api.get(`${PATH}?limit=50`, { token: seeker.token })).json.data as Reco[];
    expect(ids(data)).not.toContain(viewed.id);
    // Truthful reason: the seeker only viewed a job in this category.
    expect(find(data, sibling.id)?.reasons).toContain(`Similar to jobs you viewed (${category.name})`);
  });

  it("diversifies: at most 3 jobs per company and half a page per category; ties break stably", async () => {
    const [skill] = skillNames("Nim");
    const big = await makeCompany();
    const catA = await makeCategory({ name: `Family A ${unique("")}` });
    const catB = await makeCategory({ name: `Family B ${unique("")}` });
    const seeker = await signedIn();
    await addProfileSkills(seeker.user.id, [skill]);
    const at = Date.now() - DAY;
    // Six identical jobs from one company in category A (all tie), and four from
    // separate companies in category B, scoring the same.
    for (let i = 0; i < 6; i++) {
      await makeJob({ companyId: big.id, categoryId: catA.id, skills: [skill], publishedAt: at });
    }
    const others: string[] = [];
    for (let i = 0; i < 4; i++) {
      const c = await makeCompany();
      others.push((await makeJob({ companyId: c.id, categoryId: catB.id, skills: [skill], publishedAt: at })).id);
    }
    const first = (await api.get(`${PATH}?limit=6`, { token: seeker.token })).json.data as (Reco & {
      job: { company: { id: string }; category: { id: string } | null };
    })[];
    expect(first).toHaveLength(6);
    const fromBig = first.filter((r) => r.job.company.id === big.id);
    expect(fromBig.length).toBeLessThanOrEqual(3);
    // The second family shows up: half of a 6-item page at most from one category.
    expect(first.filter((r) => others.includes(r.job.id)).length).toBeGreaterThanOrEqual(3);
    // Deterministic: a recomputation (new jobs cache version) gives the same order.
    const unrelated = await makeCompany();
    await makeJob({ companyId: unrelated.id, skills: [], publishedAt: at - 60 * DAY });
    const second = (await api.get(`${PATH}?limit=6`, { token: seeker.token })).json.data as Reco[];
    expect(ids(second)).toEqual(ids(first));
  });

  it("explains preferences: job type, location, remote, salary and experience", async () => {
    const [skill] = skillNames("Haskell");
    const company = await makeCompany({ verified: true });
    const seeker = await signedIn();
    await makeSeekerProfile(seeker.user.id, {
      desiredJobTypes: ["contract"],
      desiredLocations: ["Lisbon"],
      openToRemote: true,
      salaryMin: 5000,
      salaryMax: 8000,
      salaryCurrency: "EUR",
      salaryPeriod: "month",
      yearsExperience: 6,
    });
    await addProfileSkills(seeker.user.id, [skill]);
    const good = await makeJob({
      companyId: company.id,
      skills: [skill],
      jobType: "contract",
      city: "Lisbon",
      country: "Portugal",
      isRemote: true,
      experienceLevel: "senior",
      salaryMin: 70000,
      salaryMax: 90000,
      salaryCurrency: "EUR",
      salaryPeriod: "year",
    });
    const poor = await makeJob({
      companyId: company.id,
      skills: [skill],
      jobType: "full_time",
      city: "Oslo",
      experienceLevel: "entry",
      salaryMin: 20000,
      salaryMax: 30000,
      salaryCurrency: "EUR",
      salaryPeriod: "year",
    });
    const data = (await api.get(`${PATH}?limit=50`, { token: seeker.token })).json.data as Reco[];
    const g = must(find(data, good.id));
    expect(g.reasons).toEqual(
      expect.arrayContaining([
        "Contract, as you prefer",
        "In Lisbon, one of your preferred locations",
        "Remote",
        "In your salary range",
        "Fits your experience (senior level)",
      ]),
    );
    const p = must(find(data, poor.id));
    expect(p.reasons).not.toContain("In your salary range");
    expect(p.reasons).not.toContain("Remote");
    expect(g.score).toBeGreaterThan(p.score + 30);
  });

  it("ranks on-site jobs outside the preferred city below matching ones", async () => {
    const [skill] = skillNames("Crystal");
    const company = await makeCompany();
    const seeker = await signedIn();
    await makeSeekerProfile(seeker.user.id, { desiredLocations: ["Porto"] });
    await addProfileSkills(seeker.user.id, [skill]);
    const at = Date.now() - DAY;
    const here = await makeJob({ companyId: company.id, skills: [skill], city: "Porto", publishedAt: at });
    const elsewhere = await makeJob({ companyId: company.id, skills: [skill], city: "Oslo", publishedAt: at });
    const data = (await api.get(`${PATH}?limit=50`, { token: seeker.token })).json.data as Reco[];
    const h = must(find(data, here.id));
    const e = must(find(data, elsewhere.id));
    expect(h.score - e.score).toBeGreaterThanOrEqual(20);
    expect(e.reasons.join()).not.toContain("preferred locations");
  });

  it("favours the categories of saved and applied jobs", async () => {
    const category = await makeCategory({ name: `Robotics ${unique("")}` });
    const company = await makeCompany({ verified: true });
    const seeker = await seekerIn("blend");
    const saved = await makeJob({
      companyId: company.id,
      categoryId: category.id,
      publishedAt: Date.now() - 20 * DAY,
    });
    await saveJob(seeker.user.id, saved.id);
    const sameCategory = await makeJob({
      companyId: company.id,
      categoryId: category.id,
      publishedAt: Date.now() - 20 * DAY,
    });
    const data = (await api.get(`${PATH}?limit=50`, { token: seeker.token })).json.data as Reco[];
    const hit = find(data, sameCategory.id);
    expect(hit?.reasons).toContain(`Similar to jobs you saved or applied to (${category.name})`);
  });

  it("cold start: a seeker without a profile gets the newest jobs", async () => {
    const company = await makeCompany({ verified: true });
    const newest = await makeJob({ companyId: company.id, title: "Brand new", publishedAt: Date.now() + 1000 });
    const seeker = await signedIn();
    const r = await api.get(`${PATH}?limit=5`, { token: seeker.token });
    expect(r.status).toBe(200);
    const data = r.json.data as Reco[];
    expect(data.length).toBeGreaterThan(0);
    expect(data.length).toBeLessThanOrEqual(5);
    // Jobs posted seconds apart tie on score and the per-seeker hash orders them, so the newest
    // is among the candidates (the newest 40) but not necessarily in the first five.
    const all = (await api.get(`${PATH}?limit=50`, { token: seeker.token })).json.data as Reco[];
    expect(ids(all)).toContain(newest.id);
    expect(find(all, newest.id)?.reasons).toContain("Posted today");
  });

  it("costs two D1 round trips with bounded rows (plus the session check); a repeat is served from KV", async () => {
    const [skill] = skillNames("Ocaml");
    const company = await makeCompany({ verified: true });
    const seeker = await signedIn();
    await addProfileSkills(seeker.user.id, [skill]);
    for (let i = 0; i < 5; i++) await makeJob({ companyId: company.id, skills: [skill] });
    const first = await api.get(`${PATH}?limit=20`, { token: seeker.token });
    expect(first.headers.get("X-Cache")).toBe("MISS");
    const t = timing(first.headers);
    // The session check, the signals batch and the candidates batch; then the impressions
    // insert, which runs after the response is made (waitUntil) but is counted with it.
    expect(t.queries).toBe(4);
    expect(t.rowsRead).toBeLessThan(2000);
    const again = await api.get(`${PATH}?limit=20`, { token: seeker.token });
    expect(again.headers.get("X-Cache")).toBe("HIT");
    // The repeat: the jobs cache version and the impressions insert; the session check is
    // served by the per-isolate session cache (AUTH_CACHE_TTL_MS) this time.
    expect(timing(again.headers).queries).toBe(2);
    expect(again.json).toEqual(first.json);
    // A new job changes the jobs cache version: recomputed.
    await makeJob({ companyId: company.id, skills: [skill] });
    const third = await api.get(`${PATH}?limit=20`, { token: seeker.token });
    expect(third.headers.get("X-Cache")).toBe("MISS");
  });
});
