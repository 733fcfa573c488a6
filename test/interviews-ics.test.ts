import ICAL from "ical.js";
import { describe, expect, it } from "vitest";
import { buildIcs, escapeText, foldLine, icsDate } from "../src/modules/applications/interviews-ics";
import { employerOf, makeApplication, makeCompany, signedIn } from "./factories";
import { pipelineWorld } from "./helpers/applications";
import { call, expectProblem } from "./helpers/http";

/** Parses with ical.js, a real iCalendar parser, resolving TZIDs against the file's own VTIMEZONE. */
function parse(ics: string) {
  const cal = new ICAL.Component(ICAL.parse(ics));
  const vtz = cal.getFirstSubcomponent("vtimezone");
  const zone = vtz ? new ICAL.Timezone(vtz) : null;
  const vevent = cal.getFirstSubcomponent("vevent");
  if (!vevent) throw new Error("no VEVENT");
  const start = vevent.getFirstProperty("dtstart");
  // ical.js looks TZIDs up in its registry; point the property at the file's own definition.
  const tzid = start?.getParameter("tzid");
  if (zone && tzid === zone.tzid) ICAL.TimezoneService.register(zone, tzid);
  return { cal, zone, vevent, event: new ICAL.Event(vevent) };
}

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

    const all = unfold(ics).split("\r\n");
    // The event's own properties (the VTIMEZONE before it has DTSTARTs of its own).
    const lines = all.slice(all.indexOf("BEGIN:VEVENT"));
    const prop = (name: string) => lines.find((l) => l.startsWith(`${name}:`) || l.startsWith(`${name};`));
    expect(prop("UID")).toBe(`UID:interview-${iv.id}@jobboard.dev`);
    expect(prop("DTSTAMP")).toMatch(/^DTSTAMP:\d{8}T\d{6}Z$/);
    // Local time in the interview's zone, with the zone's definition in the file.
    expect(prop("DTSTART")).toBe("DTSTART;TZID=Europe/Berlin:20310115T150000");
    expect(prop("DTEND")).toBe("DTEND;TZID=Europe/Berlin:20310115T163000");
    expect(parse(ics).event.startDate.toJSDate().getTime()).toBe(startsAt.getTime());
    expect(prop("SUMMARY")).toBe(`SUMMARY:Onsite interview: Senior Engineer\\, Platform\\; Infra at ${w.company.name}`);
    expect(prop("LOCATION")).toBe("LOCATION:Main St. 1\\, Berlin\\; 3rd floor");
    expect(prop("DESCRIPTION")).toContain("Bring ID.\\nAsk for Sam");
    expect(prop("ORGANIZER")).toBe(`ORGANIZER;CN="${w.company.name}":mailto:no-reply@jobboard.dev`);
    // A PUBLISH carries no attendees (RFC 5546 §3.2.1).
    expect(all).toContain("METHOD:PUBLISH");
    expect(prop("ATTENDEE")).toBeUndefined();
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
    // Still a PUBLISH: the same UID with a higher SEQUENCE updates the imported event.
    expect(ics).toContain("\r\nMETHOD:PUBLISH\r\n");
    expect(ics).toContain("\r\nDTSTART;TZID=America/New_York:");
    expect(ics).toContain("\r\nSTATUS:CANCELLED\r\n");
    expect(ics).toContain("\r\nSEQUENCE:1\r\n");
  });
});

