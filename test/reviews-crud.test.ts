import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { companies, reviews } from "../src/platform/db/schema";
import { addMember, db, makeCompany, signedIn } from "./factories";
import { reviewBody } from "./helpers/companies";
import { api, expectProblem } from "./helpers/http";

const reviewsOf = (id: string) => `/api/v1/companies/${id}/reviews`;

async function rating(companyId: string) {
  const row = await db().select().from(companies).where(eq(companies.id, companyId)).get();
  return { average: row?.ratingAverage, count: row?.ratingCount };
}

async function seekerReview(companyId: string, o: Record<string, unknown> = {}) {
  const s = await signedIn();
  const r = await api.post(reviewsOf(companyId), reviewBody(o), { token: s.token });
  if (r.status !== 201) throw new Error(`review failed: ${r.status} ${JSON.stringify(r.json)}`);
  return { seeker: s, review: r.json };
}

describe("POST /companies/{id}/reviews", () => {
  it("creates a review with sub-ratings and updates the rating", async () => {
    const co = await makeCompany();
    const s = await signedIn();
    const r = await api.post(
      reviewsOf(co.id),
      reviewBody({ rating: 5, pros: "Mentoring", ratings: { culture: 5, compensation: 3 } }),
      { token: s.token },
    );
    expect(r.status).toBe(201);
    expect(r.json).toMatchObject({
      company_id: co.id,
      rating: 5,
      pros: "Mentoring",
      cons: null,
      ratings: { culture: 5, compensation: 3, work_life_balance: null, management: null, career_growth: null },
      is_mine: true,
      helpful_count: 0,
      status: "published",
      author: { id: s.user.id, username: s.user.username, display_name: "Test U." },
    });
    expect(await rating(co.id)).toEqual({ average: 5, count: 1 });
  });

  it("allows one review per seeker per company (409)", async () => {
    const co = await makeCompany();
    const { seeker } = await seekerReview(co.id);
    expectProblem(await api.post(reviewsOf(co.id), reviewBody(), { token: seeker.token }), 409, "already-reviewed");
    expect(await rating(co.id)).toEqual({ average: 4, count: 1 });
  });

  it("validates the body strictly", async () => {
    const co = await makeCompany();
    const s = await signedIn();
    for (const bad of [
      reviewBody({ rating: 6 }),
      reviewBody({ rating: 0 }),
      reviewBody({ employment_status: "intern" }),
      reviewBody({ ratings: { culture: 9 } }),
      reviewBody({ ratings: { vibes: 5 } }),
      reviewBody({ helpful_count: 100 }),
      { rating: 3, title: "Missing the rest" },
    ]) {
      expectProblem(await api.post(reviewsOf(co.id), bad, { token: s.token }), 400, "validation-error");
    }
    expect(await rating(co.id)).toEqual({ average: 0, count: 0 });
  });

  it("is for seekers only, and 404s unknown companies", async () => {
    const co = await makeCompany();
    expectProblem(await api.post(reviewsOf(co.id), reviewBody()), 401);
    const emp = await signedIn({ role: "employer" });
    expectProblem(await api.post(reviewsOf(co.id), reviewBody(), { token: emp.token }), 403);
    const s = await signedIn();
    expectProblem(await api.post(reviewsOf("no-such-co"), reviewBody(), { token: s.token }), 404);
  });
});

