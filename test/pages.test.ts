import { describe, expect, it } from "vitest";
import { mailbox, registerViaApi, tokenFromMail, waitForEmail } from "./helpers/accounts";
import { api, call } from "./helpers/http";

const BROWSER_ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";

function form(fields: Record<string, string>): { raw: string; headers: Record<string, string> } {
  return {
    raw: new URLSearchParams(fields).toString(),
    headers: { "Content-Type": "application/x-www-form-urlencoded" },
  };
}

async function emailVerified(email: string, password: string): Promise<boolean> {
  const r = await api.post("/api/v1/auth/login", { email, password });
  expect(r.status).toBe(200);
  return r.json.user.email_verified;
}

function expectStrictPage(res: Response) {
  expect(res.headers.get("Content-Type")).toContain("text/html");
  const csp = res.headers.get("Content-Security-Policy") ?? "";
  expect(csp).toContain("default-src 'none'");
  expect(csp).toContain("form-action 'self'");
  expect(csp).not.toContain("script-src");
  expect(res.headers.get("Cache-Control")).toBe("no-store");
}

describe("GET/POST /verify-email (the verification email's link)", () => {
  it("shows a confirm button on GET without verifying, and verifies on POST", async () => {
    const { email, password } = await registerViaApi();
    const { mail } = await waitForEmail(email, "verify_email");
    expect(mail.text).toMatch(/\/verify-email\?token=/);
    const token = tokenFromMail(mail.text);

    const page = await call("GET", `/verify-email?token=${encodeURIComponent(token)}`);
    expect(page.status).toBe(200);
    expectStrictPage(page);
    const html = await page.text();
    expect(html).toContain('<form method="post" action="/verify-email">');
    expect(html).toContain(`name="token" value="${token}"`);
    expect(html).not.toContain("<script");
    // A prefetching mail scanner changes nothing.
    expect(await emailVerified(email, password)).toBe(false);

    const done = await call("POST", "/verify-email", form({ token }));
    expect(done.status).toBe(200);
    expectStrictPage(done);
    expect(await done.text()).toContain("verified");
    expect(await emailVerified(email, password)).toBe(true);

    const again = await call("POST", "/verify-email", form({ token }));
    expect(again.status).toBe(400);
    expect(await again.text()).toContain("invalid, expired or already used");
  });

  it("escapes what it echoes and refuses a malformed token", async () => {
    const evil = `"><script>alert(1)</script>${"a".repeat(30)}`;
    const page = await call("GET", `/verify-email?token=${encodeURIComponent(evil)}`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).not.toContain("<script>");
    expect(html).toContain("&quot;&gt;&lt;script&gt;");
    expect((await call("GET", "/verify-email")).status).toBe(400);
    expect((await call("POST", "/verify-email", { body: {} })).status).toBe(400);
  });
});

describe("GET/POST /reset-password (the reset email's link)", () => {
  it("takes a new password through the form, explains a refused one and keeps the token", async () => {
    const { email } = await registerViaApi();
    expect((await api.post("/api/v1/auth/password/forgot", { email })).status).toBe(202);
    const { mail } = await waitForEmail(email, "password_reset");
    expect(mail.text).toMatch(/\/reset-password\?token=/);
    const token = tokenFromMail(mail.text);

    const page = await call("GET", `/reset-password?token=${encodeURIComponent(token)}`);
    expect(page.status).toBe(200);
    expectStrictPage(page);
    const html = await page.text();
    expect(html).toContain('<label for="new_password">');
    expect(html).toContain('autocomplete="new-password"');

    const weak = await call("POST", "/reset-password", form({ token, new_password: "password123" }));
    expect(weak.status).toBe(400);
    const weakHtml = await weak.text();
    expect(weakHtml).toContain("does not meet the policy");
    expect(weakHtml).toContain('action="/reset-password"');

    const ok = await call("POST", "/reset-password", form({ token, new_password: "Lighthouse-Marmalade-77" }));
    expect(ok.status).toBe(200);
    expect(await ok.text()).toContain("Password changed");
    expect((await api.post("/api/v1/auth/login", { email, password: "Lighthouse-Marmalade-77" })).status).toBe(200);
    const reused = await call("POST", "/reset-password", form({ token, new_password: "Another-Strong-Phrase-88" }));
    expect(reused.status).toBe(400);
  });
});

describe("GET /dev/mailbox for a browser", () => {
  it("is an escaped HTML page with clickable links, while API clients keep the JSON", async () => {
    const { email } = await registerViaApi({ first_name: "<b>Eve</b>" });
    await waitForEmail(email, "verify_email");
    const res = await call("GET", `/dev/mailbox?to=${encodeURIComponent(email)}`, {
      headers: { Accept: BROWSER_ACCEPT },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get("Content-Type")).toContain("text/html");
    expect(res.headers.get("Content-Security-Policy")).not.toContain("script-src");
    const html = await res.text();
    expect(html).toMatch(/<a href="http[^"]*\/verify-email\?token=[^"]+">/);
    expect(html).toContain("&lt;b&gt;Eve&lt;/b&gt;");
    expect(html).not.toContain("<b>Eve</b>");
    expect(html).not.toContain("<script");

    for (const accept of [undefined, "application/json", "*/*"]) {
      const r = await call("GET", `/dev/mailbox?to=${encodeURIComponent(email)}`, {
        headers: accept ? { Accept: accept } : {},
      });
      expect(r.headers.get("Content-Type"), String(accept)).toContain("application/json");
      const body = (await r.json()) as { data: { id: string }[] };
      expect(body.data.map((m) => m.id)).toEqual((await mailbox(email)).map((m) => m.id));
    }
  });
});
