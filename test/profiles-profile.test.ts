import { env } from "cloudflare:test";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { handleFileOrphaned } from "../src/modules/files/service";
import { profileCompleteness } from "../src/modules/profiles/completeness";
import { seekerProfiles } from "../src/platform/db/schema";
import { db, signedIn } from "./factories";
import { api, call, expectProblem } from "./helpers/http";
import { buildPng, uploadResume } from "./helpers/profiles";

async function putAvatar(token: string | undefined, bytes: Uint8Array, type = "image/png") {
  const res = await call("PUT", "/api/v1/profile/avatar", { token, raw: bytes, headers: { "Content-Type": type } });
  const text = await res.text();
  return { status: res.status, json: text ? JSON.parse(text) : null, headers: res.headers };
}

describe("GET/PATCH /profile", () => {
  it("returns an empty seeker profile with defaults before anything is saved", async () => {
    const s = await signedIn();
    const r = await api.get("/api/v1/profile", { token: s.token });
    expect(r.status).toBe(200);
    expect(r.headers.get("ETag")).toBeTruthy();
    expect(r.json).toMatchObject({
      role: "seeker",
      user_id: s.user.id,
      email: s.user.email,
      headline: null,
      visibility: "employers",
      show_email: false,
      is_available: true,
      avatar_url: null,
      updated_at: null,
      completeness: { percent: 0 },
    });
    expect(r.json.completeness.missing.slice(0, 2)).toEqual(["experience", "skills"]);
    const again = await call("GET", "/api/v1/profile", {
      token: s.token,
      headers: { "If-None-Match": r.headers.get("ETag") ?? "" },
    });
    expect(again.status).toBe(304);
  });

  it("saves seeker fields, clears with null, and raises completeness", async () => {
    const s = await signedIn();
    const r = await api.patch(
      "/api/v1/profile",
      {
        headline: "Backend engineer",
        bio: "I build APIs.",
        location: "Lisbon, Portugal",
        phone: "+351 21 000 0000",
        github_url: "https://github.com/ada",
        years_experience: 7,
        desired_job_types: ["full_time", "contract", "full_time"],
        open_to_remote: true,
        salary_expectation: { min: 60000, max: 80000, currency: "EUR", period: "year" },
        visibility: "public",
      },
      { token: s.token },
    );
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({
      headline: "Backend engineer",
      desired_job_types: ["full_time", "contract"],
      salary_expectation: { min: 60000, max: 80000, currency: "EUR", period: "year" },
      visibility: "public",
    });
    // headline 10 + bio 10 + location 5 + links 5 + years 5 + job types 5
    expect(r.json.completeness.percent).toBe(40);
    const cleared = await api.patch(
      "/api/v1/profile",
      { headline: null, salary_expectation: null },
      { token: s.token },
    );
    expect(cleared.json.headline).toBeNull();
    expect(cleared.json.salary_expectation).toBeNull();
    expect(cleared.json.bio).toBe("I build APIs.");
    const row = await db().select().from(seekerProfiles).where(eq(seekerProfiles.userId, s.user.id)).get();
    expect(row?.salaryMin).toBeNull();
    expect((await profileCompleteness(db(), s.user.id))?.percent).toBe(30);
  });

  it("validates fields and rejects fields of the other role or unknown fields", async () => {
    const s = await signedIn();
    const bad = [
      { website: "javascript:alert(1)" },
      { linkedin_url: "https://evil.example/in/ada" },
      { salary_expectation: { min: 9, max: 1, currency: "EUR", period: "year" } },
      { visibility: "friends" },
      { role: "admin" },
      { position_title: "CTO" },
      { years_experience: -1 },
    ];
    for (const body of bad) expectProblem(await api.patch("/api/v1/profile", body, { token: s.token }), 400);
    const e = await signedIn({ role: "employer" });
    const r = await api.patch("/api/v1/profile", { headline: "x" }, { token: e.token });
    expect(expectProblem(r, 400).errors).toEqual([
      { path: "headline", message: "Not a field of an employer profile." },
    ]);
    expectProblem(await api.patch("/api/v1/profile", { bio: "x" }), 401);
  });

  it("gives employers their own shape and completeness", async () => {
    const e = await signedIn({ role: "employer" });
    const r = await api.patch(
      "/api/v1/profile",
      { position_title: "Head of Talent", linkedin_url: "https://www.linkedin.com/in/hr", show_email: true },
      { token: e.token },
    );
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({ role: "employer", position_title: "Head of Talent", show_email: true });
    expect(r.json.completeness).toEqual({ percent: 40, missing: ["avatar", "company", "phone"] });
    expect(r.json).not.toHaveProperty("headline");
  });

  it("counts sections and resumes in completeness", async () => {
    const s = await signedIn();
    await api.put("/api/v1/profile/skills", [{ name: "js" }, { name: "k8s" }, { name: "postgres" }], {
      token: s.token,
    });
    await api.post(
      "/api/v1/profile/experience",
      { company_name: "Acme", title: "Dev", start_date: "2020-01", is_current: true },
      { token: s.token },
    );
    await uploadResume(s.token, { bytes: new TextEncoder().encode("CV"), name: "cv.txt" });
    const c = await profileCompleteness(db(), s.user.id);
    expect(c?.percent).toBe(40);
    expect(c?.missing).not.toContain("resume");
    expect(await profileCompleteness(db(), "no-such-user")).toBeNull();
  });
});

