import { and, eq } from "drizzle-orm";
import { describe, expect, it, vi } from "vitest";
import { notifications } from "../src/platform/db/schema";
import { db, makeCompany, signedIn } from "./factories";
import { reviewBody } from "./helpers/companies";
import { api, expectProblem } from "./helpers/http";

const reviewsOf = (id: string) => `/api/v1/companies/${id}/reviews`;

async function setup() {
  const owner = await signedIn({ role: "employer" });
  const co = await makeCompany({ members: [{ userId: owner.user.id }] });
  const author = await signedIn({ firstName: "Secretive", lastName: "Zebra" });
  const created = await api.post(reviewsOf(co.id), reviewBody({ is_anonymous: true }), { token: author.token });
  expect(created.status).toBe(201);
  return { owner, co, author, review: created.json };
}

/** No trace of the author anywhere in a body: id, username, email or names. */
function expectNoAuthor(body: unknown, author: Awaited<ReturnType<typeof signedIn>>) {
  const text = JSON.stringify(body);
  for (const secret of [author.user.id, author.user.username, author.user.email, "Secretive", "Zebra"]) {
    expect(text).not.toContain(secret);
  }
}

describe("anonymous reviews", () => {
  it("never expose the author outside admin responses", async () => {
    const { owner, co, author, review } = await setup();
    expect(review.author).toBeNull();
    expect(review.is_mine).toBe(true);
    expectNoAuthor(review, author);

    const other = await signedIn();
    const admin = await signedIn({ role: "admin" });
    for (const token of [undefined, other.token, owner.token, author.token]) {
      const list = await api.get(reviewsOf(co.id), { token });
      expect(list.json.data).toHaveLength(1);
      expectNoAuthor(list.json, author);
      const one = await api.get(`/api/v1/reviews/${review.id}`, { token });
      expect(one.json.author).toBeNull();
      expectNoAuthor(one.json, author);
    }

    const edited = await api.patch(
      `/api/v1/reviews/${review.id}`,
      { title: "Still anonymous" },
      { token: author.token },
    );
    expectNoAuthor(edited.json, author);
    const response = await api.put(
      `/api/v1/reviews/${review.id}/response`,
      { body: "Thanks!" },
      { token: owner.token },
    );
    expectNoAuthor(response.json, author);
    const report = await api.post(
      `/api/v1/reviews/${review.id}/report`,
      { reason: "Spam text" },
      { token: other.token },
    );
    expect(report.status).toBe(202);
    expectNoAuthor(report.json, author);
    const vote = await api.put(`/api/v1/reviews/${review.id}/helpful`, undefined, { token: other.token });
    expectNoAuthor(vote.json, author);

    // Admins see who wrote it, in the review and in the moderation queue.
    const asAdmin = await api.get(`/api/v1/reviews/${review.id}`, { token: admin.token });
    expect(asAdmin.json.author.id).toBe(author.user.id);
    const queue = await api.get("/api/v1/admin/reports?target_type=review&limit=100", { token: admin.token });
    const item = queue.json.data.find((r: { target_id: string }) => r.target_id === review.id);
    expect(item.target.author.id).toBe(author.user.id);
  });

  it("show named reviews with a short display name, and hide it when made anonymous later", async () => {
    const co = await makeCompany();
    const s = await signedIn({ firstName: "Ada", lastName: "Lovelace" });
    const r = await api.post(reviewsOf(co.id), reviewBody(), { token: s.token });
    expect(r.json.author).toEqual({ id: s.user.id, username: s.user.username, display_name: "Ada L." });
    expect(JSON.stringify(r.json)).not.toContain(s.user.email);
    await api.patch(`/api/v1/reviews/${r.json.id}`, { is_anonymous: true }, { token: s.token });
    const list = await api.get(reviewsOf(co.id));
    expect(list.json.data[0].author).toBeNull();
  });
});

