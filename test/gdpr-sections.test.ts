/**
 * Account export and erasure across modules: every module that stores
 * something about a seeker contributes a section to `GET /auth/me/export`,
 * and `DELETE /auth/me` erases or anonymises it (files through the queue,
 * the employer's application record kept without personal data).
 */
import { env } from "cloudflare:test";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import {
  applications,
  interviews,
  notifications,
  resumes,
  reviewHelpfulVotes,
  reviews,
  savedJobs,
  seekerProfiles,
} from "../src/platform/db/schema";
import { db, makeApplication, makeInterview, makeNotification, signedIn } from "./factories";
import { waitFor } from "./helpers/accounts";
import { pipelineWorld } from "./helpers/applications";
import { reviewBody } from "./helpers/companies";
import { api } from "./helpers/http";
import { uploadResume } from "./helpers/profiles";

/** A seeker with a profile, a resume file, an application with an interview, a notification, a saved job and a review. */
async function busySeeker() {
  const w = await pipelineWorld();
  const s = await signedIn({ firstName: "Zelda", lastName: "Quixote" });
  const t = { token: s.token };
  expect((await api.patch("/api/v1/profile", { headline: "Welder", phone: "+1 555 0100 999" }, t)).status).toBe(200);
  const resume = await uploadResume(s.token, { bytes: new TextEncoder().encode("TIG welding"), name: "cv.txt" });
  expect(resume.status).toBe(201);
  const resumeKey = `resumes/${s.user.id}/${resume.json.id}`;
  const app = await makeApplication(w.job, s.user.id, {
    resumeId: resume.json.id,
    coverLetter: "I love welding, call me on +1 555 0100 999",
    answers: [{ question_id: "q1", answer: "Yes, in Berlin" }],
    status: "interviewing",
  });
  await makeInterview(app, { applicantId: s.user.id });
  await makeNotification(s.user.id, { title: "Your application moved on" });
  expect((await api.put(`/api/v1/jobs/${w.job.id}/save`, undefined, t)).status).toBeLessThan(300);
  const review = await api.post(`/api/v1/companies/${w.company.id}/reviews`, reviewBody({ is_anonymous: false }), t);
  expect(review.status).toBe(201);
  // Someone else found the review helpful; the seeker voted on another review.
  const fan = await signedIn();
  await api.put(`/api/v1/reviews/${review.json.id}/helpful`, undefined, { token: fan.token });
  const other = await signedIn();
  const otherReview = await api.post(`/api/v1/companies/${w.company.id}/reviews`, reviewBody(), {
    token: other.token,
  });
  await api.put(`/api/v1/reviews/${otherReview.json.id}/helpful`, undefined, t);
  return {
    ...w,
    seeker: s,
    app,
    resumeKey,
    resumeId: resume.json.id as string,
    reviewId: review.json.id as string,
    otherReview,
  };
}

describe("GET /auth/me/export", () => {
  it("has a section from every module that stores something about the seeker", async () => {
    const w = await busySeeker();
    const r = await api.get("/api/v1/auth/me/export", { token: w.seeker.token });
    expect(r.status).toBe(200);
    const doc = r.json;
    expect(doc.account.user.email).toBe(w.seeker.user.email);
    expect(doc.profile.seeker_profile).toMatchObject({ headline: "Welder", phone: "+1 555 0100 999" });
    expect(doc.profile.resumes[0]).toMatchObject({ id: w.resumeId, storage_key: w.resumeKey });
    expect(doc.applications.applications[0]).toMatchObject({
      id: w.app.id,
      job: { id: w.job.id, title: w.job.title },
      cover_letter: "I love welding, call me on +1 555 0100 999",
    });
    expect(doc.applications.interviews).toHaveLength(1);
    expect(doc.notifications.notifications.map((n: { title: string }) => n.title)).toContain(
      "Your application moved on",
    );
    expect(doc.saved_jobs.saved_jobs).toEqual([
      expect.objectContaining({ job_id: w.job.id, job_title: w.job.title, company_name: w.company.name }),
    ]);
    expect(doc.reviews.reviews).toEqual([expect.objectContaining({ id: w.reviewId, company: expect.any(Object) })]);
    expect(doc.reviews.helpful_votes).toEqual([expect.objectContaining({ review_id: w.otherReview.json.id })]);
    // Nothing internal to the company (notes, rating) and no secrets.
    expect(JSON.stringify(doc)).not.toMatch(/password_hash|rejection_note|"rating":null,"rejection/);
  });
});

describe("DELETE /auth/me", () => {
  it("erases or anonymises every section; the employer keeps the application without personal data", async () => {
    const w = await busySeeker();
    expect(await env.FILES.head(w.resumeKey)).not.toBeNull();
    const del = await api.delete("/api/v1/auth/me", {
      token: w.seeker.token,
      body: { password: w.seeker.user.password },
    });
    expect(del.status).toBe(202);
    const uid = w.seeker.user.id;

    // Gone: profile, resume rows, notifications, bookmarks, votes.
    expect(await db().select().from(seekerProfiles).where(eq(seekerProfiles.userId, uid))).toEqual([]);
    expect(await db().select().from(resumes).where(eq(resumes.userId, uid))).toEqual([]);
    expect(await db().select().from(notifications).where(eq(notifications.userId, uid))).toEqual([]);
    expect(await db().select().from(savedJobs).where(eq(savedJobs.userId, uid))).toEqual([]);
    expect(await db().select().from(reviewHelpfulVotes).where(eq(reviewHelpfulVotes.userId, uid))).toEqual([]);
    const voted = await db().select().from(reviews).where(eq(reviews.id, w.otherReview.json.id)).get();
    expect(voted?.helpfulCount).toBe(0);

    // Kept, anonymised: the application (and its interview) and the public review.
    const app = await db().select().from(applications).where(eq(applications.id, w.app.id)).get();
    expect(app).toMatchObject({
      applicantId: null,
      coverLetter: null,
      answers: [],
      resumeId: null,
      status: "interviewing",
    });
    const iv = await db().select().from(interviews).where(eq(interviews.applicationId, w.app.id)).get();
    expect(iv?.applicantId).toBeNull();
    const review = await db().select().from(reviews).where(eq(reviews.id, w.reviewId)).get();
    expect(review).toMatchObject({ authorId: null, isAnonymous: true, status: "published", helpfulCount: 1 });
    const publicReview = await api.get(`/api/v1/reviews/${w.reviewId}`);
    expect(publicReview.json.author).toBeNull();

    // The employer still sees that the application existed, with nothing about the person.
    const seen = await api.get(`/api/v1/applications/${w.app.id}`, { token: w.employer.token });
    expect(seen.status).toBe(200);
    expect(seen.json.status).toBe("interviewing");
    const text = JSON.stringify(seen.json);
    for (const secret of [
      uid,
      w.seeker.user.email,
      "Zelda",
      "Quixote",
      "+1 555 0100 999",
      "I love welding",
      "Berlin",
    ]) {
      expect(text).not.toContain(secret);
    }
    const list = await api.get(`/api/v1/jobs/${w.job.id}/applications`, { token: w.employer.token });
    expect(list.json.data.map((a: { id: string }) => a.id)).toContain(w.app.id);

    // The resume file is deleted by the queue consumer.
    await waitFor(async () => (await env.FILES.head(w.resumeKey)) === null);
    // The erased account's tokens no longer work.
    expect(await api.get("/api/v1/auth/me/export", { token: w.seeker.token })).toMatchObject({ status: 401 });
  });
});
