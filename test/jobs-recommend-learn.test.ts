/**
 * Recommendations that learn: collaborative signals (job_neighbors, maintained
 * incrementally by the `jobs.learn-neighbors` task), "remote only", the
 * feedback loop ("not interested", clicks, impressions) and the A/B variants.
 */
import { env } from "cloudflare:test";
import { describe, expect, it, vi } from "vitest";
import { learnNeighbors, variantFor } from "../src/modules/jobs";
import { MAX_NEIGHBORS } from "../src/modules/jobs/recommend-learn";
import {
  addProfileSkills,
  makeApplication,
  makeCategory,
  makeCompany,
  makeJob,
  makeUser,
  saveJob,
  signedIn,
  unique,
} from "./factories";
import { api, expectProblem } from "./helpers/http";
import { seekerIn, viewJob } from "./helpers/recommend";

const PATH = "/api/v1/jobs/recommendations";
const DAY = 86_400_000;

interface Reco {
  job: { id: string; title: string };
  score: number;
  reasons: string[];
}
const ids = (data: Reco[]) => data.map((r) => r.job.id);

async function weight(a: string, b: string): Promise<number | null> {
  const row = await env.DB.prepare("SELECT weight FROM job_neighbors WHERE job_id = ? AND other_id = ?")
    .bind(a, b)
    .first<{ weight: number }>();
  return row?.weight ?? null;
}

/** A company with `n` old published jobs in fresh categories (so no other signal links them). */
async function jobs(n: number, title = "Role") {
  const company = await makeCompany({ verified: true });
  const out = [];
  for (let i = 0; i < n; i++) {
    const category = await makeCategory();
    out.push(
      await makeJob({
        companyId: company.id,
        categoryId: category.id,
        title: `${title} ${unique("")}`,
        publishedAt: Date.now() - 30 * DAY,
      }),
    );
  }
  return out;
}

describe("collaborative signals (jobs.learn-neighbors)", () => {
  it("counts each co-engagement once, in both directions, from new rows only", async () => {
    const [x, y, z] = await jobs(3);
    if (!x || !y || !z) throw new Error("jobs");
    const a = await makeUser();
    const b = await makeUser();
    const t = Date.now();
    await makeApplication(x, a.id, { createdAt: t - 3000 });
    await makeApplication(y, a.id, { createdAt: t - 2000 });
    await saveJob(b.id, x.id, t - 1000);
    await makeApplication(y, b.id, { createdAt: t });
    await learnNeighbors(env.DB);
    // a: application × application = 9; b: save × application = 6.
    expect(await weight(x.id, y.id)).toBe(15);
    expect(await weight(y.id, x.id)).toBe(15);
    expect(await weight(x.id, z.id)).toBeNull();
    // A rerun reads nothing new and changes nothing.
    const again = await learnNeighbors(env.DB);
    expect(again).toEqual({ applications: 0, saved_jobs: 0, job_views: 0 });
    expect(await weight(x.id, y.id)).toBe(15);
    // A later save pairs with the older engagements of the same seeker only.
    await saveJob(a.id, z.id, t + 1000);
    await learnNeighbors(env.DB);
    expect(await weight(z.id, x.id)).toBe(6);
    expect(await weight(z.id, y.id)).toBe(6);
    expect(await weight(x.id, y.id)).toBe(15);
  });

  it("pairs views of the same viewer and day with weight 1", async () => {
    const [x, y] = await jobs(2);
    if (!x || !y) throw new Error("jobs");
    const viewer = await makeUser();
    await viewJob(viewer.id, x.id);
    await viewJob(viewer.id, y.id);
    await learnNeighbors(env.DB);
    expect(await weight(x.id, y.id)).toBe(1);
    expect(await weight(y.id, x.id)).toBe(1);
  });

  it(`keeps at most ${MAX_NEIGHBORS} neighbours per job, the strongest`, async () => {
    const list = await jobs(MAX_NEIGHBORS + 5);
    const [hub, strong] = list;
    if (!hub || !strong) throw new Error("jobs");
    const t = Date.now() - 100_000;
    const seeker = await makeUser();
    // One seeker saves all of them: every pair weighs 4; a second seeker applies to hub and strong.
    for (const [i, j] of list.entries()) await saveJob(seeker.id, j.id, t + i);
    const other = await makeUser();
    await makeApplication(hub, other.id, { createdAt: t + 1000 });
    await makeApplication(strong, other.id, { createdAt: t + 1001 });
    await learnNeighbors(env.DB);
    const { results } = await env.DB.prepare(
      "SELECT other_id, weight FROM job_neighbors WHERE job_id = ? ORDER BY weight DESC",
    )
      .bind(hub.id)
      .all<{ other_id: string; weight: number }>();
    expect(results.length).toBe(MAX_NEIGHBORS);
    expect(results[0]).toEqual({ other_id: strong.id, weight: 13 });
  });
});

