import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { experience } from "../src/platform/db/schema";
import { db, signedIn } from "./factories";
import { api, expectProblem } from "./helpers/http";

const job = { company_name: "Acme", title: "Engineer", start_date: "2019-03", end_date: "2021-06", is_current: false };

describe("experience", () => {
  it("creates, lists newest first, updates and deletes", async () => {
    const s = await signedIn();
    const a = await api.post("/api/v1/profile/experience", job, { token: s.token });
    expect(a.status).toBe(201);
    expect(a.json).toMatchObject({ ...job, location: null, description: null });
    const b = await api.post(
      "/api/v1/profile/experience",
      { company_name: "Beta", title: "Lead", start_date: "2021-07-01", is_current: true, location: "Remote" },
      { token: s.token },
    );
    const list = await api.get("/api/v1/profile/experience", { token: s.token });
    expect(list.json.data.map((e: { id: string }) => e.id)).toEqual([b.json.id, a.json.id]);
    expect(list.json.next_cursor).toBeNull();

    const patched = await api.patch(
      `/api/v1/profile/experience/${a.json.id}`,
      { title: "Senior Engineer", description: "APIs" },
      { token: s.token },
    );
    expect(patched.json).toMatchObject({ title: "Senior Engineer", description: "APIs", start_date: "2019-03" });
    expect((await api.delete(`/api/v1/profile/experience/${a.json.id}`, { token: s.token })).status).toBe(204);
    expect(await db().select().from(experience).where(eq(experience.id, a.json.id))).toHaveLength(0);
    expectProblem(await api.delete(`/api/v1/profile/experience/${a.json.id}`, { token: s.token }), 404);
  });

  it("enforces end ≥ start and is_current ⇒ no end date, also against stored values", async () => {
    const s = await signedIn();
    const t = { token: s.token };
    const before = expectProblem(
      await api.post("/api/v1/profile/experience", { ...job, start_date: "2021-05", end_date: "2020-12" }, t),
      400,
    );
    expect(before.errors).toEqual([{ path: "end_date", message: "Must not be before start_date." }]);
    const current = expectProblem(await api.post("/api/v1/profile/experience", { ...job, is_current: true }, t), 400);
    expect(current.errors[0].path).toBe("end_date");
    // Year precision: an end in the same year as a month start is fine.
    expect(
      (await api.post("/api/v1/profile/experience", { ...job, start_date: "2021-05", end_date: "2021" }, t)).status,
    ).toBe(201);
    for (const start_date of ["2021-13", "2021-02-30", "21-01", "1800"]) {
      expectProblem(await api.post("/api/v1/profile/experience", { ...job, start_date }, t), 400);
    }
    const created = (await api.post("/api/v1/profile/experience", job, t)).json;
    expectProblem(await api.patch(`/api/v1/profile/experience/${created.id}`, { start_date: "2022-01" }, t), 400);
    expectProblem(await api.patch(`/api/v1/profile/experience/${created.id}`, { is_current: true }, t), 400);
    const ok = await api.patch(`/api/v1/profile/experience/${created.id}`, { is_current: true, end_date: null }, t);
    expect(ok.json).toMatchObject({ is_current: true, end_date: null });
    expectProblem(await api.post("/api/v1/profile/experience", { ...job, employer_id: "x" }, t), 400);
  });

  it("is seeker-only and hides other seekers' entries", async () => {
    const owner = await signedIn();
    const id = (await api.post("/api/v1/profile/experience", job, { token: owner.token })).json.id;
    const other = await signedIn();
    expectProblem(await api.patch(`/api/v1/profile/experience/${id}`, { title: "x" }, { token: other.token }), 404);
    expectProblem(await api.delete(`/api/v1/profile/experience/${id}`, { token: other.token }), 404);
    expect((await api.get("/api/v1/profile/experience", { token: other.token })).json.data).toEqual([]);
    const employer = await signedIn({ role: "employer" });
    expectProblem(await api.get("/api/v1/profile/experience", { token: employer.token }), 403, "forbidden-role");
    expectProblem(await api.post("/api/v1/profile/experience", job, { token: employer.token }), 403);
    expectProblem(await api.get("/api/v1/profile/experience"), 401);
  });
});

