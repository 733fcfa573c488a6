/**
 * The hiring flow as a client sees it: an employer and a seeker sign up and
 * verify by email, the employer creates a company and a job that goes to
 * review, the admin approves it, the seeker finds it by search and facets and
 * applies with a PDF resume, the employer moves the application along (the
 * seeker is told in-app and over the WebSocket) and schedules an interview
 * with its calendar file.
 */
import { beforeAll, describe, expect, it } from "vitest";
import {
  base,
  expectStatus,
  get,
  loginAdmin,
  patch,
  post,
  registerVerified,
  request,
  type User,
  waitFor,
} from "./lib/client";
import { createCompany, createDraftJob, pdf } from "./lib/fixtures";

const stamp = Date.now().toString(36);
let employer: User;
let seeker: User;
let admin: User;
// biome-ignore lint/suspicious/noExplicitAny: shapes are checked against the OpenAPI schema
let company: any;
// biome-ignore lint/suspicious/noExplicitAny: shapes are checked against the OpenAPI schema
let job: any;
let applicationId: string;
let interviewId: string;
let calendar = "";

beforeAll(async () => {
  [employer, seeker, admin] = await Promise.all([
    registerVerified("employer", "hirer"),
    registerVerified("seeker", "applicant"),
    loginAdmin(),
  ]);
});