describe("recommendations with collaborative signals", () => {
  it("recommends what seekers with the same jobs went on to, with a true reason; the content holdout does not", async () => {
    const [anchor, together, unrelated] = await jobs(3, "Collab");
    if (!anchor || !together || !unrelated) throw new Error("jobs");
    // Three other seekers applied to both the anchor and `together`.
    for (let i = 0; i < 3; i++) {
      const u = await makeUser();
      await makeApplication(anchor, u.id, { createdAt: Date.now() - 5000 + i });
      await makeApplication(together, u.id, { createdAt: Date.now() - 4000 + i });
    }
    await learnNeighbors(env.DB);
    const blend = await seekerIn("blend");
    await saveJob(blend.user.id, anchor.id);
    const r = await api.get(`${PATH}?limit=50`, { token: blend.token });
    expect(r.status).toBe(200);
    expect(r.json.variant).toBe("blend");
    const data = r.json.data as Reco[];
    const top = data.find((d) => d.job.id === together.id);
    expect(top?.reasons).toContain(`Seekers who looked at "${anchor.title}" were also interested in this job`);
    const plain = data.find((d) => d.job.id === unrelated.id);
    if (plain) expect(top?.score ?? 0).toBeGreaterThan(plain.score);

    const content = await seekerIn("content");
    await saveJob(content.user.id, anchor.id);
    const c = await api.get(`${PATH}?limit=50`, { token: content.token });
    expect(c.json.variant).toBe("content");
    for (const d of c.json.data as Reco[]) {
      expect(d.reasons.some((reason) => reason.startsWith("Seekers who looked at"))).toBe(false);
      expect(d.reasons.some((reason) => reason.startsWith("Similar to jobs you"))).toBe(false);
    }
  });

  it("remote only: on-site jobs are left out; the profile says so", async () => {
    const [skill] = [`Erlang${unique("").slice(-6)}`];
    const company = await makeCompany({ verified: true });
    const remote = await makeJob({ companyId: company.id, skills: [skill], isRemote: true });
    const onsite = await makeJob({ companyId: company.id, skills: [skill], isRemote: false, city: "Berlin" });
    const seeker = await signedIn();
    await addProfileSkills(seeker.user.id, [skill]);
    const before = ids((await api.get(`${PATH}?limit=50`, { token: seeker.token })).json.data);
    expect(before).toContain(onsite.id);
    const patched = await api.patch("/api/v1/profile", { remote_only: true }, { token: seeker.token });
    expect(patched.status).toBe(200);
    expect(patched.json.remote_only).toBe(true);
    const after = (await api.get(`${PATH}?limit=50`, { token: seeker.token })).json.data as Reco[];
    expect(ids(after)).toContain(remote.id);
    expect(ids(after)).not.toContain(onsite.id);
    expect(after.length).toBeGreaterThan(0);
    const all = await env.DB.prepare(
      `SELECT count(*) AS c FROM jobs WHERE id IN (SELECT value FROM json_each(?)) AND is_remote = 0`,
    )
      .bind(JSON.stringify(ids(after)))
      .first<{ c: number }>();
    expect(all?.c).toBe(0);
    expectProblem(await api.patch("/api/v1/profile", { remote_only: "yes" }, { token: seeker.token }), 400);
  });
});

describe("similar jobs read the same neighbours", () => {
  it("a job co-applied with this one is similar, though it shares no word, skill or category", async () => {
    const [base, together, unrelated] = await jobs(3, "Similar");
    if (!base || !together || !unrelated) throw new Error("jobs");
    const before = await api.get(`/api/v1/jobs/${base.id}/similar`);
    expect(before.status).toBe(200);
    const beforeIds = (before.json.data as { id: string }[]).map((j) => j.id);
    for (let i = 0; i < 3; i++) {
      const u = await makeUser();
      await makeApplication(base, u.id, { createdAt: Date.now() - 5000 + i });
      await makeApplication(together, u.id, { createdAt: Date.now() - 4000 + i });
    }
    await learnNeighbors(env.DB);
    const after = await api.get(`/api/v1/jobs/${base.id}/similar`);
    expect(after.status).toBe(200);
    const afterIds = (after.json.data as { id: string }[]).map((j) => j.id);
    expect(afterIds).toContain(together.id);
    expect(afterIds.indexOf(together.id)).toBeLessThanOrEqual(Math.max(0, beforeIds.indexOf(together.id)));
  });
});

