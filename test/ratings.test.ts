import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { gdprSections } from "../src/gdpr-sections";
import { applications, candidateRatings, jobs, seekerProfiles } from "../src/platform/db/schema";
import { buildGdprExport } from "../src/platform/gdpr";
import { db, makeSeekerProfile, signedIn } from "./factories";
import { api, expectProblem } from "./helpers/http";
import { thread } from "./helpers/messages";

const rate = (path: string, token: string, body: unknown = { rating: 4, body: "Reliable and thorough engineer." }) =>
  api.post(`${path.replace(/\/messages$/, "")}/rating`, body, { token });

describe("rating a hire", () => {
  it("lets a company member rate once the application is accepted, once", async () => {
    const t = await thread("offered");
    const base = `/api/v1/applications/${t.app.id}`;
    expectProblem(await rate(t.path, t.owner.token), 409, "not-hired");
    await db().update(applications).set({ status: "accepted" }).where(eq(applications.id, t.app.id));

    expectProblem(
      await rate(t.path, t.owner.token, { rating: 6, body: "Too good to be true." }),
      400,
      "validation-error",
    );
    expectProblem(await rate(t.path, t.owner.token, { rating: 4, body: "ok", extra: true }), 400, "validation-error");
    expectProblem(await rate(t.path, t.seeker.token), 403, "forbidden-role");
    expectProblem(await rate(t.path, (await signedIn({ role: "employer" })).token), 404);

    const r = await rate(t.path, t.recruiter.token);
    expect(r.status).toBe(201);
    expect(r.json).toMatchObject({
      application_id: t.app.id,
      rating: 4,
      body: "Reliable and thorough engineer.",
      job_title: "Edge Engineer",
      company: { id: t.company.id },
      response: null,
      status: "published",
    });
    expectProblem(await rate(t.path, t.owner.token), 409, "already-rated");

    for (const who of [t.seeker, t.owner, await signedIn({ role: "admin" })]) {
      expect((await api.get(`${base}/rating`, { token: who.token })).json.id).toBe(r.json.id);
    }
    expectProblem(await api.get(`${base}/rating`, { token: (await signedIn()).token }), 404);
  });

  it("rates a contract hire once the company records the contract's end", async () => {
    const t = await thread("offered");
    await db().update(jobs).set({ jobType: "freelance" }).where(eq(jobs.id, t.job.id));
    const base = `/api/v1/applications/${t.app.id}`;
    const end = (body: unknown, token = t.owner.token) => api.post(`${base}/contract-end`, body, { token });

    expectProblem(await end({}), 409, "not-hired");
    const hiredAt = Date.now() - 60_000;
    await db()
      .update(applications)
      .set({ status: "accepted", statusChangedAt: hiredAt })
      .where(eq(applications.id, t.app.id));
    expectProblem(await rate(t.path, t.owner.token), 409, "contract-not-ended");

    // Only the company's side records it; others learn nothing; the body is strict and sane.
    expectProblem(await end({}, t.seeker.token), 403);
    expectProblem(await end({}, (await signedIn({ role: "employer" })).token), 404);
    expectProblem(await end({ ended_at: "yesterday" }), 400, "validation-error");
    expectProblem(await end({ extra: 1 }), 400, "validation-error");
    expectProblem(
      await end({ ended_at: new Date(Date.now() + 86_400_000).toISOString() }),
      400,
      "contract-end-in-future",
    );
    expectProblem(
      await end({ ended_at: new Date(hiredAt - 86_400_000).toISOString() }),
      400,
      "contract-end-before-hire",
    );

    const endedAt = new Date(hiredAt + 1000).toISOString();
    const ended = await end({ ended_at: endedAt });
    expect(ended.status).toBe(200);
    expect(ended.json).toMatchObject({ id: t.app.id, status: "accepted", contract_ended_at: endedAt });
    const row = await db().select().from(applications).where(eq(applications.id, t.app.id)).get();
    expect(row?.contractEndedAt).toBe(Date.parse(endedAt));
    expectProblem(await end({}), 409, "contract-already-ended");
    // The candidate sees the end on their application too.
    expect((await api.get(base, { token: t.seeker.token })).json.contract_ended_at).toBe(endedAt);

    expect((await rate(t.path, t.owner.token)).status).toBe(201);
  });

  it("has no contract end for permanent jobs", async () => {
    const t = await thread("accepted");
    const r = await api.post(`/api/v1/applications/${t.app.id}/contract-end`, {}, { token: t.owner.token });
    expectProblem(r, 409, "not-a-contract");
    expect((await api.get(`/api/v1/applications/${t.app.id}`, { token: t.owner.token })).json.contract_ended_at).toBe(
      null,
    );
  });

  it("lets the candidate respond exactly once", async () => {
    const t = await thread("accepted");
    const base = `/api/v1/applications/${t.app.id}`;
    expectProblem(await api.put(`${base}/rating/response`, { body: "Thanks" }, { token: t.seeker.token }), 404);
    await rate(t.path, t.owner.token);
    const first = await api.put(
      `${base}/rating/response`,
      { body: "Thank you, great team." },
      { token: t.seeker.token },
    );
    expect(first.status).toBe(200);
    expect(first.json.response.body).toBe("Thank you, great team.");
    expectProblem(
      await api.put(`${base}/rating/response`, { body: "Changed my mind" }, { token: t.seeker.token }),
      409,
      "already-responded",
    );
    expectProblem(
      await api.put(`${base}/rating/response`, { body: "x" }, { token: t.owner.token }),
      403,
      "forbidden-role",
    );
  });
});

