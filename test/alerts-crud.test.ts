import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { gdprSections } from "../src/gdpr-sections";
import { type AlertQuery, jobAlerts } from "../src/platform/db/schema";
import { buildGdprExport } from "../src/platform/gdpr";
import { db, signedIn } from "./factories";
import { alertBody, publishedJob, world } from "./helpers/alerts";
import { api, expectProblem } from "./helpers/http";

const seeker = () => signedIn({ role: "seeker" });

describe("alerts CRUD", () => {
  it("creates, lists, reads, updates and deletes an alert; stored effects follow", async () => {
    const s = await seeker();
    const w = await world();
    const body = {
      name: "  Go in Berlin ",
      query: {
        q: "golang",
        category: w.category.slug,
        location: "Berlin",
        remote: false,
        job_type: ["full_time", "contract", "full_time"],
        experience_level: ["senior"],
        salary_min: 60000,
        skills: ["Go", "go", "Kubernetes"],
      },
      frequency: "instant",
      channels: ["email", "in_app"],
    };
    const created = await api.post("/api/v1/alerts", body, { token: s.token });
    expect(created.status).toBe(201);
    expect(created.headers.get("Location")).toBe(`/api/v1/alerts/${created.json.id}`);
    expect(created.json).toMatchObject({
      name: "Go in Berlin",
      frequency: "instant",
      channels: ["email", "in_app"],
      active: true,
      paused_reason: null,
      last_sent_at: null,
      query: { job_type: ["full_time", "contract"], skills: ["go", "kubernetes"], salary_min: 60000 },
    });
    expect(created.json.search_url).toContain("/api/v1/jobs?q=golang");

    const row = await db().select().from(jobAlerts).where(eq(jobAlerts.id, created.json.id)).get();
    expect(row).toMatchObject({ userId: s.user.id, categoryId: w.category.id, remote: false, salaryMin: 60000 });
    expect(row?.jobTypeMask).toBe(0b101); // full_time (bit 0) | contract (bit 2)

    const list = await api.get("/api/v1/alerts", { token: s.token });
    expect(list.json).toMatchObject({ total: 1, next_cursor: null });
    expect(list.json.data[0].id).toBe(created.json.id);

    const one = await api.get(`/api/v1/alerts/${created.json.id}`, { token: s.token });
    expect(one.status).toBe(200);
    const etag = one.headers.get("ETag") ?? "";
    expect(
      (await api.get(`/api/v1/alerts/${created.json.id}`, { token: s.token, headers: { "If-None-Match": etag } }))
        .status,
    ).toBe(304);

    const patched = await api.patch(
      `/api/v1/alerts/${created.json.id}`,
      { name: "Renamed", frequency: "weekly", channels: ["in_app"], query: { remote: true } },
      { token: s.token },
    );
    expect(patched.status).toBe(200);
    expect(patched.json).toMatchObject({ name: "Renamed", frequency: "weekly", channels: ["in_app"] });
    expect(patched.json.query).toEqual({ remote: true });
    const after = await db().select().from(jobAlerts).where(eq(jobAlerts.id, created.json.id)).get();
    expect(after).toMatchObject({ categoryId: null, remote: true, jobTypeMask: 0, salaryMin: null });
    expect(after?.lastPeriod).not.toBe("");

    const paused = await api.patch(`/api/v1/alerts/${created.json.id}`, { active: false }, { token: s.token });
    expect(paused.json).toMatchObject({ active: false, paused_reason: "user" });
    const resumed = await api.patch(`/api/v1/alerts/${created.json.id}`, { active: true }, { token: s.token });
    expect(resumed.json).toMatchObject({ active: true, paused_reason: null });

    expect((await api.delete(`/api/v1/alerts/${created.json.id}`, { token: s.token })).status).toBe(204);
    expect(await db().select().from(jobAlerts).where(eq(jobAlerts.id, created.json.id)).get()).toBeUndefined();
    expectProblem(await api.delete(`/api/v1/alerts/${created.json.id}`, { token: s.token }), 404, "not-found");
  });

  it("validates strictly", async () => {
    const s = await seeker();
    const bad = [
      { ...alertBody(), extra: 1 },
      { ...alertBody(), query: { q: "go", sort: "newest" } },
      { ...alertBody(), query: { job_type: ["full-time"] } },
      { ...alertBody(), query: { remote: "true" } },
      { ...alertBody(), query: { salary_min: -5 } },
      { ...alertBody(), query: { skills: ["a,b"] } },
      { ...alertBody(), query: { skills: Array.from({ length: 11 }, (_, i) => `s${i}`) } },
      { ...alertBody(), frequency: "hourly" },
      { ...alertBody(), channels: [] },
      { ...alertBody(), channels: ["email", "email"] },
      { ...alertBody(), channels: ["sms"] },
      { ...alertBody(), name: "   " },
      { query: {}, frequency: "daily", channels: ["email"] },
    ];
    for (const body of bad) {
      expectProblem(await api.post("/api/v1/alerts", body, { token: s.token }), 400, "validation-error");
    }
    const unknownCategory = await api.post("/api/v1/alerts", alertBody({ query: { category: "no-such-category" } }), {
      token: s.token,
    });
    expect(expectProblem(unknownCategory, 400, "validation-error").errors[0].path).toBe("query.category");

    const created = await api.post("/api/v1/alerts", alertBody(), { token: s.token });
    expectProblem(await api.patch(`/api/v1/alerts/${created.json.id}`, {}, { token: s.token }), 400);
    expectProblem(
      await api.patch(`/api/v1/alerts/${created.json.id}`, { active: "no" }, { token: s.token }),
      400,
      "validation-error",
    );
    expectProblem(
      await api.patch(`/api/v1/alerts/${created.json.id}`, { user_id: "x" }, { token: s.token }),
      400,
      "validation-error",
    );
  });

  it("allows 20 alerts per user; the 21st is a 409", async () => {
    const s = await seeker();
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        api.post("/api/v1/alerts", alertBody({ name: `a${i}` }), { token: s.token }),
      ),
    );
    expect(results.map((r) => r.status)).toEqual(Array(20).fill(201));
    expectProblem(await api.post("/api/v1/alerts", alertBody(), { token: s.token }), 409, "alert-limit-reached");
    expect((await db().select().from(jobAlerts).where(eq(jobAlerts.userId, s.user.id))).length).toBe(20);
    // Another user is not affected by this one's cap.
    const other = await seeker();
    expect((await api.post("/api/v1/alerts", alertBody(), { token: other.token })).status).toBe(201);
  });

  it("needs a signed-in seeker; another user's alert is a 404", async () => {
    const owner = await seeker();
    const created = await api.post("/api/v1/alerts", alertBody(), { token: owner.token });
    const id = created.json.id as string;

    expectProblem(await api.get("/api/v1/alerts"), 401);
    expectProblem(await api.post("/api/v1/alerts", alertBody()), 401);
    const employer = await signedIn({ role: "employer" });
    expectProblem(await api.get("/api/v1/alerts", { token: employer.token }), 403, "forbidden-role");
    expectProblem(await api.post("/api/v1/alerts", alertBody(), { token: employer.token }), 403, "forbidden-role");

    const stranger = await seeker();
    expect((await api.get("/api/v1/alerts", { token: stranger.token })).json.data).toEqual([]);
    expectProblem(await api.get(`/api/v1/alerts/${id}`, { token: stranger.token }), 404, "not-found");
    expectProblem(await api.patch(`/api/v1/alerts/${id}`, { name: "x" }, { token: stranger.token }), 404);
    expectProblem(await api.delete(`/api/v1/alerts/${id}`, { token: stranger.token }), 404);
    expectProblem(await api.get(`/api/v1/alerts/${id}/preview`, { token: stranger.token }), 404);
    expect((await db().select().from(jobAlerts).where(eq(jobAlerts.id, id)).get())?.name).toBe("Go jobs");
  });
});