describe("feedback loop", () => {
  it("a dismissed job is never recommended again and its neighbours rank lower", async () => {
    const [dismissed, neighbour] = await jobs(2, "Dismiss");
    if (!dismissed || !neighbour) throw new Error("jobs");
    for (let i = 0; i < 3; i++) {
      const u = await makeUser();
      await makeApplication(dismissed, u.id, { createdAt: Date.now() - 5000 + i });
      await makeApplication(neighbour, u.id, { createdAt: Date.now() - 4000 + i });
    }
    await learnNeighbors(env.DB);
    const seeker = await seekerIn("blend");
    const before = (await api.get(`${PATH}?limit=50`, { token: seeker.token })).json.data as Reco[];
    expect(ids(before)).toContain(dismissed.id);
    const neighbourBefore = before.find((d) => d.job.id === neighbour.id);
    const r = await api.post(`${PATH}/feedback`, { job_id: dismissed.id, kind: "dismiss" }, { token: seeker.token });
    expect(r.status).toBe(204);
    // Idempotent.
    expect(
      (await api.post(`${PATH}/feedback`, { job_id: dismissed.id, kind: "dismiss" }, { token: seeker.token })).status,
    ).toBe(204);
    const after = (await api.get(`${PATH}?limit=50`, { token: seeker.token })).json.data as Reco[];
    expect(ids(after)).not.toContain(dismissed.id);
    const neighbourAfter = after.find((d) => d.job.id === neighbour.id);
    if (neighbourBefore && neighbourAfter) expect(neighbourAfter.score).toBeLessThan(neighbourBefore.score);
  });

  it("validates feedback and answers 404 for a job that is not published", async () => {
    const seeker = await signedIn();
    expectProblem(await api.post(`${PATH}/feedback`, { job_id: "nope", kind: "click" }), 401);
    expectProblem(await api.post(`${PATH}/feedback`, { job_id: "nope", kind: "click" }, { token: seeker.token }), 404);
    const [job] = await jobs(1);
    if (!job) throw new Error("jobs");
    expectProblem(await api.post(`${PATH}/feedback`, { job_id: job.id, kind: "love" }, { token: seeker.token }), 400);
    expectProblem(
      await api.post(`${PATH}/feedback`, { job_id: job.id, kind: "click", extra: 1 }, { token: seeker.token }),
      400,
    );
    const employer = await signedIn({ role: "employer" });
    expectProblem(
      await api.post(`${PATH}/feedback`, { job_id: job.id, kind: "click" }, { token: employer.token }),
      403,
    );
  });

  it("impressions, clicks, saves and applications add up per variant for admins", async () => {
    const [job] = await jobs(1, "Stats");
    if (!job) throw new Error("jobs");
    const seeker = await seekerIn("blend");
    const list = await api.get(`${PATH}?limit=50`, { token: seeker.token });
    expect(ids(list.json.data)).toContain(job.id);
    // Impressions are written after the response (waitUntil).
    await vi.waitFor(async () => {
      const row = await env.DB.prepare(
        "SELECT variant FROM recommendation_events WHERE user_id = ? AND job_id = ? AND kind = 'impression'",
      )
        .bind(seeker.user.id, job.id)
        .first<{ variant: string }>();
      expect(row?.variant).toBe("blend");
    });
    expect(
      (await api.post(`${PATH}/feedback`, { job_id: job.id, kind: "click" }, { token: seeker.token })).status,
    ).toBe(204);
    await saveJob(seeker.user.id, job.id, Date.now() + 1);
    const admin = await signedIn({ role: "admin" });
    const stats = await api.get("/api/v1/admin/recommendations/variants?days=7", { token: admin.token });
    expect(stats.status).toBe(200);
    const blend = (stats.json.data as { variant: string; impressions: number; clicks: number; saves: number }[]).find(
      (v) => v.variant === "blend",
    );
    expect(blend?.impressions).toBeGreaterThan(0);
    expect(blend?.clicks).toBeGreaterThanOrEqual(1);
    expect(blend?.saves).toBeGreaterThanOrEqual(1);
    expect(stats.json.data.map((v: { variant: string }) => v.variant)).toEqual(["blend", "content"]);
    expectProblem(await api.get("/api/v1/admin/recommendations/variants", { token: seeker.token }), 403);
    expectProblem(await api.get("/api/v1/admin/recommendations/variants?days=91", { token: admin.token }), 400);
  });

  it("assigns variants deterministically, about one seeker in ten to the content holdout", () => {
    let content = 0;
    for (let i = 0; i < 2000; i++) {
      const id = `user-${i}`;
      expect(variantFor(id)).toBe(variantFor(id));
      if (variantFor(id) === "content") content++;
    }
    expect(content).toBeGreaterThan(140);
    expect(content).toBeLessThan(260);
  });
});
