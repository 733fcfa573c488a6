/**
 * Private calendar feeds (src/modules/calendar): a signed webcal URL per user
 * with all their interviews as one RFC 5545 calendar (parsed with ical.js, times
 * resolved against the feed's own VTIMEZONEs), stable until rotated, dead once
 * rotated or revoked, never another user's.
 */
import { eq } from "drizzle-orm";
import ICAL from "ical.js";
import { describe, expect, it } from "vitest";
import { DAY } from "../src/lib/time";
import { interviews } from "../src/platform/db/schema";
import { db, employerWithCompany, makeApiKey, makeApplication, makeInterview, makeJob, signedIn } from "./factories";
import { api, call, expectProblem } from "./helpers/http";

/** Parses a feed and registers each of its VTIMEZONEs, so TZID times resolve against the feed's own definitions. */
function parseFeed(ics: string) {
  const cal = new ICAL.Component(ICAL.parse(ics));
  for (const vtz of cal.getAllSubcomponents("vtimezone")) {
    const zone = new ICAL.Timezone(vtz);
    ICAL.TimezoneService.register(zone, zone.tzid);
  }
  const events = cal.getAllSubcomponents("vevent").map((v) => new ICAL.Event(v));
  return { cal, events };
}

async function world() {
  const owner = await employerWithCompany();
  const seeker = await signedIn();
  const job = await makeJob({ companyId: owner.company.id, title: "Platform Engineer" });
  const app = await makeApplication(job, seeker.user.id, { status: "interviewing" });
  const berlin = Date.UTC(2030, 6, 1, 8, 0); // 10:00 in Berlin (CEST)
  const ny = Date.UTC(2030, 11, 3, 15, 30); // 10:30 in New York (EST)
  const a = await makeInterview(app, {
    startsAt: berlin,
    timezone: "Europe/Berlin",
    kind: "video",
    meetingUrl: "https://meet.example.com/x",
  });
  const b = await makeInterview(app, { startsAt: ny, timezone: "America/New_York", durationMinutes: 60 });
  return { owner, seeker, app, a, b, berlin, ny };
}

const pathOf = (url: string) => new URL(url).pathname;