describe("iCalendar time zones, read back with ical.js", () => {
  const base = { uid: "u@x", sequence: 0, stamp: 0, durationMinutes: 60, summary: "S", cancelled: false };
  const organizer = { name: "Acme", email: "no-reply@jobboard.dev" };
  const cases = [
    // zone, local start, UTC start, expected offsets (seconds) in winter and summer, expected rules
    {
      tz: "Europe/Berlin",
      local: [2031, 7, 15, 10, 0],
      utc: Date.UTC(2031, 6, 15, 8, 0),
      winter: 3600,
      summer: 7200,
      rules: ["BYMONTH=3;BYDAY=-1SU", "BYMONTH=10;BYDAY=-1SU"],
    },
    {
      tz: "Europe/Berlin",
      local: [2031, 1, 15, 15, 0],
      utc: Date.UTC(2031, 0, 15, 14, 0),
      winter: 3600,
      summer: 7200,
      rules: ["BYMONTH=3;BYDAY=-1SU", "BYMONTH=10;BYDAY=-1SU"],
    },
    {
      tz: "America/New_York",
      local: [2030, 7, 1, 9, 30],
      utc: Date.UTC(2030, 6, 1, 13, 30),
      winter: -5 * 3600,
      summer: -4 * 3600,
      rules: ["BYMONTH=3;BYDAY=2SU", "BYMONTH=11;BYDAY=1SU"],
    },
    {
      tz: "America/New_York",
      local: [2030, 12, 2, 9, 30],
      utc: Date.UTC(2030, 11, 2, 14, 30),
      winter: -5 * 3600,
      summer: -4 * 3600,
      rules: ["BYMONTH=3;BYDAY=2SU", "BYMONTH=11;BYDAY=1SU"],
    },
  ] as const;

  for (const c of cases) {
    it(`${c.tz} at ${c.local.join("-")}: METHOD, ORGANIZER, TZID, VTIMEZONE offsets and local start`, () => {
      const ics = buildIcs({ ...base, start: c.utc, timeZone: c.tz, organizer });
      for (const line of ics.split("\r\n")) expect(octets(line)).toBeLessThanOrEqual(75);
      const { cal, zone, vevent, event } = parse(ics);
      expect(cal.getFirstPropertyValue("method")).toBe("PUBLISH");
      expect(vevent.getAllProperties("attendee")).toHaveLength(0);
      expect(vevent.getFirstPropertyValue("organizer")).toBe("mailto:no-reply@jobboard.dev");
      if (!zone) throw new Error("no VTIMEZONE");
      expect(zone.tzid).toBe(c.tz);

      // The local wall time in the file is the interview's, and it resolves to the right instant.
      const [year, month, day, hour, minute] = c.local;
      expect(event.startDate.zone?.tzid).toBe(c.tz);
      expect([event.startDate.year, event.startDate.month, event.startDate.day]).toEqual([year, month, day]);
      expect([event.startDate.hour, event.startDate.minute]).toEqual([hour, minute]);
      expect(event.startDate.toJSDate().getTime()).toBe(c.utc);
      expect(event.endDate.toJSDate().getTime()).toBe(c.utc + 3_600_000);

      // Offsets the VTIMEZONE gives for a winter and a summer date of that year.
      const at = (m: number) => ICAL.Time.fromData({ year, month: m, day: 15, hour: 12 }, zone);
      expect(zone.utcOffset(at(1))).toBe(c.winter);
      expect(zone.utcOffset(at(7))).toBe(c.summer);
      expect(zone.utcOffset(at(12))).toBe(c.winter);
      const rrules = unfold(ics)
        .split("\r\n")
        .filter((l) => l.startsWith("RRULE:"));
      expect(rrules).toEqual(c.rules.map((r) => `RRULE:FREQ=YEARLY;${r}`));
      // DAYLIGHT starts from standard time into summer time.
      const daylight = zone.component.getFirstSubcomponent("daylight");
      expect(daylight?.getFirstPropertyValue("tzoffsetfrom")?.toString()).toBe(
        c.tz === "Europe/Berlin" ? "+01:00" : "-05:00",
      );
    });
  }

  it("gives a zone without daylight saving one STANDARD observance, and keeps UTC as Z", () => {
    const kolkata = buildIcs({ ...base, start: Date.UTC(2031, 2, 1, 4, 30), timeZone: "Asia/Kolkata", organizer });
    const { zone, event } = parse(kolkata);
    expect(zone?.component.getAllSubcomponents("standard")).toHaveLength(1);
    expect(zone?.component.getAllSubcomponents("daylight")).toHaveLength(0);
    expect(event.startDate.hour).toBe(10);
    expect(event.startDate.toJSDate().getTime()).toBe(Date.UTC(2031, 2, 1, 4, 30));

    const utc = buildIcs({ ...base, start: Date.UTC(2031, 2, 1, 4, 30), timeZone: "UTC", organizer });
    expect(utc).toContain("\r\nDTSTART:20310301T043000Z\r\n");
    expect(utc).not.toContain("VTIMEZONE");
  });
});
