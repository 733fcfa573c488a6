/**
 * The landing page of a resume share link (`page_url`): the recipient sees the
 * file's name, type and size and a download button that works without an
 * account; an expired link is a 410 page, a forged one or a deleted resume 404.
 */
import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { CATALOGUES } from "../src/i18n";
import { signShareLink } from "../src/modules/resumes/share";
import { signedIn } from "./factories";
import { api, BASE, call } from "./helpers/http";
import { buildPdf, uploadResume } from "./helpers/profiles";

async function page(url: string, language?: string) {
  const headers: Record<string, string> = { Accept: "text/html" };
  if (language) headers["Accept-Language"] = language;
  const res = await call("GET", url.replace(BASE, "").replace(/^https?:\/\/[^/]+/, ""), { headers });
  return { res, status: res.status, text: await res.text() };
}

async function sharedResume() {
  const s = await signedIn();
  const pdf = buildPdf(["Shared resume"]);
  const up = await uploadResume(s.token, { bytes: pdf, name: "Zoë <CV>.pdf" });
  const id = up.json.id as string;
  const link = await api.post(`/api/v1/resumes/${id}/share-link`, { expires_in: 3600 }, { token: s.token });
  expect(link.status).toBe(201);
  return { s, pdf, id, link: link.json as { url: string; page_url: string; expires_at: string } };
}

describe("resume share landing page", () => {
  it("is what the share link's page_url opens: file facts and a working download link", async () => {
    const { pdf, id, link } = await sharedResume();
    expect(link.page_url).toMatch(new RegExp(`/resumes/${id}/shared\\?token=`));
    const p = await page(link.page_url);
    expect(p.status).toBe(200);
    expect(p.text).toContain("<h1>A shared resume</h1>");
    // The uploader's file name (as stored: the upload drops the markup characters).
    expect(p.text).toContain("<dd>Zoë CV.pdf</dd>");
    expect(p.text).toMatch(/<dd>\d+ bytes<\/dd>/);
    expect(p.text).toContain("<dd>PDF</dd>");
    expect(p.text).toContain(`<time datetime="${link.expires_at}">`);
    expect(p.res.headers.get("Cache-Control")).toBe("no-store");
    expect(p.res.headers.get("Referrer-Policy")).toBe("no-referrer");
    expect(p.res.headers.get("X-Robots-Tag")).toContain("noindex");
    expect(p.res.headers.get("Content-Security-Policy")).toContain("default-src 'none'");
    const href = /<a class="button" href="([^"]+)"/.exec(p.text)?.[1]?.replace(/&amp;/g, "&");
    expect(href).toBe(new URL(link.url).pathname + new URL(link.url).search);
    const file = await call("GET", href ?? "");
    expect(file.status).toBe(200);
    expect(new Uint8Array(await file.arrayBuffer())).toEqual(pdf);
  });

  it("speaks the reader's language", async () => {
    const { link } = await sharedResume();
    const p = await page(link.page_url, "de-DE,de;q=0.9");
    expect(p.text).toContain('<html lang="de">');
    expect(p.text).toContain(CATALOGUES.de["share.download"]);
    expect(p.res.headers.get("Content-Language")).toBe("de");
  });

  it("answers 410 for an expired link, 404 for a forged or retargeted one and for a deleted resume", async () => {
    const { s, id, link } = await sharedResume();
    const old = await signShareLink(env.SIGNING_SECRET, "http://api.test", id, 60, Date.now() - 3600_000);
    const expired = await page(old.pageUrl);
    expect(expired.status).toBe(410);
    expect(expired.text).toContain("This link has expired");
    expect(expired.text).not.toContain("Zo");

    const forged = await page(link.page_url.replace(/token=(.)/, (_, ch) => `token=${ch === "a" ? "b" : "a"}`));
    expect(forged.status).toBe(404);
    const other = await sharedResume();
    const retargeted = await page(other.link.page_url.replace(other.id, id));
    expect(retargeted.status).toBe(404);
    expect((await page(`/resumes/${id}/shared`)).status).toBe(404);

    expect((await call("DELETE", `/api/v1/resumes/${id}`, { token: s.token })).status).toBe(204);
    const deleted = await page(link.page_url);
    expect(deleted.status).toBe(404);
    expect(deleted.text).toContain("Resume not found");
  });
});
