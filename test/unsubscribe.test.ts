/**
 * The one unsubscribe route pair, across subject kinds: token errors, browser
 * pages and the body forms RFC 8058 clients send. Each kind's stored effect is
 * tested with its producer (alerts-, notifications-, accounts-cron-unsubscribe).
 */
import { env } from "cloudflare:test";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { fromBase64Url, toBase64Url, utf8 } from "../src/lib/encoding";
import { sign } from "../src/lib/signing";
import { emailSuppressions } from "../src/platform/db/schema";
import { UNSUBSCRIBE_TTL, type UnsubscribeSubject, unsubscribeToken } from "../src/platform/email/unsubscribe";
import { db, unique } from "./factories";
import { api, type CallOptions, call, expectProblem, readJson } from "./helpers/http";

const BROWSER = { Accept: "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8" };
const at = (token: string) => `/api/v1/unsubscribe?token=${encodeURIComponent(token)}`;

function emailSubject(): Extract<UnsubscribeSubject, { kind: "email" }> {
  return { kind: "email", email: `${unique("u")}@example.com`, category: "transactional" };
}
const suppressions = (email: string) =>
  db().select().from(emailSuppressions).where(eq(emailSuppressions.email, email)).all();

describe("GET/POST /api/v1/unsubscribe", () => {
  it("refuses forged, tampered, foreign-purpose and malformed tokens with 400 problem+json, changing nothing", async () => {
    const s = emailSubject();
    const token = await unsubscribeToken(env.SIGNING_SECRET, s);
    const [payload = "", sig = ""] = token.split(".");
    const body = JSON.parse(new TextDecoder().decode(fromBase64Url(payload)));
    const retargeted = `${toBase64Url(utf8(JSON.stringify({ ...body, f: { ...body.f, email: "victim@example.com" } })))}.${sig}`;
    const bad = [
      retargeted,
      `${payload}.${sig.slice(0, -2)}xx`,
      await unsubscribeToken("another-secret-0123456789abcdef0123456789", s),
      // A genuine token of another purpose (a resume share link) is no unsubscribe link.
      (
        await sign(
          env.SIGNING_SECRET,
          "resume-download",
          { kind: "email", email: s.email, category: s.category },
          60_000,
        )
      ).token,
      // A genuine unsubscribe token whose subject is of no known kind.
      (await sign(env.SIGNING_SECRET, "unsubscribe", { kind: "everything", email: s.email }, 60_000)).token,
      `${token}.extra`,
      "garbage",
    ];
    for (const t of bad) {
      expectProblem(await api.get(at(t)), 400, "invalid-token");
      expectProblem(await api.post(at(t)), 400, "invalid-token");
    }
    expectProblem(await api.post("/api/v1/unsubscribe"), 400, "validation-error");
    expect(await suppressions(s.email)).toHaveLength(0);
    expect(await suppressions("victim@example.com")).toHaveLength(0);
  });

  it("refuses an expired token with 400 token-expired", async () => {
    const s = emailSubject();
    const old = await unsubscribeToken(env.SIGNING_SECRET, s, Date.now() - UNSUBSCRIBE_TTL - 60_000);
    expectProblem(await api.get(at(old)), 400, "token-expired");
    expectProblem(await api.post(at(old)), 400, "token-expired");
    expect(await suppressions(s.email)).toHaveLength(0);
  });

  it("gives browsers a page whose button POSTs back; the POST confirms", async () => {
    const s = emailSubject();
    const path = at(await unsubscribeToken(env.SIGNING_SECRET, s));
    const shown = await call("GET", path, { headers: BROWSER });
    expect(shown.status).toBe(200);
    expect(shown.headers.get("Content-Type")).toContain("text/html");
    const html = await shown.text();
    // No action attribute: the form posts to the same URL, token included.
    expect(html).toMatch(/<form method="post">[\s\S]*name="List-Unsubscribe" value="One-Click"[\s\S]*<button/);
    expect(html).toContain(s.email);
    expect(await suppressions(s.email)).toHaveLength(0);

    const done = await call("POST", path, {
      raw: "List-Unsubscribe=One-Click",
      headers: { ...BROWSER, "Content-Type": "application/x-www-form-urlencoded" },
    });
    expect(done.status).toBe(200);
    expect(await done.text()).toContain("Unsubscribed");
    expect(await suppressions(s.email)).toHaveLength(1);
    const again = await call("GET", path, { headers: BROWSER });
    expect(await again.text()).toContain("Already unsubscribed");

    const bad = await call("GET", at("garbage"), { headers: BROWSER });
    expect(bad.status).toBe(400);
    expect(bad.headers.get("Content-Type")).toContain("text/html");
    expect(await bad.text()).toContain("The unsubscribe link is invalid.");
  });

  it("accepts the RFC 8058 form body, a multipart body and no body alike", async () => {
    const multipart = new FormData();
    multipart.set("List-Unsubscribe", "One-Click");
    const bodies: CallOptions[] = [
      { raw: "List-Unsubscribe=One-Click", headers: { "Content-Type": "application/x-www-form-urlencoded" } },
      { raw: multipart },
      {},
      { headers: { Accept: "application/json" } },
    ];
    for (const init of bodies) {
      const s = emailSubject();
      const res = await readJson(await call("POST", at(await unsubscribeToken(env.SIGNING_SECRET, s)), init));
      expect(res.status).toBe(200);
      expect(res.json).toMatchObject({ subject: s, unsubscribed: true, changed: true });
      expect(await suppressions(s.email)).toHaveLength(1);
    }
  });
});