describe("helpful votes", () => {
  it("count one vote per user, idempotently", async () => {
    const { author, review } = await setup();
    const a = await signedIn();
    const b = await signedIn({ role: "employer" });
    const url = `/api/v1/reviews/${review.id}/helpful`;
    expect((await api.put(url, undefined, { token: a.token })).json).toEqual({ helpful_count: 1, voted: true });
    expect((await api.put(url, undefined, { token: a.token })).json).toEqual({ helpful_count: 1, voted: true });
    expect((await api.put(url, undefined, { token: b.token })).json).toEqual({ helpful_count: 2, voted: true });
    const seen = await api.get(`/api/v1/reviews/${review.id}`, { token: a.token });
    expect(seen.json).toMatchObject({ helpful_count: 2, voted_helpful: true });
    expect((await api.delete(url, { token: a.token })).json).toEqual({ helpful_count: 1, voted: false });
    expect((await api.delete(url, { token: a.token })).json).toEqual({ helpful_count: 1, voted: false });
    expectProblem(await api.put(url, undefined, { token: author.token }), 403);
    expectProblem(await api.put(url), 401);
    expectProblem(await api.put("/api/v1/reviews/nope/helpful", undefined, { token: a.token }), 404);
  });
});

describe("company responses", () => {
  it("let a member reply publicly and replace the reply", async () => {
    const { owner, co, review } = await setup();
    const recruiter = await signedIn({ role: "employer" });
    await api.post(
      `/api/v1/companies/${co.id}/members`,
      { email: recruiter.user.email, role: "recruiter" },
      { token: owner.token },
    );
    const url = `/api/v1/reviews/${review.id}/response`;
    const first = await api.put(url, { body: "Thank you!" }, { token: owner.token });
    expect(first.status).toBe(200);
    const second = await api.put(url, { body: "Thank you, we are on it." }, { token: recruiter.token });
    expect(second.json.body).toBe("Thank you, we are on it.");
    expect(second.json.created_at).toBe(first.json.created_at);
    const shown = await api.get(`/api/v1/reviews/${review.id}`);
    expect(shown.json.response.body).toBe("Thank you, we are on it.");
    expect((await api.delete(url, { token: owner.token })).status).toBe(204);
    expect((await api.get(`/api/v1/reviews/${review.id}`)).json.response).toBeNull();
  });

  it("are refused to non-members (404), seekers (403) and anonymous callers (401)", async () => {
    const { review } = await setup();
    const url = `/api/v1/reviews/${review.id}/response`;
    const stranger = await signedIn({ role: "employer" });
    expectProblem(await api.put(url, { body: "Fake reply" }, { token: stranger.token }), 404);
    const seeker = await signedIn();
    expectProblem(await api.put(url, { body: "Fake reply" }, { token: seeker.token }), 403);
    expectProblem(await api.put(url, { body: "Fake reply" }), 401);
    expect((await api.get(`/api/v1/reviews/${review.id}`)).json.response).toBeNull();
  });

  it("notify the (anonymous) author of the first reply only, in-app", async () => {
    const { owner, co, author, review } = await setup();
    const url = `/api/v1/reviews/${review.id}/response`;
    const replies = () =>
      db()
        .select()
        .from(notifications)
        .where(and(eq(notifications.userId, author.user.id), eq(notifications.type, "review_response")));
    expect((await api.put(url, { body: "Thank you for the feedback." }, { token: owner.token })).status).toBe(200);
    await vi.waitFor(async () => expect(await replies()).toHaveLength(1), { timeout: 8000, interval: 100 });
    const [n] = await replies();
    expect(n).toMatchObject({
      title: `${co.name} replied to your review`,
      body: "Thank you for the feedback.",
      data: { review_id: review.id, company_name: co.name, response_excerpt: "Thank you for the feedback." },
    });
    // The reply's author is the company: nothing in the notification names the reviewer to anyone else.
    expect(await db().select().from(notifications).where(eq(notifications.userId, owner.user.id))).toHaveLength(0);

    // Editing the reply is not news; a reply written again after deletion is.
    await api.put(url, { body: "Thank you, we fixed it." }, { token: owner.token });
    await api.delete(url, { token: owner.token });
    await api.put(url, { body: "New reply." }, { token: owner.token });
    await vi.waitFor(async () => expect(await replies()).toHaveLength(2), { timeout: 8000, interval: 100 });
    await new Promise((r) => setTimeout(r, 300));
    expect((await replies()).map((r) => r.body).sort()).toEqual(["New reply.", "Thank you for the feedback."]);
  });

  it("validate the body", async () => {
    const { owner, review } = await setup();
    const url = `/api/v1/reviews/${review.id}/response`;
    expectProblem(await api.put(url, { body: "" }, { token: owner.token }), 400);
    expectProblem(await api.put(url, { body: "ok", signed_by: "CEO" }, { token: owner.token }), 400);
  });
});