describe("calendar feed", () => {
  it("serves all of a user's interviews as one feed with VTIMEZONEs, for the applicant and the company member", async () => {
    const w = await world();
    const r = await api.get("/api/v1/calendar/feed", { token: w.seeker.token });
    expect(r.status).toBe(200);
    expect(r.json.url).toMatch(/^http:\/\/api\.test\/calendar\/[\w-]+\.[\w-]+\.ics$/);
    expect(r.json.webcal_url).toBe(r.json.url.replace(/^http:/, "webcal:"));
    expect(r.headers.get("cache-control")).toContain("no-store");
    // Stable until rotated.
    expect((await api.get("/api/v1/calendar/feed", { token: w.seeker.token })).json.url).toBe(r.json.url);

    const res = await call("GET", pathOf(r.json.url));
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/calendar; charset=utf-8");
    const text = await res.text();
    expect(text).not.toMatch(/METHOD:/);
    const { cal, events } = parseFeed(text);
    expect(cal.getFirstPropertyValue("x-wr-calname")).toBe("Job Board interviews");
    expect(
      cal
        .getAllSubcomponents("vtimezone")
        .map((z) => z.getFirstPropertyValue("tzid"))
        .sort(),
    ).toEqual(["America/New_York", "Europe/Berlin"]);
    expect(events.map((e) => e.uid)).toEqual([`interview-${w.a.id}@jobboard.dev`, `interview-${w.b.id}@jobboard.dev`]);
    const [ea, eb] = events;
    expect(ea?.startDate.toJSDate().getTime()).toBe(w.berlin);
    expect(ea?.startDate.hour).toBe(10);
    expect(ea?.startDate.zone?.tzid).toBe("Europe/Berlin");
    expect(eb?.startDate.toJSDate().getTime()).toBe(w.ny);
    expect(eb?.endDate.toJSDate().getTime()).toBe(w.ny + 60 * 60_000);
    expect(eb?.summary).toContain("Platform Engineer");

    // The company member's own feed holds the same interviews.
    const mine = await api.get("/api/v1/calendar/feed", { token: w.owner.token });
    expect(mine.json.url).not.toBe(r.json.url);
    const theirs = parseFeed(await (await call("GET", pathOf(mine.json.url))).text());
    expect(theirs.events).toHaveLength(2);

    // A cancelled interview stays in the feed, marked so (subscribed copies update).
    await db()
      .update(interviews)
      .set({ status: "cancelled", sequence: 1, updatedAt: Date.now() })
      .where(eq(interviews.id, w.a.id));
    const after = parseFeed(await (await call("GET", pathOf(r.json.url))).text());
    expect(after.events[0]?.component.getFirstPropertyValue("status")).toBe("CANCELLED");
    expect(after.events[0]?.sequence).toBe(1);
  });

  it("another user's feed never shows these interviews; interviews older than 180 days are left out", async () => {
    const w = await world();
    await makeInterview(w.app, { startsAt: Date.now() - 200 * DAY });
    const other = await signedIn();
    const r = await api.get("/api/v1/calendar/feed", { token: other.token });
    const { events } = parseFeed(await (await call("GET", pathOf(r.json.url))).text());
    expect(events).toEqual([]);
    const seeker = await api.get("/api/v1/calendar/feed", { token: w.seeker.token });
    expect(parseFeed(await (await call("GET", pathOf(seeker.json.url))).text()).events).toHaveLength(2);
  });

  it("rotating kills the old URL, revoking kills every URL; forged tokens are 404", async () => {
    const w = await world();
    const first = (await api.get("/api/v1/calendar/feed", { token: w.seeker.token })).json.url as string;
    const rotated = await api.post("/api/v1/calendar/feed/rotate", undefined, { token: w.seeker.token });
    expect(rotated.status).toBe(200);
    expect(rotated.json.url).not.toBe(first);
    expect((await call("GET", pathOf(first))).status).toBe(404);
    expect((await call("GET", pathOf(rotated.json.url))).status).toBe(200);

    // A token with another user's id in it fails the signature.
    const [payload, mac] = pathOf(rotated.json.url).slice("/calendar/".length, -".ics".length).split(".");
    const forged = `${payload?.slice(0, -2)}AA.${mac}`;
    expect((await call("GET", `/calendar/${forged}.ics`)).status).toBe(404);
    expectProblem(await api.get("/calendar/not-a-token"), 400, "validation-error");

    const revoked = await call("DELETE", "/api/v1/calendar/feed", { token: w.seeker.token });
    expect(revoked.status).toBe(204);
    expect((await call("GET", pathOf(rotated.json.url))).status).toBe(404);
    // A new feed after revoking is a new URL.
    const again = await api.get("/api/v1/calendar/feed", { token: w.seeker.token });
    expect(again.json.url).not.toBe(rotated.json.url);
  });

  it("needs a session: anonymous is 401, API keys are 403", async () => {
    const seeker = await signedIn();
    expectProblem(await api.get("/api/v1/calendar/feed"), 401);
    const key = await makeApiKey(seeker.user.id, ["interviews:read"]);
    expectProblem(await api.get("/api/v1/calendar/feed", { token: key.key }), 403, "session-required");
  });

  it("account erasure revokes the feed", async () => {
    const w = await world();
    const url = (await api.get("/api/v1/calendar/feed", { token: w.seeker.token })).json.url as string;
    const gone = await api.delete("/api/v1/auth/me", {
      token: w.seeker.token,
      body: { password: w.seeker.user.password },
    });
    expect(gone.status).toBe(202);
    expect((await call("GET", pathOf(url))).status).toBe(404);
  });
});