describe("GET /companies/{id}/reviews", () => {
  it("sorts by recent, helpful, rating_high and rating_low with cursors", async () => {
    const co = await makeCompany();
    const a = (await seekerReview(co.id, { rating: 2 })).review;
    const b = (await seekerReview(co.id, { rating: 5 })).review;
    const c = (await seekerReview(co.id, { rating: 3 })).review;
    await db().update(reviews).set({ helpfulCount: 7 }).where(eq(reviews.id, a.id));
    const ids = async (sort: string) => {
      const out: string[] = [];
      let cursor: string | null = null;
      do {
        const r = await api.get(`${reviewsOf(co.slug)}?sort=${sort}&limit=2${cursor ? `&cursor=${cursor}` : ""}`);
        expect(r.status).toBe(200);
        expect(r.json.total).toBe(3);
        out.push(...r.json.data.map((x: { id: string }) => x.id));
        cursor = r.json.next_cursor;
      } while (cursor);
      return out;
    };
    expect(await ids("recent")).toEqual([c.id, b.id, a.id]);
    expect(await ids("helpful")).toEqual([a.id, c.id, b.id]);
    expect(await ids("rating_high")).toEqual([b.id, c.id, a.id]);
    expect(await ids("rating_low")).toEqual([a.id, c.id, b.id]);
    expectProblem(await api.get(`${reviewsOf(co.id)}?sort=best`), 400);
    expectProblem(await api.get(`${reviewsOf(co.id)}?cursor=bm9wZQ`), 400, "invalid-cursor");
  });

  it("404s for unknown companies", async () => {
    expectProblem(await api.get(reviewsOf("nope")), 404);
  });
});

describe("PATCH and DELETE /reviews/{id}", () => {
  it("keeps the rating consistent through create, edit and delete", async () => {
    const co = await makeCompany();
    const one = await seekerReview(co.id, { rating: 5 });
    const two = await seekerReview(co.id, { rating: 2 });
    expect(await rating(co.id)).toEqual({ average: 3.5, count: 2 });

    const edited = await api.patch(`/api/v1/reviews/${two.review.id}`, { rating: 4 }, { token: two.seeker.token });
    expect(edited.status).toBe(200);
    expect(edited.json.rating).toBe(4);
    expect(await rating(co.id)).toEqual({ average: 4.5, count: 2 });

    expect((await api.delete(`/api/v1/reviews/${one.review.id}`, { token: one.seeker.token })).status).toBe(204);
    expect(await rating(co.id)).toEqual({ average: 4, count: 1 });
    const detail = await api.get(`/api/v1/companies/${co.id}`);
    expect(detail.json.rating).toEqual({ average: 4, count: 1 });
    expect(detail.json.json_ld).toMatchObject({ ratingValue: 4, ratingCount: 1 });
  });

  it("lets only the author or an admin edit or delete", async () => {
    const co = await makeCompany();
    const { review } = await seekerReview(co.id);
    const other = await signedIn();
    const owner = await signedIn({ role: "employer" });
    await addMember(co.id, owner.user.id, "owner");
    for (const token of [other.token, owner.token]) {
      expectProblem(await api.patch(`/api/v1/reviews/${review.id}`, { rating: 1 }, { token }), 404);
      expectProblem(await api.delete(`/api/v1/reviews/${review.id}`, { token }), 404);
    }
    expectProblem(await api.patch(`/api/v1/reviews/${review.id}`, { rating: 1 }), 401);
    const admin = await signedIn({ role: "admin" });
    expect(
      (await api.patch(`/api/v1/reviews/${review.id}`, { title: "Edited by mod" }, { token: admin.token })).status,
    ).toBe(200);
    expectProblem(await api.patch(`/api/v1/reviews/${review.id}`, { status: "hidden" }, { token: admin.token }), 400);
    expect((await api.delete(`/api/v1/reviews/${review.id}`, { token: admin.token })).status).toBe(204);
    expect(await rating(co.id)).toEqual({ average: 0, count: 0 });
  });
});

describe("GET /reviews/{id}", () => {
  it("shows hidden reviews only to the author and admins", async () => {
    const co = await makeCompany();
    const { seeker, review } = await seekerReview(co.id);
    await db().update(reviews).set({ status: "hidden" }).where(eq(reviews.id, review.id));
    expectProblem(await api.get(`/api/v1/reviews/${review.id}`), 404);
    const other = await signedIn();
    expectProblem(await api.get(`/api/v1/reviews/${review.id}`, { token: other.token }), 404);
    expect((await api.get(`/api/v1/reviews/${review.id}`, { token: seeker.token })).json.status).toBe("hidden");
    const admin = await signedIn({ role: "admin" });
    expect((await api.get(`/api/v1/reviews/${review.id}`, { token: admin.token })).status).toBe(200);
  });
});
