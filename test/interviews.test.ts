import { env } from "cloudflare:test";
import { eq } from "drizzle-orm";
import { afterEach, describe, expect, it, vi } from "vitest";
import { DAY, HOUR } from "../src/lib/time";
import { applications, interviews, notifications } from "../src/platform/db/schema";
import { db, employerOf, makeApplication, makeCompany, makeInterview, signedIn } from "./factories";
import { pipelineWorld, waitForEmail } from "./helpers/applications";
import { api, expectProblem } from "./helpers/http";

afterEach(() => vi.restoreAllMocks());

const future = (ms = 2 * DAY) => new Date(Date.now() + ms).toISOString();
const video = (o: Record<string, unknown> = {}) => ({
  starts_at: future(),
  duration_minutes: 45,
  timezone: "Europe/Berlin",
  kind: "video",
  meeting_url: "https://meet.example.com/abc",
  ...o,
});

async function shortlisted() {
  const w = await pipelineWorld();
  const app = await makeApplication(w.job, w.seeker.user.id, { status: "shortlisted" });
  return { ...w, app };
}

describe("POST /applications/{id}/interviews", () => {
  it("schedules, moves the application to interviewing, and notifies", async () => {
    const w = await shortlisted();
    const send = vi.spyOn(env.EVENTS, "sendBatch");
    const r = await api.post(`/api/v1/applications/${w.app.id}/interviews`, video(), { token: w.employer.token });
    expect(r.status).toBe(201);
    expect(r.json).toMatchObject({
      application_id: w.app.id,
      duration_minutes: 45,
      timezone: "Europe/Berlin",
      status: "scheduled",
      response: "pending",
      ics_url: `/api/v1/interviews/${r.json.id}/ics`,
    });
    expect(Date.parse(r.json.ends_at) - Date.parse(r.json.starts_at)).toBe(45 * 60_000);
    expect((await db().select().from(applications).where(eq(applications.id, w.app.id)).get())?.status).toBe(
      "interviewing",
    );
    const types = send.mock.calls.flatMap(([b]) => [...b].map((m) => (m.body as { type: string }).type));
    expect(types).toEqual(expect.arrayContaining(["interview.scheduled", "application.status_changed"]));
    // The applicant's interview_scheduled notification: email (with the calendar file) and in-app row.
    const mail = await waitForEmail(w.seeker.user.email, "Interview scheduled");
    expect(mail.text).toContain("(Europe/Berlin)");
    expect(mail.text).toContain(`/api/v1/interviews/${r.json.id}/ics`);
    const notes = await db().select().from(notifications).where(eq(notifications.userId, w.seeker.user.id)).all();
    expect(notes.map((n) => n.type)).toEqual(["interview_scheduled"]);
    // A second interview keeps the application in interviewing.
    const again = await api.post(`/api/v1/applications/${w.app.id}/interviews`, video({ kind: "phone" }), {
      token: w.employer.token,
    });
    expect(again.status).toBe(201);
  });

  it("validates time, duration, zone, kind and place", async () => {
    const w = await shortlisted();
    const post = (body: unknown) =>
      api.post(`/api/v1/applications/${w.app.id}/interviews`, body, { token: w.employer.token });
    const path = async (body: unknown) => expectProblem(await post(body), 400).errors?.[0]?.path;
    expect(await path(video({ starts_at: new Date(Date.now() - HOUR).toISOString() }))).toBe("starts_at");
    expect(await path(video({ starts_at: "tomorrow" }))).toBe("starts_at");
    expect(await path(video({ duration_minutes: 14 }))).toBe("duration_minutes");
    expect(await path(video({ duration_minutes: 481 }))).toBe("duration_minutes");
    expect(await path(video({ timezone: "Mars/Olympus" }))).toBe("timezone");
    expect(await path(video({ kind: "carrier-pigeon" }))).toBe("kind");
    expect(await path(video({ meeting_url: undefined }))).toBe("meeting_url");
    expect(await path(video({ meeting_url: "javascript:alert(1)" }))).toBe("meeting_url");
    expect(await path(video({ kind: "onsite", meeting_url: undefined }))).toBe("location");
    expect(await path(video({ applicant_id: "x" }))).toBe("applicant_id");
    expect(await db().select().from(interviews).where(eq(interviews.applicationId, w.app.id))).toHaveLength(0);
  });

  it("is refused for applications outside shortlisted/interviewing, and for others", async () => {
    const w = await pipelineWorld();
    const pending = await makeApplication(w.job, w.seeker.user.id);
    expectProblem(
      await api.post(`/api/v1/applications/${pending.id}/interviews`, video(), { token: w.employer.token }),
      409,
      "invalid-transition",
    );
    const stranger = await employerOf((await makeCompany()).id);
    expectProblem(
      await api.post(`/api/v1/applications/${pending.id}/interviews`, video(), { token: stranger.token }),
      404,
    );
    expectProblem(
      await api.post(`/api/v1/applications/${pending.id}/interviews`, video(), { token: w.seeker.token }),
      403,
    );
    expectProblem(await api.post(`/api/v1/applications/${pending.id}/interviews`, video()), 401);
  });
});

