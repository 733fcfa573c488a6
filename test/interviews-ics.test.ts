import { describe, expect, it } from "vitest";
import { buildIcs, escapeText, foldLine, icsDate } from "../src/modules/interviews/ics";
import { employerOf, makeApplication, makeCompany, pipelineWorld } from "./helpers/applications";
import { signedIn } from "./helpers/factories";
import { call, expectProblem } from "./helpers/http";

const octets = (s: string) => new TextEncoder().encode(s).byteLength;

/** Undoes folding (RFC 5545 §3.1) so properties can be read back. */
const unfold = (ics: string) => ics.replace(/\r\n[ \t]/g, "");

describe("iCalendar building blocks", () => {
  it("escapes TEXT values", () => {
    expect(escapeText("a\\b;c,d\ne\r\nf")).toBe("a\\\\b\\;c\\,d\\ne\\nf");
  });

  it("folds at 75 octets without splitting UTF-8 characters", () => {
    const line = `SUMMARY:${"ä".repeat(100)}€😀${"x".repeat(80)}`;
    const folded = foldLine(line);
    const parts = folded.split("\r\n");
    expect(parts.length).toBeGreaterThan(3);
    for (const p of parts) expect(octets(p)).toBeLessThanOrEqual(75);
    for (const p of parts.slice(1)) expect(p.startsWith(" ")).toBe(true);
    expect(unfold(folded)).toBe(line);
    expect(foldLine("SHORT:x")).toBe("SHORT:x");
  });

  it("writes UTC basic-format times", () => {
    expect(icsDate(Date.UTC(2026, 11, 1, 9, 30, 5))).toBe("20261201T093005Z");
  });

  it("builds a CRLF-terminated calendar", () => {
    const ics = buildIcs({
      uid: "u@x",
      sequence: 0,
      stamp: 0,
      start: 0,
      durationMinutes: 30,
      summary: "S",
      organizer: { name: 'Evil "Corp";x', email: "a@b.c" },
      cancelled: false,
    });
    expect(ics.endsWith("END:VCALENDAR\r\n")).toBe(true);
    expect(ics.replace(/\r\n/g, "")).not.toMatch(/[\r\n]/);
    expect(ics).toContain('ORGANIZER;CN="Evil Corp;x":mailto:a@b.c');
  });
});

describe("GET /interviews/{id}/ics", () => {
  it("serves the RFC 5545 event to the applicant and the company only", async () => {
    const w = await pipelineWorld({ title: "Senior Engineer, Platform; Infra" });
    const app = await makeApplication(w.job, w.seeker.user.id, { status: "shortlisted" });
    const startsAt = new Date(Date.UTC(2031, 0, 15, 14, 0, 0));
    const created = await call("POST", `/api/v1/applications/${app.id}/interviews`, {
      token: w.employer.token,
      body: {
        starts_at: "2031-01-15T15:00:00+01:00",
        duration_minutes: 90,
        timezone: "Europe/Berlin",
        kind: "onsite",
        location: "Main St. 1, Berlin; 3rd floor",
        notes:
          "Bring ID.\nAsk for Sam at the desk — it's a long, long walk to the very end of the corridor on the left.",
      },
    });
    const iv = (await created.json()) as { id: string };
    expect(created.status).toBe(201);

    const res = await call("GET", `/api/v1/interviews/${iv.id}/ics`, { token: w.seeker.token });
    expect(res.status).toBe(200);
    expect(res.headers.get("Content-Type")).toBe("text/calendar; charset=utf-8");
    expect(res.headers.get("Content-Disposition")).toContain("attachment");
    const ics = await res.text();
    expect(ics.startsWith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:")).toBe(true);
    expect(ics.endsWith("\r\n")).toBe(true);
    // Every line break is CRLF and no physical line exceeds 75 octets.
    expect(ics.replace(/\r\n/g, "")).not.toMatch(/[\r\n]/);
    for (const line of ics.split("\r\n")) expect(octets(line)).toBeLessThanOrEqual(75);

    const lines = unfold(ics).split("\r\n");
    const prop = (name: string) => lines.find((l) => l.startsWith(`${name}:`) || l.startsWith(`${name};`));
    expect(prop("UID")).toBe(`UID:interview-${iv.id}@jobboard.dev`);
    expect(prop("DTSTAMP")).toMatch(/^DTSTAMP:\d{8}T\d{6}Z$/);
    expect(prop("DTSTART")).toBe(`DTSTART:${icsDate(startsAt.getTime())}`);
    expect(prop("DTSTART")).toBe("DTSTART:20310115T140000Z");
    expect(prop("DTEND")).toBe("DTEND:20310115T153000Z");
    expect(prop("SUMMARY")).toBe(`SUMMARY:Onsite interview: Senior Engineer\\, Platform\\; Infra at ${w.company.name}`);
    expect(prop("LOCATION")).toBe("LOCATION:Main St. 1\\, Berlin\\; 3rd floor");
    expect(prop("DESCRIPTION")).toContain("Bring ID.\\nAsk for Sam");
    expect(prop("ORGANIZER")).toBe(`ORGANIZER;CN="${w.company.name}":mailto:no-reply@jobboard.dev`);
    expect(prop("ATTENDEE")).toContain(`mailto:${w.seeker.user.email}`);
    expect(prop("STATUS")).toBe("STATUS:CONFIRMED");
    expect(prop("SEQUENCE")).toBe("SEQUENCE:0");
    expect(lines.filter((l) => l === "BEGIN:VEVENT")).toHaveLength(1);

    expect((await call("GET", `/api/v1/interviews/${iv.id}/ics`, { token: w.employer.token })).status).toBe(200);
    const stranger = await employerOf((await makeCompany()).id);
    const otherSeeker = await signedIn();
    for (const token of [stranger.token, otherSeeker.token]) {
      const r = await call("GET", `/api/v1/interviews/${iv.id}/ics`, { token });
      expectProblem({ status: r.status, json: await r.json(), headers: r.headers }, 404);
    }
    expect((await call("GET", `/api/v1/interviews/${iv.id}/ics`)).status).toBe(401);
  });

  it("carries the video URL and marks a cancelled interview", async () => {
    const w = await pipelineWorld();
    const app = await makeApplication(w.job, w.seeker.user.id, { status: "interviewing" });
    const created = await call("POST", `/api/v1/applications/${app.id}/interviews`, {
      token: w.employer.token,
      body: {
        starts_at: new Date(Date.now() + 86_400_000).toISOString(),
        duration_minutes: 30,
        timezone: "America/New_York",
        kind: "video",
        meeting_url: "https://meet.example.com/a,b;c",
      },
    });
    const iv = (await created.json()) as { id: string };
    await call("PATCH", `/api/v1/interviews/${iv.id}`, { token: w.employer.token, body: { status: "cancelled" } });
    const ics = unfold(await (await call("GET", `/api/v1/interviews/${iv.id}/ics`, { token: w.seeker.token })).text());
    expect(ics).toContain("\r\nURL:https://meet.example.com/a,b;c\r\n");
    expect(ics).toContain("\r\nMETHOD:CANCEL\r\n");
    expect(ics).toContain("\r\nSTATUS:CANCELLED\r\n");
    expect(ics).toContain("\r\nSEQUENCE:1\r\n");
  });
});