describe("GET /alerts/{id}/preview", () => {
  it("equals GET /jobs with the same filters, including paging", async () => {
    const s = await seeker();
    const w = await world();
    const now = Date.now();
    for (let i = 0; i < 5; i++) {
      await publishedJob(w, now - (i + 1) * 60_000, { title: `Golang Engineer ${i}`, skills: ["Go"] });
    }
    await publishedJob(w, now - 10 * 60_000, { title: "Golang Engineer remote", isRemote: true, skills: ["Go"] });
    await publishedJob(w, now - 11 * 60_000, { title: "Python Engineer", skills: ["Python"] });
    await publishedJob(w, now - 12 * 60_000, { title: "Golang Lead", experienceLevel: "lead", skills: ["Go"] });

    const query: AlertQuery = { category: w.category.slug, remote: false, skills: ["Go"], experience_level: ["mid"] };
    const created = await api.post("/api/v1/alerts", alertBody({ query }), { token: s.token });
    const params = `category=${w.category.slug}&remote=false&skills=go&experience_level=mid`;

    const preview = await api.get(`/api/v1/alerts/${created.json.id}/preview?limit=3`, { token: s.token });
    const search = await api.get(`/api/v1/jobs?${params}&limit=3`);
    expect(preview.status).toBe(200);
    expect(preview.json.total).toBe(5);
    // The search's first page also lists pinned featured jobs; a preview shows what the alert delivers.
    const { pinned, ...plain } = search.json;
    expect(pinned).toEqual([]);
    expect(preview.json).toEqual(plain);

    const next = await api.get(
      `/api/v1/alerts/${created.json.id}/preview?limit=3&cursor=${encodeURIComponent(preview.json.next_cursor)}`,
      { token: s.token },
    );
    const nextSearch = await api.get(
      `/api/v1/jobs?${params}&limit=3&cursor=${encodeURIComponent(search.json.next_cursor)}`,
    );
    expect(next.json).toEqual(nextSearch.json);
    expect(next.json.data).toHaveLength(2);

    // A text query ranks exactly like the search.
    const text = await api.post(
      "/api/v1/alerts",
      alertBody({ query: { q: "golang engineer", category: w.category.slug } }),
      {
        token: s.token,
      },
    );
    const textPreview = await api.get(`/api/v1/alerts/${text.json.id}/preview`, { token: s.token });
    const textSearch = await api.get(`/api/v1/jobs?q=golang+engineer&category=${w.category.slug}`);
    const { pinned: textPinned, ...textPlain } = textSearch.json;
    expect(textPinned).toEqual([]);
    expect(textPreview.json).toEqual(textPlain);
    expect(textPreview.json.data.length).toBeGreaterThan(0);
    expectProblem(
      await api.get(`/api/v1/alerts/${created.json.id}/preview?cursor=garbage`, { token: s.token }),
      400,
      "invalid-cursor",
    );
  });
});

describe("GDPR", () => {
  it("exports the user's alerts", async () => {
    const s = await seeker();
    await api.post("/api/v1/alerts", alertBody({ name: "Mine" }), { token: s.token });
    const doc = (await buildGdprExport(gdprSections, db(), s.user.id)) as Record<string, unknown>;
    expect(doc.job_alerts).toMatchObject({ alerts: [{ name: "Mine" }] });
  });
});
