import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { fromBase64Url, toBase64Url, utf8 } from "../src/lib/encoding";
import { sign } from "../src/lib/signing";
import { signShareLink } from "../src/modules/resumes/share";
import { signedIn } from "./factories";
import { api, BASE, call, expectProblem } from "./helpers/http";
import { applicationWithResume, buildPdf, uploadResume } from "./helpers/profiles";

async function download(path: string, token?: string) {
  const res = await call("GET", path.replace(BASE, ""), { token });
  const bytes = new Uint8Array(await res.arrayBuffer());
  let json: unknown = null;
  if ((res.headers.get("Content-Type") ?? "").includes("json")) json = JSON.parse(new TextDecoder().decode(bytes));
  return { status: res.status, headers: res.headers, bytes, json };
}

async function seekerWithResume() {
  const s = await signedIn();
  const pdf = buildPdf(["Confidential resume"]);
  const r = await uploadResume(s.token, { bytes: pdf, name: "Zoë's CV.pdf" });
  return { s, pdf, id: r.json.id as string };
}

describe("GET /resumes/{id}/download", () => {
  it("streams the file to its owner as an attachment that cannot render", async () => {
    const { s, pdf, id } = await seekerWithResume();
    const r = await download(`/api/v1/resumes/${id}/download`, s.token);
    expect(r.status).toBe(200);
    expect(r.bytes).toEqual(pdf);
    expect(r.headers.get("Content-Type")).toBe("application/pdf");
    expect(r.headers.get("Content-Disposition")).toBe(
      `attachment; filename="Zo_'s CV.pdf"; filename*=UTF-8''Zo%C3%AB's%20CV.pdf`,
    );
    expect(r.headers.get("X-Content-Type-Options")).toBe("nosniff");
    expect(r.headers.get("Cache-Control")).toBe("private, no-store");
  });

  it("lets members of a company that received an application with it download, nobody else", async () => {
    const { s, id } = await seekerWithResume();
    const recruiter = await signedIn({ role: "employer" });
    const outsider = await signedIn({ role: "employer" });
    expectProblem(await download(`/api/v1/resumes/${id}/download`, recruiter.token), 404);
    await applicationWithResume(recruiter.user.id, s.user.id, id);
    expect((await download(`/api/v1/resumes/${id}/download`, recruiter.token)).status).toBe(200);
    expectProblem(await download(`/api/v1/resumes/${id}/download`, outsider.token), 404);
    // An application with a different resume grants nothing for this one.
    const other = await seekerWithResume();
    await applicationWithResume(outsider.user.id, other.s.user.id, other.id);
    expectProblem(await download(`/api/v1/resumes/${id}/download`, outsider.token), 404);
    expectProblem(await download(`/api/v1/resumes/${id}/download`), 401);
  });
});

describe("share links", () => {
  it("creates a signed link that downloads without signing in", async () => {
    const { s, pdf, id } = await seekerWithResume();
    const link = await api.post(`/api/v1/resumes/${id}/share-link`, { expires_in: 3600 }, { token: s.token });
    expect(link.status).toBe(201);
    const expiresAt = Date.parse(link.json.expires_at);
    expect(expiresAt - Date.now()).toBeGreaterThan(3500_000);
    expect(expiresAt - Date.now()).toBeLessThanOrEqual(3600_000);
    const r = await download(link.json.url);
    expect(r.status).toBe(200);
    expect(r.bytes).toEqual(pdf);
  });

  it("defaults to seven days without a body and validates expires_in", async () => {
    const { s, id } = await seekerWithResume();
    const res = await call("POST", `/api/v1/resumes/${id}/share-link`, { token: s.token });
    const json = await res.json<{ expires_at: string }>();
    expect(res.status).toBe(201);
    expect(Math.round((Date.parse(json.expires_at) - Date.now()) / 86_400_000)).toBe(7);
    expectProblem(await api.post(`/api/v1/resumes/${id}/share-link`, { expires_in: 5 }, { token: s.token }), 400);
    expectProblem(await api.post(`/api/v1/resumes/${id}/share-link`, { forever: true }, { token: s.token }), 400);
    expectProblem(await api.post(`/api/v1/resumes/${id}/share-link`, {}), 401);
  });

  it("refuses tampered links (403) and expired links (410)", async () => {
    const { s, id } = await seekerWithResume();
    const link = (await api.post(`/api/v1/resumes/${id}/share-link`, {}, { token: s.token })).json.url as string;
    const token = new URL(link).searchParams.get("token") ?? "";
    const [payload = "", sig = ""] = token.split(".");
    const at = (resumeId: string, t: string) => `/api/v1/resumes/${resumeId}/download?token=${encodeURIComponent(t)}`;

    // The expiry lives in the signed payload: extending it breaks the signature.
    const body = JSON.parse(new TextDecoder().decode(fromBase64Url(payload)));
    const extended = `${toBase64Url(utf8(JSON.stringify({ ...body, exp: body.exp + 86400 })))}.${sig}`;
    expectProblem(await download(at(id, extended)), 403, "invalid-signature");
    const flipped = sig.startsWith("A") ? `B${sig.slice(1)}` : `A${sig.slice(1)}`;
    expectProblem(await download(at(id, `${payload}.${flipped}`)), 403);
    // A genuine link names one resume only.
    const other = await seekerWithResume();
    expectProblem(await download(at(other.id, token)), 403);
    expectProblem(await download(at(id, payload)), 403);
    expectProblem(await download(at(id, "")), 403);
    // A token signed for another purpose (an unsubscribe link) is no share link.
    const foreign = await sign(env.SIGNING_SECRET, "unsubscribe", { resume_id: id }, 3600_000);
    expectProblem(await download(at(id, foreign.token)), 403);

    const old = await signShareLink(env.SIGNING_SECRET, BASE, id, 60, Date.now() - 3600_000);
    expectProblem(await download(old.url), 410, "link-expired");
    const forged = await signShareLink("another-secret", BASE, id, 3600);
    expectProblem(await download(forged.url), 403);
  });

  it("stops working when the resume is deleted", async () => {
    const { s, id } = await seekerWithResume();
    const link = (await api.post(`/api/v1/resumes/${id}/share-link`, {}, { token: s.token })).json.url as string;
    await api.delete(`/api/v1/resumes/${id}`, { token: s.token });
    expectProblem(await download(link), 404);
  });
});
