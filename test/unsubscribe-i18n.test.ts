/**
 * The unsubscribe page speaks the reader's language: the account's `locale` when
 * the link's subject belongs to one, else `Accept-Language` (a bad link has no
 * trusted subject, so only the header decides). The JSON stays English.
 */
import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { unsubscribeToken } from "../src/platform/email/unsubscribe";
import { makeAlert, makeUser, unique } from "./factories";
import { call } from "./helpers/http";

const BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";
const at = (token: string) => `/api/v1/unsubscribe?token=${encodeURIComponent(token)}`;
const page = (path: string, lang: string, method: "GET" | "POST" = "GET") =>
  call(method, path, { headers: { Accept: BROWSER, "Accept-Language": lang } });

describe("unsubscribe page languages", () => {
  it("uses the account's locale over Accept-Language, on the page and after the POST", async () => {
    const user = await makeUser({ locale: "de-DE" });
    const path = at(
      await unsubscribeToken(env.SIGNING_SECRET, { kind: "notification", userId: user.id, type: "new_message" }),
    );
    const shown = await page(path, "fr-FR,fr;q=0.9");
    expect(shown.status).toBe(200);
    expect(shown.headers.get("Content-Language")).toBe("de");
    const html = await shown.text();
    expect(html).toContain('<html lang="de"');
    expect(html).toContain("E-Mails dieser Art: Ungelesene Nachrichten");
    expect(html).toMatch(/<button type="submit">Abmelden<\/button>/);

    const done = await page(path, "fr", "POST");
    expect(await done.text()).toContain("Sie erhalten diese Nachrichten nicht mehr.");
    const again = await page(path, "fr");
    expect(await again.text()).toContain("Bereits abgemeldet");
  });

  it("a job alert's page is in its owner's language (French), the alert's name kept as written", async () => {
    const user = await makeUser({ locale: "fr" });
    const alert = await makeAlert(user.id, { name: "Go à Lyon" });
    const path = at(await unsubscribeToken(env.SIGNING_SECRET, { kind: "alert", alertId: alert.id }));
    const html = await (await page(path, "en")).text();
    expect(html).toContain("votre alerte « Go à Lyon »");
    expect(html).toContain("Se désabonner");
  });

  it("an address without an account follows Accept-Language (Spanish); JSON stays English", async () => {
    const email = `${unique("nobody")}@example.com`;
    const path = at(await unsubscribeToken(env.SIGNING_SECRET, { kind: "email", email, category: "notification" }));
    const shown = await page(path, "es-MX, en;q=0.5");
    expect(shown.headers.get("Content-Language")).toBe("es");
    const html = await shown.text();
    expect(html).toContain(`Correos del tipo «notificaciones» a ${email}`);
    expect(html).toContain("Cancelar la suscripción");

    const json = await call("GET", path, { headers: { "Accept-Language": "es" } });
    expect((await json.json()) as { description: string }).toMatchObject({
      description: `Non-security emails of the kind “notification” to ${email}.`,
    });
  });

  it("a bad or expired link's page follows Accept-Language", async () => {
    const bad = await page(at("garbage"), "fr-CA");
    expect(bad.status).toBe(400);
    expect(bad.headers.get("Content-Language")).toBe("fr");
    expect(await bad.text()).toContain("Le lien de désabonnement n&#39;est pas valide.");
    const old = await unsubscribeToken(
      env.SIGNING_SECRET,
      { kind: "email", email: `${unique("old")}@example.com`, category: "transactional" },
      Date.now() - 200 * 86_400_000,
    );
    const expired = await page(at(old), "es");
    expect(expired.status).toBe(400);
    expect(await expired.text()).toContain("El enlace para cancelar la suscripción ha caducado");
  });
});