describe("visibility on the public profile", () => {
  it("shows published ratings only when the candidate allows it and the profile is visible", async () => {
    const t = await thread("accepted");
    await makeSeekerProfile(t.seeker.user.id, { visibility: "public" });
    await rate(t.path, t.owner.token, { rating: 5, body: "Outstanding contributor." });
    const url = `/api/v1/users/${t.seeker.user.username}/ratings`;

    // Off by default: the section does not exist.
    expectProblem(await api.get(url), 404);
    expect((await api.get("/api/v1/candidate-ratings/settings", { token: t.seeker.token })).json).toEqual({
      show_on_profile: false,
    });
    const on = await api.put(
      "/api/v1/candidate-ratings/settings",
      { show_on_profile: true },
      { token: t.seeker.token },
    );
    expect(on.json).toEqual({ show_on_profile: true });

    const pub = await api.get(url);
    expect(pub.status).toBe(200);
    expect(pub.json.count).toBe(1);
    expect(pub.json.average).toBe(5);
    expect(pub.json.data[0]).toMatchObject({
      rating: 5,
      body: "Outstanding contributor.",
      company: { id: t.company.id },
    });
    expect(pub.json.data[0]).not.toHaveProperty("application_id");

    // A private profile hides its ratings too, except from the owner.
    await makeSeekerProfileVisibility(t.seeker.user.id, "private");
    expectProblem(await api.get(url, { token: (await signedIn({ role: "employer" })).token }), 404);
    expect((await api.get(url, { token: t.seeker.token })).status).toBe(200);
    await makeSeekerProfileVisibility(t.seeker.user.id, "public");

    await api.put("/api/v1/candidate-ratings/settings", { show_on_profile: false }, { token: t.seeker.token });
    expectProblem(await api.get(url), 404);
    // The candidate still sees them in their own list.
    const mine = await api.get("/api/v1/candidate-ratings", { token: t.seeker.token });
    expect(mine.json.data).toHaveLength(1);
    expectProblem(await api.get("/api/v1/candidate-ratings", { token: t.owner.token }), 403, "forbidden-role");
  });
});

async function makeSeekerProfileVisibility(userId: string, visibility: "public" | "private") {
  await db().update(seekerProfiles).set({ visibility }).where(eq(seekerProfiles.userId, userId));
}