describe("education, certifications, portfolio", () => {
  it("education: CRUD with date validation", async () => {
    const s = await signedIn();
    const t = { token: s.token };
    const body = { institution: "MIT", degree: "BSc", field_of_study: "CS", start_date: "2012", end_date: "2016" };
    const r = await api.post("/api/v1/profile/education", body, t);
    expect(r.status).toBe(201);
    expect(r.json).toMatchObject({ ...body, grade: null });
    expectProblem(await api.post("/api/v1/profile/education", { ...body, end_date: "2011" }, t), 400);
    expectProblem(await api.post("/api/v1/profile/education", { ...body, degree: "" }, t), 400);
    expectProblem(await api.patch(`/api/v1/profile/education/${r.json.id}`, { end_date: "2010-01" }, t), 400);
    expect((await api.patch(`/api/v1/profile/education/${r.json.id}`, { grade: "A" }, t)).json.grade).toBe("A");
    expect((await api.get("/api/v1/profile/education", t)).json.data).toHaveLength(1);
    expect((await api.delete(`/api/v1/profile/education/${r.json.id}`, t)).status).toBe(204);
  });

  it("certifications: expiry not before issue, http(s) credential URLs", async () => {
    const s = await signedIn();
    const t = { token: s.token };
    const body = { name: "CKA", issuer: "CNCF", issued_on: "2023-04-01", expires_on: "2026-04-01" };
    const r = await api.post("/api/v1/profile/certifications", body, t);
    expect(r.status).toBe(201);
    expect(r.json).toMatchObject({ ...body, credential_url: null });
    const bad = expectProblem(
      await api.post("/api/v1/profile/certifications", { ...body, expires_on: "2022" }, t),
      400,
    );
    expect(bad.errors[0].path).toBe("expires_on");
    expectProblem(
      await api.post("/api/v1/profile/certifications", { ...body, credential_url: "javascript:alert(1)" }, t),
      400,
    );
    const p = await api.patch(
      `/api/v1/profile/certifications/${r.json.id}`,
      { credential_url: "https://cncf.io/c/1" },
      t,
    );
    expect(p.json.credential_url).toBe("https://cncf.io/c/1");
    const other = await signedIn();
    expectProblem(
      await api.patch(`/api/v1/profile/certifications/${r.json.id}`, { name: "x" }, { token: other.token }),
      404,
    );
  });

  it("portfolio: technologies deduplicated, PATCH and DELETE", async () => {
    const s = await signedIn();
    const t = { token: s.token };
    const r = await api.post(
      "/api/v1/profile/portfolio",
      { title: "Emulator", url: "https://ex.dev", technologies: ["Rust", "rust", "Wasm"] },
      t,
    );
    expect(r.status).toBe(201);
    expect(r.json.technologies).toEqual(["Rust", "Wasm"]);
    const p = await api.patch(`/api/v1/profile/portfolio/${r.json.id}`, { description: "A difference engine" }, t);
    expect(p.json).toMatchObject({ description: "A difference engine", title: "Emulator" });
    expectProblem(await api.post("/api/v1/profile/portfolio", { title: "" }, t), 400);
    expect((await api.delete(`/api/v1/profile/portfolio/${r.json.id}`, t)).status).toBe(204);
    expect((await api.get("/api/v1/profile/portfolio", t)).json.data).toEqual([]);
  });
});

describe("profile skills", () => {
  it("normalises names and aliases against the taxonomy, keeps unknown names", async () => {
    const s = await signedIn();
    const r = await api.put(
      "/api/v1/profile/skills",
      [
        { name: "js", level: "expert", years: 8 },
        { name: "K8S" },
        { name: "JavaScript" },
        { name: "  Underwater   Basket Weaving " },
      ],
      { token: s.token },
    );
    expect(r.status).toBe(200);
    expect(r.json.data).toEqual([
      { name: "JavaScript", skill_id: "skill_javascript", level: "expert", years: 8 },
      { name: "Kubernetes", skill_id: "skill_kubernetes", level: null, years: null },
      { name: "Underwater Basket Weaving", skill_id: null, level: null, years: null },
    ]);
    expect((await api.get("/api/v1/profile/skills", { token: s.token })).json.data).toHaveLength(3);
    expectProblem(await api.put("/api/v1/profile/skills", [{ name: "Go", level: "guru" }], { token: s.token }), 400);
    const e = await signedIn({ role: "employer" });
    expectProblem(await api.put("/api/v1/profile/skills", [], { token: e.token }), 403);
  });
});
