/**
 * Emails in the recipient's language: the consumer reads the account's
 * `locale` and `timezone` and renders the template with that catalogue; every
 * template renders in every locale without a stray placeholder.
 */
import { env } from "cloudflare:test";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { CATALOGUES, SUPPORTED_LOCALES, translator } from "../src/i18n";
import { users } from "../src/platform/db/schema";
import { queueEmail } from "../src/platform/email/log";
import { renderTemplate, templates } from "../src/platform/email/templates";
import { db, makeUser, unique } from "./factories";
import { waitForEmail } from "./helpers/accounts";

/** Data every template can use, so no field falls back. */
const DATA = {
  first_name: "Ada",
  url: "https://app.test/x",
  token: "tok",
  job_title: "Engineer",
  company_name: "Acme",
  applicant_name: "Grace",
  response: "accepted",
  when: "2026-03-02 10:00",
  title: "English title",
  body: "English body",
  action_url: "https://app.test/a",
  preferences_url: "https://app.test/p",
  status: "shortlisted",
  alert_name: "Go jobs",
  jobs: [{ title: "Go dev", company: "Acme", url: "https://app.test/j" }],
  decision: "approved",
  lead: "1h",
  kind: "video",
  when_local: "Mon 2 Mar 10:00",
  deadline_local: "Mon 2 Mar",
  updated_local: "Mon 2 Mar",
  timezone: "Europe/Berlin",
  duration_minutes: 30,
  days: 14,
  count: 2,
};

describe("email templates per locale", () => {
  it.each(SUPPORTED_LOCALES)("every template renders in %s with no unfilled placeholder", (locale) => {
    const t = translator({ locale });
    for (const name of Object.keys(templates)) {
      const out = renderTemplate(name, DATA, { t, unsubscribeUrl: "https://app.test/u" });
      for (const part of [out.subject, out.text, out.html]) expect(part, name).not.toMatch(/\{\w+\}/);
      expect(out.html, name).toContain(`<html lang="${locale}">`);
    }
  });

  it("uses the catalogue's words and leaves the English producer text to English readers", () => {
    const de = renderTemplate("notify.application_status_changed", DATA, { t: translator({ locale: "de" }) });
    expect(de.subject).toBe("Ihre Bewerbung für Engineer: in der engeren Wahl");
    expect(de.text).toContain("Hallo Ada,");
    expect(de.text).toContain(CATALOGUES.de["notify.status.line"]);
    expect(de.text).not.toContain("English body");
    const en = renderTemplate("notify.application_status_changed", DATA);
    expect(en.text).toContain("English body");
    const fr = renderTemplate("verify_email", DATA, { t: translator({ locale: "fr" }), unsubscribeUrl: "https://u" });
    expect(fr.subject).toBe(CATALOGUES.fr["mail.verify.subject"]);
    expect(fr.text).toContain("Se désabonner: https://u");
  });
});

describe("the consumer renders in the account's locale", () => {
  it("sends a German account its email in German", async () => {
    const user = await makeUser();
    await db().update(users).set({ locale: "de-DE", timezone: "Europe/Berlin" }).where(eq(users.id, user.id));
    const to = user.email;
    await queueEmail(db(), env, {
      to,
      userId: user.id,
      template: "password_reset",
      data: { first_name: "Ada", url: "https://app.test/r", token: "t" },
    });
    const { mail } = await waitForEmail(to, "password_reset");
    expect(mail.subject).toBe("Setzen Sie Ihr Passwort zurück");
    expect(mail.html).toContain('<html lang="de">');
    expect(mail.html).toContain("Hallo Ada,");
  });

  it("falls back to English for an email without an account", async () => {
    const to = `nobody-${unique()}@example.com`;
    await queueEmail(db(), env, { to, template: "welcome", data: { first_name: "Bo" } });
    const { mail } = await waitForEmail(to, "welcome");
    expect(mail.subject).toBe("Welcome to Job Board");
  });
});
