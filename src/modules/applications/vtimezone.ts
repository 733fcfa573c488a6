/**
 * RFC 5545 VTIMEZONE (§3.6.5) for an IANA zone, derived from the runtime's
 * time zone data (workerd ships full ICU) rather than a bundled tz database.
 *
 * The zone's UTC offset is sampled weekly over three years (the year before the
 * event, so that an event in January falls after the first observance, to the
 * year after); each change is then narrowed to the minute. When the year
 * before's two transitions recur on the same weekday rule and wall time in the
 * next two years, the component carries that rule as an RRULE (how Outlook and
 * Apple Calendar expect it); otherwise each transition gets its own component.
 * A zone without transitions gets one STANDARD component.
 */
import { DAY, MINUTE } from "../../lib/time";

export interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

/** Reads wall clocks and offsets in one zone; one formatter per zone and call site. */
export function zoneClock(timeZone: string) {
  const fmt = new Intl.DateTimeFormat("en-US", {
    timeZone,
    hourCycle: "h23",
    year: "numeric",
    month: "numeric",
    day: "numeric",
    hour: "numeric",
    minute: "numeric",
    second: "numeric",
  });
  const wall = (ms: number): WallClock => {
    const p = Object.fromEntries(fmt.formatToParts(new Date(ms)).map((x) => [x.type, Number(x.value)]));
    return {
      year: p.year ?? 0,
      month: p.month ?? 0,
      day: p.day ?? 0,
      hour: p.hour ?? 0,
      minute: p.minute ?? 0,
      second: p.second ?? 0,
    };
  };
  /** The zone's offset from UTC at `ms`, in minutes. */
  const offset = (ms: number): number => {
    const w = wall(ms);
    const asUtc = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
    return Math.round((asUtc - Math.floor(ms / 1000) * 1000) / MINUTE);
  };
  return { wall, offset };
}

const pad = (n: number, w = 2) => String(n).padStart(w, "0");

/** `20261025T030000`: a local (floating) DATE-TIME as used with TZID and in VTIMEZONE. */
export const localIcsDate = (w: WallClock) =>
  `${pad(w.year, 4)}${pad(w.month)}${pad(w.day)}T${pad(w.hour)}${pad(w.minute)}${pad(w.second)}`;

/** `+0100`, `-0430` (UTC-OFFSET, §3.3.14). */
export function icsOffset(minutes: number): string {
  const a = Math.abs(minutes);
  return `${minutes < 0 ? "-" : "+"}${pad(Math.floor(a / 60))}${pad(a % 60)}`;
}

interface Transition {
  at: number;
  from: number;
  to: number;
}

function transitions(clock: ReturnType<typeof zoneClock>, fromYear: number, toYear: number): Transition[] {
  const out: Transition[] = [];
  let t = Date.UTC(fromYear, 0, 1);
  const end = Date.UTC(toYear + 1, 0, 1);
  let prev = clock.offset(t);
  while (t < end) {
    // Weekly samples (~160 Intl calls, ~1.5 ms): no zone changes its offset twice within a week.
    const next = Math.min(t + 7 * DAY, end);
    const o = clock.offset(next);
    if (o !== prev) {
      // The change lies in (t, next]: narrow it to the minute.
      let lo = t;
      let hi = next;
      while (hi - lo > MINUTE) {
        const mid = lo + Math.floor((hi - lo) / 2 / MINUTE) * MINUTE;
        if (clock.offset(mid) === prev) lo = mid;
        else hi = mid;
      }
      out.push({ at: hi, from: prev, to: o });
    }
    prev = o;
    t = next;
  }
  return out;
}

/** `BYDAY` for a date: `2SU` (second Sunday) or `-1SU` (last Sunday of the month). */
function byDay(w: WallClock): string {
  const weekday = ["SU", "MO", "TU", "WE", "TH", "FR", "SA"][
    new Date(Date.UTC(w.year, w.month - 1, w.day)).getUTCDay()
  ];
  const daysInMonth = new Date(Date.UTC(w.year, w.month, 0)).getUTCDate();
  const n = w.day + 7 > daysInMonth ? -1 : Math.ceil(w.day / 7);
  return `${n}${weekday}`;
}

