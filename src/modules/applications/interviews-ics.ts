/**
 * RFC 5545 iCalendar for one interview. Written by hand because it is small:
 * TEXT values escaped (§3.3.11), lines folded at 75 octets without splitting a
 * UTF-8 sequence (§3.1), CRLF line ends.
 *
 * Times are local to the interview's zone (`DTSTART;TZID=Europe/Berlin:…`) with
 * a VTIMEZONE for it (vtimezone.ts), so calendars show the wall time the
 * interview was set in; UTC itself stays `…Z`. The file is a download, not an
 * iTIP message: `METHOD:PUBLISH` with the ORGANIZER and no ATTENDEE (RFC 5546
 * §3.2.1 forbids attendees in a PUBLISH; a REQUEST would make clients send
 * replies to our no-reply organizer address). A cancelled interview is the same
 * event (UID) with a higher SEQUENCE and `STATUS:CANCELLED`, which updates the
 * imported copy (a CANCEL would need the attendee list again).
 */
import { MINUTE } from "../../lib/time";
import { localIcsDate, vtimezone, zoneClock } from "./vtimezone";

/** `20261201T093000Z` */
export function icsDate(ms: number): string {
  return new Date(ms)
    .toISOString()
    .replace(/[-:]/g, "")
    .replace(/\.\d{3}/, "");
}

/** Escapes a TEXT value: backslash, semicolon, comma and newlines. */
export function escapeText(value: string): string {
  return value
    .replace(/\\/g, "\\\\")
    .replace(/;/g, "\\;")
    .replace(/,/g, "\\,")
    .replace(/\r\n|\r|\n/g, "\\n");
}

/** A parameter value (e.g. CN): quoted, with characters that cannot appear in a quoted value removed. */
export function paramValue(value: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are not allowed in parameters
  return `"${value.replace(/["\x00-\x1f\x7f]/g, "")}"`;
}

const encoder = new TextEncoder();

/** Folds one content line into chunks of at most 75 octets; continuation lines start with a space. */
export function foldLine(line: string): string {
  const out: string[] = [];
  let current = "";
  let currentBytes = 0;
  let limit = 75;
  for (const ch of line) {
    const size = encoder.encode(ch).byteLength;
    if (currentBytes + size > limit) {
      out.push(current);
      current = " ";
      currentBytes = 1;
      limit = 75;
    }
    current += ch;
    currentBytes += size;
  }
  out.push(current);
  return out.join("\r\n");
}

export interface IcsEvent {
  uid: string;
  sequence: number;
  stamp: number;
  start: number;
  durationMinutes: number;
  summary: string;
  description?: string | null;
  location?: string | null;
  url?: string | null;
  /** IANA zone the interview was scheduled in; UTC (or none) gives `…Z` times. */
  timeZone?: string | null;
  organizer: { name: string; email: string };
  cancelled: boolean;
}

const UTC_ZONES = /^(?:Etc\/)?(?:UTC|UCT|GMT|GMT0|Universal|Zulu)$/i;

/** DTSTART/DTEND lines and the VTIMEZONE they need. */
function times(e: IcsEvent): { start: string; end: string; vtimezone: string[] } {
  const endMs = e.start + e.durationMinutes * MINUTE;
  const tz = e.timeZone;
  if (!tz || UTC_ZONES.test(tz))
    return { start: `DTSTART:${icsDate(e.start)}`, end: `DTEND:${icsDate(endMs)}`, vtimezone: [] };
  const clock = zoneClock(tz);
  const startWall = clock.wall(e.start);
  return {
    start: `DTSTART;TZID=${tz}:${localIcsDate(startWall)}`,
    end: `DTEND;TZID=${tz}:${localIcsDate(clock.wall(endMs))}`,
    vtimezone: vtimezone(tz, startWall.year),
  };
}

/** The VEVENT of `e` (unfolded lines) with its DTSTART/DTEND in the event's zone. */
function eventLines(e: IcsEvent, t: ReturnType<typeof times>): string[] {
  const lines = [
    "BEGIN:VEVENT",
    `UID:${e.uid}`,
    `SEQUENCE:${e.sequence}`,
    `DTSTAMP:${icsDate(e.stamp)}`,
    t.start,
    t.end,
    `SUMMARY:${escapeText(e.summary)}`,
  ];
  if (e.description) lines.push(`DESCRIPTION:${escapeText(e.description)}`);
  if (e.location) lines.push(`LOCATION:${escapeText(e.location)}`);
  // URL is a URI value, not TEXT: no escaping, but it must be a single line.
  if (e.url) lines.push(`URL:${e.url.replace(/[\r\n]/g, "")}`);
  lines.push(`ORGANIZER;CN=${paramValue(e.organizer.name)}:mailto:${e.organizer.email}`);
  lines.push(`STATUS:${e.cancelled ? "CANCELLED" : "CONFIRMED"}`, "END:VEVENT");
  return lines;
}

const HEADER = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Job Board//Interviews//EN", "CALSCALE:GREGORIAN"];
const fold = (lines: string[]) => `${lines.map(foldLine).join("\r\n")}\r\n`;

export function buildIcs(e: IcsEvent): string {
  const t = times(e);
  return fold([...HEADER, "METHOD:PUBLISH", ...t.vtimezone, ...eventLines(e, t), "END:VCALENDAR"]);
}

/**
 * Many events as one subscribable calendar (a webcal feed): one VTIMEZONE per
 * zone used (TZID must be unique in a calendar), then the events. No METHOD: a
 * subscription is a plain calendar, not an iTIP message. `REFRESH-INTERVAL`
 * (RFC 7986) and the X-WR/X-PUBLISHED-TTL lines tell Google Calendar, Outlook
 * and Apple Calendar how often to poll.
 */
export function buildFeed(name: string, events: IcsEvent[]): string {
  const zones = new Map<string, string[]>();
  const bodies: string[] = [];
  for (const e of events) {
    const t = times(e);
    const tz = e.timeZone;
    if (t.vtimezone.length && tz && !zones.has(tz)) zones.set(tz, t.vtimezone);
    bodies.push(...eventLines(e, t));
  }
  return fold([
    ...HEADER,
    `NAME:${escapeText(name)}`,
    `X-WR-CALNAME:${escapeText(name)}`,
    "REFRESH-INTERVAL;VALUE=DURATION:PT1H",
    "X-PUBLISHED-TTL:PT1H",
    ...[...zones.values()].flat(),
    ...bodies,
    "END:VCALENDAR",
  ]);
}