describe("reschedule, cancel, respond", () => {
  it("reschedules (resetting the response), then cancels; the applicant accepts or declines", async () => {
    const w = await shortlisted();
    const iv = (await api.post(`/api/v1/applications/${w.app.id}/interviews`, video(), { token: w.employer.token }))
      .json;
    const respond = (response: string, token = w.seeker.token) =>
      api.post(`/api/v1/interviews/${iv.id}/respond`, { response }, { token });

    const one = await api.get(`/api/v1/interviews/${iv.id}`, { token: w.seeker.token });
    expect(one.status).toBe(200);
    expect(one.headers.get("ETag")).toBeTruthy();
    expect(one.json.id).toBe(iv.id);
    expectProblem(await api.get(`/api/v1/interviews/${iv.id}`, { token: (await signedIn()).token }), 404);

    const accepted = await respond("accept");
    expect(accepted.json).toMatchObject({ response: "accepted" });
    expect(accepted.json.responded_at).toBeTruthy();
    expectProblem(await respond("accept", w.employer.token), 403);
    expectProblem(await respond("maybe"), 400);
    await waitForEmail(w.employer.user.email, "accepted the interview");

    const send = vi.spyOn(env.EVENTS, "send");
    const newStart = future(3 * DAY);
    const moved = await api.patch(`/api/v1/interviews/${iv.id}`, { starts_at: newStart }, { token: w.employer.token });
    expect(moved.status).toBe(200);
    expect(moved.json).toMatchObject({ starts_at: newStart, response: "pending", responded_at: null });
    expect(send).toHaveBeenCalledWith(
      expect.objectContaining({ type: "interview.updated", interview_id: iv.id, change: "rescheduled" }),
      expect.anything(),
    );
    expectProblem(
      await api.patch(`/api/v1/interviews/${iv.id}`, { status: "cancelled" }, { token: w.seeker.token }),
      403,
    );
    expectProblem(
      await api.patch(
        `/api/v1/interviews/${iv.id}`,
        { status: "cancelled", duration_minutes: 30 },
        { token: w.employer.token },
      ),
      400,
    );
    expectProblem(await api.patch(`/api/v1/interviews/${iv.id}`, {}, { token: w.employer.token }), 400);

    const cancelled = await api.patch(
      `/api/v1/interviews/${iv.id}`,
      { status: "cancelled" },
      { token: w.employer.token },
    );
    expect(cancelled.json.status).toBe("cancelled");
    const row = await db().select().from(interviews).where(eq(interviews.id, iv.id)).get();
    expect(row?.sequence).toBe(2);
    expectProblem(await respond("decline"), 409, "interview-cancelled");
    expectProblem(
      await api.patch(`/api/v1/interviews/${iv.id}`, { starts_at: future() }, { token: w.employer.token }),
      409,
      "interview-cancelled",
    );
    await waitForEmail(w.seeker.user.email, "Interview cancelled");
  });
});

describe("GET /interviews", () => {
  it("lists mine, upcoming (soonest first) before past, across pages", async () => {
    const w = await pipelineWorld();
    const now = Date.now();
    const app = await makeApplication(w.job, w.seeker.user.id, { status: "interviewing" });
    const at = [now + 3 * DAY, now - 2 * DAY, now + DAY, now - DAY];
    for (const startsAt of at) await makeInterview(app, { startsAt, createdAt: now });
    const expected = [now + DAY, now + 3 * DAY, now - DAY, now - 2 * DAY].map((t) => new Date(t).toISOString());
    for (const who of [w.seeker, w.employer]) {
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const page = await api.get(`/api/v1/interviews?limit=1${cursor ? `&cursor=${cursor}` : ""}`, {
          token: who.token,
        });
        expect(page.status).toBe(200);
        seen.push(...page.json.data.map((i: { starts_at: string }) => i.starts_at));
        cursor = page.json.next_cursor;
      } while (cursor);
      expect(seen).toEqual(expected);
    }
    const upcoming = await api.get("/api/v1/interviews?scope=upcoming", { token: w.seeker.token });
    expect(upcoming.json.data).toHaveLength(2);
    expect(upcoming.json.data[0]).toMatchObject({ job: { id: w.job.id }, company: { id: w.company.id } });
    const other = await signedIn();
    expect((await api.get("/api/v1/interviews", { token: other.token })).json.data).toEqual([]);
    expectProblem(await api.get("/api/v1/interviews"), 401);
  });
});
