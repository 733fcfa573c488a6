import { env } from "cloudflare:test";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { auditLog, companies } from "../src/platform/db/schema";
import { db, makeCompany, signedIn } from "./factories";
import { pngBytes } from "./helpers/companies";
import { api, call, expectProblem } from "./helpers/http";

const logo = (id: string) => `/api/v1/companies/${id}/logo`;

async function upload(id: string, bytes: Uint8Array, token?: string, contentType = "image/png") {
  const res = await call("PUT", logo(id), { raw: bytes, token, headers: { "Content-Type": contentType } });
  const text = await res.text();
  return { status: res.status, json: text ? JSON.parse(text) : null, headers: res.headers };
}

describe("PUT/DELETE /companies/{id}/logo", () => {
  it("stores the image under a content-addressed key and serves its URL", async () => {
    const owner = await signedIn({ role: "employer" });
    const co = await makeCompany({ members: [{ userId: owner.user.id }] });
    const r = await upload(co.id, pngBytes(1), owner.token);
    expect(r.status).toBe(200);
    expect(r.json.logo_url).toMatch(/^\/files\/images\/logos\/[0-9a-f]{64}\.png$/);
    const key = r.json.logo_url.slice("/files/".length);
    const obj = await env.FILES.get(key);
    expect(obj?.httpMetadata?.contentType).toBe("image/png");
    await obj?.arrayBuffer();
    expect((await api.get(`/api/v1/companies/${co.id}`)).json.logo_url).toBe(r.json.logo_url);

    // Replacing removes the old object (nobody else uses it); deleting clears the field.
    const r2 = await upload(co.id, pngBytes(2), owner.token);
    expect(r2.json.logo_url).not.toBe(r.json.logo_url);
    expect(await env.FILES.head(key)).toBeNull();
    expect((await api.delete(logo(co.id), { token: owner.token })).status).toBe(204);
    const row = await db().select().from(companies).where(eq(companies.id, co.id)).get();
    expect(row?.logoKey).toBeNull();
  });

  it("accepts logos above the JSON body limit but within 2 MB", async () => {
    const owner = await signedIn({ role: "employer" });
    const co = await makeCompany({ members: [{ userId: owner.user.id }] });
    const r = await upload(co.id, pngBytes(1.5 * 1024 * 1024), owner.token);
    expect(r.status).toBe(200);
  });

  it("refuses a text file named and labelled as PNG (415) and oversize files (413)", async () => {
    const owner = await signedIn({ role: "employer" });
    const co = await makeCompany({ members: [{ userId: owner.user.id }] });
    const text = new TextEncoder().encode("<html><script>alert(1)</script></html>");
    expectProblem(await upload(co.id, text, owner.token), 415, "unsupported-file-type");
    expectProblem(await upload(co.id, pngBytes(2 * 1024 * 1024 + 1), owner.token), 413);
    const row = await db().select().from(companies).where(eq(companies.id, co.id)).get();
    expect(row?.logoKey).toBeNull();
  });

  it("is for members only", async () => {
    const co = await makeCompany();
    const stranger = await signedIn({ role: "employer" });
    expectProblem(await upload(co.id, pngBytes(3), stranger.token), 404);
    expectProblem(await upload(co.id, pngBytes(3)), 401);
    expectProblem(await api.delete(logo(co.id), { token: stranger.token }), 404);
  });
});

describe("POST /admin/companies/{id}/verify", () => {
  it("verifies a company and audits it", async () => {
    const co = await makeCompany();
    const admin = await signedIn({ role: "admin" });
    const r = await api.post(`/api/v1/admin/companies/${co.id}/verify`, undefined, { token: admin.token });
    expect(r.status).toBe(200);
    expect(r.json.is_verified).toBe(true);
    expect(r.json.verified_at).toBeTruthy();
    const audit = await db().select().from(auditLog).where(eq(auditLog.targetId, co.id)).all();
    expect(audit).toEqual([expect.objectContaining({ action: "company.verify", actorId: admin.user.id })]);
    const un = await api.delete(`/api/v1/admin/companies/${co.id}/verify`, { token: admin.token });
    expect(un.json.is_verified).toBe(false);
  });

  it("is admin only and 404s unknown companies", async () => {
    const owner = await signedIn({ role: "employer" });
    const co = await makeCompany({ members: [{ userId: owner.user.id }] });
    expectProblem(await api.post(`/api/v1/admin/companies/${co.id}/verify`, undefined, { token: owner.token }), 403);
    expectProblem(await api.post(`/api/v1/admin/companies/${co.id}/verify`), 401);
    const admin = await signedIn({ role: "admin" });
    expectProblem(await api.post("/api/v1/admin/companies/nope/verify", undefined, { token: admin.token }), 404);
    const row = await db().select().from(companies).where(eq(companies.id, co.id)).get();
    expect(row?.isVerified).toBe(false);
  });
});