describe("moderation", () => {
  it("a reported rating hidden by a moderator leaves the public profile", async () => {
    const t = await thread("accepted");
    await makeSeekerProfile(t.seeker.user.id, { visibility: "public" });
    const created = await rate(t.path, t.owner.token, { rating: 1, body: "Rude and unreliable person." });
    await api.put("/api/v1/candidate-ratings/settings", { show_on_profile: true }, { token: t.seeker.token });
    const url = `/api/v1/users/${t.seeker.user.username}/ratings`;
    expect((await api.get(url)).json.count).toBe(1);

    expectProblem(
      await api.post(
        `/api/v1/candidate-ratings/${created.json.id}/report`,
        { reason: "mine" },
        { token: t.owner.token },
      ),
      403,
    );
    const report = await api.post(
      `/api/v1/candidate-ratings/${created.json.id}/report`,
      { reason: "Defamatory" },
      { token: t.seeker.token },
    );
    expect(report.status).toBe(202);
    expect(report.json).toMatchObject({ target_type: "candidate_rating", target_id: created.json.id });
    // Anyone who can see it on the public profile may report it too.
    const visitor = await signedIn();
    expect(
      (
        await api.post(
          `/api/v1/candidate-ratings/${created.json.id}/report`,
          { reason: "Odd" },
          { token: visitor.token },
        )
      ).status,
    ).toBe(202);

    const admin = await signedIn({ role: "admin" });
    const queue = await api.get("/api/v1/admin/reports?target_type=candidate_rating&limit=100", {
      token: admin.token,
    });
    const queued = queue.json.data.find((x: { id: string }) => x.id === report.json.id);
    expect(queued.target).toMatchObject({
      type: "candidate_rating",
      id: created.json.id,
      rating: created.json.rating,
      body: created.json.body,
      author: { id: t.owner.user.id },
      status: "published",
    });
    const resolved = await api.post(
      `/api/v1/admin/reports/${report.json.id}/resolve`,
      { action: "hide" },
      { token: admin.token },
    );
    expect(resolved.status).toBe(200);
    expect((await api.get(url)).json).toMatchObject({ count: 0, data: [] });
    const own = await api.get(`/api/v1/applications/${t.app.id}/rating`, { token: t.seeker.token });
    expect(own.json).toMatchObject({ status: "hidden", body: "" });
  });
});

describe("GDPR", () => {
  it("exports ratings about the candidate and deletes them on erasure; the author's are kept without the author", async () => {
    const t = await thread("accepted");
    await rate(t.path, t.owner.token);
    const ex = await buildGdprExport(gdprSections, db(), t.seeker.user.id);
    const section = (ex as unknown as Record<string, { ratings: { about_you: boolean }[] }>).candidate_ratings;
    expect(section?.ratings).toEqual([expect.objectContaining({ about_you: true, rating: 4 })]);

    const byOwner = await buildGdprExport(gdprSections, db(), t.owner.user.id);
    expect(
      (byOwner as unknown as Record<string, { ratings: { written_by_you: boolean }[] }>).candidate_ratings?.ratings,
    ).toEqual([expect.objectContaining({ written_by_you: true })]);

    const t2 = await thread("accepted");
    await rate(t2.path, t2.owner.token);
    const delOwner = await api.delete("/api/v1/auth/me", {
      token: t2.owner.token,
      body: { password: t2.owner.user.password },
    });
    expect(delOwner.status).toBe(202);
    const kept = await db().select().from(candidateRatings).where(eq(candidateRatings.applicationId, t2.app.id)).get();
    expect(kept).toMatchObject({ authorId: null, rating: 4 });

    const del = await api.delete("/api/v1/auth/me", {
      token: t.seeker.token,
      body: { password: t.seeker.user.password },
    });
    expect(del.status).toBe(202);
    const rows = await db().select().from(candidateRatings).where(eq(candidateRatings.applicationId, t.app.id));
    expect(rows).toEqual([]);
  });
});