/** The wall clock just before a transition, in the offset it leaves (VTIMEZONE DTSTART). */
const wallBefore = (t: Transition): WallClock => {
  const d = new Date(t.at + t.from * MINUTE);
  return {
    year: d.getUTCFullYear(),
    month: d.getUTCMonth() + 1,
    day: d.getUTCDate(),
    hour: d.getUTCHours(),
    minute: d.getUTCMinutes(),
    second: d.getUTCSeconds(),
  };
};

const ruleKey = (t: Transition) => {
  const w = wallBefore(t);
  return `${w.month}|${byDay(w)}|${w.hour}:${w.minute}|${t.from}|${t.to}`;
};

/** The zone's abbreviation at an instant ("CEST"), from one formatter per VTIMEZONE. */
function shortNames(timeZone: string) {
  const fmt = new Intl.DateTimeFormat("en-US", { timeZone, timeZoneName: "short" });
  return (ms: number): string | null => {
    const name = fmt.formatToParts(new Date(ms)).find((p) => p.type === "timeZoneName")?.value;
    // "GMT+3" is ICU's stand-in when the zone has no abbreviation: say nothing rather than that.
    return name && !/^(GMT|UTC)[+-]/.test(name) ? name : null;
  };
}

function component(
  shortName: (ms: number) => string | null,
  t: Transition,
  kind: "STANDARD" | "DAYLIGHT",
  rrule: string | null,
) {
  const w = wallBefore(t);
  const name = shortName(t.at);
  return [
    `BEGIN:${kind}`,
    `DTSTART:${localIcsDate(w)}`,
    `TZOFFSETFROM:${icsOffset(t.from)}`,
    `TZOFFSETTO:${icsOffset(t.to)}`,
    ...(rrule ? [rrule] : []),
    ...(name ? [`TZNAME:${name}`] : []),
    `END:${kind}`,
  ];
}

// Deriving a zone costs a few ms of Intl calls; the answer for a zone and year never changes,
// so an isolate keeps the last few (bounded; nothing here depends on the clock or a request).
const memo = new Map<string, string[]>();
const MEMO_SIZE = 64;

/** The VTIMEZONE lines for `timeZone` around `year`. */
export function vtimezone(timeZone: string, year: number): string[] {
  const key = `${timeZone}|${year}`;
  const hit = memo.get(key);
  if (hit) return hit;
  const lines = deriveVtimezone(timeZone, year);
  if (memo.size >= MEMO_SIZE) memo.delete(memo.keys().next().value as string);
  memo.set(key, lines);
  return lines;
}

function deriveVtimezone(timeZone: string, year: number): string[] {
  const clock = zoneClock(timeZone);
  const shortName = shortNames(timeZone);
  const all = transitions(clock, year - 1, year + 1);
  const lines = ["BEGIN:VTIMEZONE", `TZID:${timeZone}`];
  if (all.length === 0) {
    const o = clock.offset(Date.UTC(year, 0, 1));
    const name = shortName(Date.UTC(year, 0, 1));
    lines.push(
      "BEGIN:STANDARD",
      "DTSTART:19700101T000000",
      `TZOFFSETFROM:${icsOffset(o)}`,
      `TZOFFSETTO:${icsOffset(o)}`,
      ...(name ? [`TZNAME:${name}`] : []),
      "END:STANDARD",
    );
  } else {
    const kindOf = (t: Transition): "STANDARD" | "DAYLIGHT" => (t.to > t.from ? "DAYLIGHT" : "STANDARD");
    const first = all.filter((t) => new Date(t.at).getUTCFullYear() === year - 1);
    // A yearly rule: two transitions a year, each recurring with the same weekday rule and wall time.
    const yearly =
      first.length === 2 && all.length === 6 && all.every((t, i) => ruleKey(t) === ruleKey(first[i % 2] as Transition));
    if (yearly) {
      for (const t of first) {
        const w = wallBefore(t);
        lines.push(...component(shortName, t, kindOf(t), `RRULE:FREQ=YEARLY;BYMONTH=${w.month};BYDAY=${byDay(w)}`));
      }
    } else {
      for (const t of all) lines.push(...component(shortName, t, kindOf(t), null));
    }
  }
  lines.push("END:VTIMEZONE");
  return lines;
}