describe("hiring flow", () => {
  it("an employer creates a company founded this year and a draft job", async () => {
    company = await createCompany(employer, `Quokka Works ${stamp}`);
    expect(company.founded_year).toBe(new Date().getUTCFullYear());
    job = await createDraftJob(employer, company.id, `Senior Quokka Engineer ${stamp}`);
    expect(job.company.id).toBe(company.id);
    // Drafts are invisible to the public.
    expect((await get(`/api/v1/jobs/${job.id}`)).status).toBe(404);
  });

  it("publishing a job of an unverified company waits for review; the admin approves it", async () => {
    const published = expectStatus(await post(`/api/v1/jobs/${job.id}/publish`, { as: employer }), 200);
    expect(published.status).toBe("pending_review");

    const queue = expectStatus(
      await get("/api/v1/admin/jobs", { as: admin, query: { status: "pending_review", limit: 100 } }),
      200,
    );
    expect(queue.data.map((j: { id: string }) => j.id)).toContain(job.id);
    // Not an admin: refused.
    expect((await get("/api/v1/admin/jobs", { as: employer })).status).toBe(403);

    const approved = expectStatus(await post(`/api/v1/admin/jobs/${job.id}/approve`, { as: admin }), 200);
    expect(approved.status).toBe("published");
    const pub = expectStatus(await get(`/api/v1/jobs/${job.id}`), 200);
    expect(pub.status).toBe("published");
    expect(pub.json_ld["@type"]).toBe("JobPosting");
  });

  it("the seeker finds the job by full-text search, filters and facets", async () => {
    const found = await waitFor("the job in search results", async () => {
      const res = expectStatus(
        await get("/api/v1/jobs", {
          query: { q: `quokka ${stamp}`, remote: true, job_type: "full_time", facets: "job_type,experience_level" },
        }),
        200,
      );
      return res.data.some((j: { id: string }) => j.id === job.id) ? res : undefined;
    });
    expect(found.total).toBeGreaterThanOrEqual(1);
    expect(found.facets.job_type).toEqual(expect.arrayContaining([expect.objectContaining({ value: "full_time" })]));
    expect(found.facets.experience_level).toEqual(
      expect.arrayContaining([expect.objectContaining({ value: "senior" })]),
    );
    // A filter that excludes it.
    const none = expectStatus(
      await get("/api/v1/jobs", { query: { q: `quokka ${stamp}`, job_type: "internship" } }),
      200,
    );
    expect(none.data.map((j: { id: string }) => j.id)).not.toContain(job.id);
  });

  it("authentication comes before validation: an anonymous invalid write is 401, not 400", async () => {
    const res = await post("/api/v1/jobs", { json: { title: 1 } });
    expect(res.status).toBe(401);
    expect(res.headers.get("www-authenticate")).toMatch(/^Bearer/);
  });

  it("an invalid token is refused with 401 even where signing in is optional", async () => {
    const res = await get(`/api/v1/jobs/${job.id}`, { as: { token: "not-a-real-token", ip: seeker.ip } });
    expect(res.status).toBe(401);
    expect(res.headers.get("www-authenticate")).toMatch(/^Bearer/);
  });

  it("the search refuses unknown query parameters instead of silently ignoring them", async () => {
    const res = await get("/api/v1/jobs", { query: { q: "quokka", colour: "blue" } });
    expect(res.status).toBe(400);
    expect(res.headers.get("content-type")).toMatch(/^application\/problem\+json/);
  });

  it("the seeker applies with a PDF resume uploaded in the same request", async () => {
    const form = new FormData();
    form.set(
      "resume",
      new Blob([pdf(["Alex Applicant", "Senior Engineer", "Skills: TypeScript, PostgreSQL, Kubernetes"])], {
        type: "application/pdf",
      }),
      "alex-applicant.pdf",
    );
    form.set("cover_letter", "I would love to build quokka software with you.");
    const app = expectStatus(await post(`/api/v1/jobs/${job.id}/applications`, { as: seeker, form }), 201);
    applicationId = app.id;
    expect(app.status).toBe("pending");
    const resumeId = app.resume_id ?? app.resume?.id;
    expect(resumeId).toBeTruthy();

    // The upload is a real PDF: the parser (a queue consumer) reads its text and skills.
    const parsed = await waitFor("the resume to be parsed", async () => {
      const r = expectStatus(await get(`/api/v1/resumes/${resumeId}`, { as: seeker }), 200);
      return r.parse_status === "done" || r.parse_status === "failed" ? r : undefined;
    });
    expect(parsed.parse_status).toBe("done");
    expect(parsed.extracted_skills).toEqual(expect.arrayContaining(["TypeScript"]));
    // The employer the resume was sent to can download it; the bytes are the PDF.
    const file = await request("GET", `/api/v1/resumes/${resumeId}/download`, {
      as: employer,
      headers: { Accept: "application/pdf" },
    });
    expect(file.status).toBe(200);
    expect(file.headers.get("content-type")).toMatch(/^application\/pdf/);
    expect(file.headers.get("content-disposition")).toMatch(/^attachment/);
    expect(file.text.startsWith("%PDF-1.4")).toBe(true);

    // A second application to the same job is a conflict.
    const again = await post(`/api/v1/jobs/${job.id}/applications`, { as: seeker, json: { answers: [] } });
    expect(again.status).toBe(409);

    // The employer is told about it.
    await waitFor("the application_received notification", async () => {
      const list = expectStatus(await get("/api/v1/notifications", { as: employer }), 200);
      return list.data.find((n: { type: string }) => n.type === "application_received");
    });
    // Signed in, the public job page knows the seeker applied.
    expect(expectStatus(await get(`/api/v1/jobs/${job.id}`, { as: seeker }), 200).has_applied).toBe(true);
    const mine = expectStatus(await get("/api/v1/applications", { as: seeker }), 200);
    expect(mine.data.map((a: { id: string }) => a.id)).toContain(applicationId);
  });

  it("status changes reach the seeker in-app and over the WebSocket (with ping/pong)", async () => {
    const ticket = expectStatus(await post("/api/v1/realtime/ticket", { as: seeker }), 201);
    expect(ticket.expires_in).toBeLessThanOrEqual(60);
    const ws = new WebSocket(
      `${base.replace(/^http/, "ws")}/api/v1/realtime?ticket=${encodeURIComponent(ticket.ticket)}`,
    );
    const frames: { type: string; [k: string]: unknown }[] = [];
    ws.addEventListener("message", (e) => frames.push(JSON.parse(String(e.data))));
    await new Promise<void>((resolve, reject) => {
      ws.addEventListener("open", () => resolve(), { once: true });
      ws.addEventListener("error", () => reject(new Error("the WebSocket did not open")), { once: true });
    });
    try {
      ws.send(JSON.stringify({ type: "ping" }));
      await waitFor("a pong frame", async () => frames.find((f) => f.type === "pong"));

      for (const status of ["reviewing", "shortlisted"]) {
        const updated = expectStatus(
          await patch(`/api/v1/applications/${applicationId}`, { as: employer, json: { status } }),
          200,
        );
        expect(updated.status).toBe(status);
      }
      const frame = await waitFor("a notification frame for the status change", async () =>
        frames.find(
          (f) =>
            f.type === "notification" && (f.notification as { type: string }).type === "application_status_changed",
        ),
      );
      expect(frame).toBeTruthy();
    } finally {
      ws.close();
    }

    // A transition the pipeline does not allow.
    const back = await patch(`/api/v1/applications/${applicationId}`, { as: employer, json: { status: "pending" } });
    expect(back.status).toBe(409);

    // Both changes are in the in-app list (delivered by a queue consumer, so wait for them).
    const list = await waitFor("two application_status_changed notifications", async () => {
      const res = expectStatus(await get("/api/v1/notifications", { as: seeker }), 200);
      const changes = res.data.filter((n: { type: string }) => n.type === "application_status_changed");
      return changes.length >= 2 ? res : undefined;
    });
    expect(list.unread_count).toBeGreaterThanOrEqual(2);
    const history = expectStatus(await get(`/api/v1/applications/${applicationId}/history`, { as: seeker }), 200);
    const steps = (Array.isArray(history) ? history : history.data).map((h: { to_status: string }) => h.to_status);
    expect(steps).toEqual(["pending", "reviewing", "shortlisted"]);
    // Admins see every application.
    expect((await get(`/api/v1/applications/${applicationId}`, { as: admin })).status).toBe(200);
  });

  it("an interview moves the application to interviewing and comes with an .ics", async () => {
    const startsAt = new Date(Date.now() + 3 * 86_400_000);
    startsAt.setUTCMinutes(0, 0, 0);
    const interview = expectStatus(
      await post(`/api/v1/applications/${applicationId}/interviews`, {
        as: employer,
        json: {
          starts_at: startsAt.toISOString(),
          duration_minutes: 45,
          timezone: "Europe/Lisbon",
          kind: "video",
          meeting_url: "https://meet.example.com/quokka",
          notes: "We will talk about your recent projects.",
        },
      }),
      201,
    );
    interviewId = interview.id;
    const app = expectStatus(await get(`/api/v1/applications/${applicationId}`, { as: seeker }), 200);
    expect(app.status).toBe("interviewing");

    const ics = await request("GET", `/api/v1/interviews/${interview.id}/ics`, {
      as: seeker,
      headers: { Accept: "text/calendar" },
    });
    expect(ics.status).toBe(200);
    expect(ics.headers.get("content-type")).toMatch(/^text\/calendar/);
    const cal = ics.text.replace(/\r\n[ \t]/g, "");
    expect(cal).toMatch(/^BEGIN:VCALENDAR\r\n/);
    expect(cal).toContain("BEGIN:VEVENT");
    expect(cal).toMatch(/\r\nUID:[^\r]+\r\n/);
    expect(cal).toMatch(/\r\nDTSTART[;:]/);
    expect(cal.trimEnd().endsWith("END:VCALENDAR")).toBe(true);
    calendar = cal;
  });

  it("the .ics is a PUBLISH with an organizer and no attendee, in the interview's time zone", () => {
    // RFC 5546: a PUBLISH must not carry ATTENDEE (a REQUEST would make clients send replies to a no-reply address).
    expect(calendar).toContain("\r\nMETHOD:PUBLISH\r\n");
    expect(calendar).toContain("\r\nORGANIZER");
    expect(calendar).not.toContain("\r\nATTENDEE");
    // Local time in the interview's zone (Europe/Lisbon), with that zone defined in the file.
    expect(calendar).toMatch(/\r\nDTSTART;TZID=Europe\/Lisbon:\d{8}T\d{6}\r\n/);
    expect(calendar).toMatch(/BEGIN:VTIMEZONE\r\nTZID:Europe\/Lisbon\r\n/);
  });

  it("the seeker accepts the interview and is notified; read-all marks the notifications read", async () => {
    const responded = expectStatus(
      await post(`/api/v1/interviews/${interviewId}/respond`, { as: seeker, json: { response: "accept" } }),
      200,
    );
    expect(responded.response).toBe("accepted");
    const seen = await waitFor("the interview_scheduled notification", async () => {
      const list = expectStatus(await get("/api/v1/notifications", { as: seeker, query: { limit: 100 } }), 200);
      return list.data.some((n: { type: string }) => n.type === "interview_scheduled") ? list : undefined;
    });
    // Marking everything read: none of those is unread any more (a later one may still arrive).
    expectStatus(await post("/api/v1/notifications/read-all", { as: seeker }), 200);
    const after = expectStatus(
      await get("/api/v1/notifications", { as: seeker, query: { unread: true, limit: 100 } }),
      200,
    );
    const unread = new Set(after.data.map((n: { id: string }) => n.id));
    expect(seen.data.filter((n: { id: string }) => unread.has(n.id))).toEqual([]);
    expect(after.unread_count).toBe(after.data.length);
  });
});