describe("avatars", () => {
  it("stores a PNG content-addressed and serves it immutable with its real type", async () => {
    const s = await signedIn();
    const png = buildPng(`a-${s.user.id}`);
    const r = await putAvatar(s.token, png);
    expect(r.status).toBe(200);
    const url = new URL(r.json.avatar_url);
    expect(url.pathname).toMatch(/^\/files\/images\/avatars\/[0-9a-f]{64}\.png$/);
    const img = await call("GET", url.pathname);
    expect(img.status).toBe(200);
    expect(new Uint8Array(await img.arrayBuffer())).toEqual(png);
    expect(img.headers.get("Content-Type")).toBe("image/png");
    expect(img.headers.get("Cache-Control")).toBe("public, max-age=31536000, immutable");
    expect(img.headers.get("X-Content-Type-Options")).toBe("nosniff");
    const etag = img.headers.get("ETag") ?? "";
    const cached = await call("GET", url.pathname, { headers: { "If-None-Match": etag } });
    expect(cached.status).toBe(304);
    expect((await api.get("/api/v1/profile", { token: s.token })).json.avatar_url).toBe(r.json.avatar_url);
  });

  it("accepts multipart uploads too", async () => {
    const s = await signedIn({ role: "employer" });
    const form = new FormData();
    form.set("file", new File([buildPng(`m-${s.user.id}`)], "me.png"));
    const res = await call("PUT", "/api/v1/profile/avatar", { token: s.token, raw: form });
    expect(res.status).toBe(200);
  });

  it("refuses a text file named .png (415) and an oversize image (413)", async () => {
    const s = await signedIn();
    expectProblem(await putAvatar(s.token, new TextEncoder().encode("just text, not an image")), 415);
    expectProblem(await putAvatar(s.token, new TextEncoder().encode("%PDF-1.4 a pdf")), 415);
    const big = new Uint8Array(2 * 1024 * 1024 + 1);
    big.set(buildPng());
    expectProblem(await putAvatar(s.token, big), 413, "file-too-large");
    expectProblem(await putAvatar(undefined, buildPng()), 401);
  });

  it("replacing and deleting release the old image, which cleanup deletes only when unreferenced", async () => {
    const a = await signedIn();
    const b = await signedIn();
    const shared = buildPng(`shared-${a.user.id}`);
    const first = new URL((await putAvatar(a.token, shared)).json.avatar_url).pathname;
    await putAvatar(b.token, shared); // b uses the same content, hence the same key
    await putAvatar(a.token, buildPng(`new-${a.user.id}`));
    const key = first.replace("/files/", "");
    expect(await handleFileOrphaned(db(), env.FILES, key)).toBe("kept");
    expect((await api.delete("/api/v1/profile/avatar", { token: b.token })).status).toBe(204);
    expect((await api.get("/api/v1/profile", { token: b.token })).json.avatar_url).toBeNull();
    expect(await handleFileOrphaned(db(), env.FILES, key)).toBe("deleted");
    expect((await call("GET", first)).status).toBe(404);
    expect((await api.delete("/api/v1/profile/avatar", { token: b.token })).status).toBe(204);
  });

  it("404s malformed or unknown image paths", async () => {
    expect((await call("GET", `/files/images/avatars/${"0".repeat(64)}.png`)).status).toBe(404);
    expect((await call("GET", "/files/images/avatars/..%2Fresumes%2Fx.png")).status).toBe(404);
    expect((await call("GET", `/files/images/avatars/${"0".repeat(64)}.svg`)).status).toBe(404);
    expect((await call("GET", `/files/images/secrets/${"0".repeat(64)}.png`)).status).toBe(400);
  });
});
