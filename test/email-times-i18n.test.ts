/**
 * Reminder and interview emails write their times in the recipient's language
 * and the zone the producer named, formatted with `Intl` from the instant in the
 * data; the producer's English `*_local` text is only the fallback.
 */
import { describe, expect, it } from "vitest";
import { formatWallClock, translator } from "../src/i18n";
import { formatInZone } from "../src/modules/reminders/claims";
import { renderTemplate } from "../src/platform/email/templates";

// Tuesday 3 March 2026, 13:00 UTC = 14:00 in Berlin (CET).
const AT = "2026-03-03T13:00:00.000Z";
const base = {
  first_name: "Ada",
  job_title: "Engineer",
  company_name: "Acme",
  url: "https://app.test/x",
  action_url: "https://app.test/a",
  timezone: "Europe/Berlin",
  kind: "video",
  lead: "24h",
  duration_minutes: 30,
  days: 14,
};
const render = (name: string, data: Record<string, unknown>, locale: "en" | "de" | "fr" | "es") =>
  renderTemplate(name, data, { t: translator({ locale, formatLocale: locale }, "UTC") });

const EXPECTED = {
  de: "Dienstag, 3. März 2026",
  fr: "mardi 3 mars 2026",
  es: "martes, 3 de marzo de 2026",
} as const;

describe("times in reminder and interview emails", () => {
  it.each(Object.entries(EXPECTED))(
    "interview reminder in %s: the weekday and month in its words, Berlin time",
    (locale, day) => {
      const out = render(
        "reminder.interview",
        { ...base, starts_at: AT, when_local: "Tuesday 3 March 2026 at 14:00" },
        locale as "de",
      );
      expect(out.text).toContain(day);
      expect(out.text).toContain("14:00");
      expect(out.text).toContain("(Europe/Berlin)");
      expect(out.text).not.toContain("Tuesday");
    },
  );

  it("deadline and stale-draft reminders use the recipient's zone and language", () => {
    const de = render("reminder.application_deadline", { ...base, deadline: AT, deadline_local: "Tuesday" }, "de");
    expect(de.text).toContain(`${EXPECTED.de} um 14:00 (Europe/Berlin)`);
    const fr = render(
      "reminder.stale_draft",
      { ...base, updated_at: AT, timezone: "America/New_York", updated_local: "Tuesday" },
      "fr",
    );
    expect(fr.text).toContain("mardi 3 mars 2026 à 08:00");
  });

  it("interview scheduled and responded emails format `starts_at` in the interview's zone", () => {
    const es = render(
      "notify.interview_scheduled",
      { ...base, change: "scheduled", starts_at: AT, starts_at_local: "Tuesday, 3 March 2026 at 14:00" },
      "es",
    );
    expect(es.text).toContain(EXPECTED.es);
    expect(es.text).not.toContain("Tuesday");
    const de = render(
      "interview_responded",
      { ...base, response: "accepted", applicant_name: "Grace", starts_at: AT, when: "Tuesday 14:00 (Europe/Berlin)" },
      "de",
    );
    expect(de.text).toContain(`${EXPECTED.de} um 14:00 (Europe/Berlin)`);
  });

  it("a message without the instant (queued by an older version) keeps the producer's text", () => {
    const out = render("reminder.interview", { ...base, when_local: "Tuesday 3 March 2026 at 14:00" }, "de");
    expect(out.text).toContain("Tuesday 3 March 2026 at 14:00 (Europe/Berlin)");
  });

  it("an unknown zone falls back to UTC; the in-app text stays English", () => {
    expect(formatWallClock("de", AT, "Mars/Olympus")).toEqual({ text: `${EXPECTED.de} um 13:00`, zone: "UTC" });
    expect(formatInZone(Date.parse(AT), "Europe/Berlin").text).toMatch(/^Tuesday,? 3 March 2026( at|,) 14:00$/);
  });
});
