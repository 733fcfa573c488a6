import { describe, expect, it } from "vitest";
import { signedIn } from "./factories";
import { api, call, expectProblem } from "./helpers/http";

async function seekerWith(visibility: "public" | "employers" | "private", extra: Record<string, unknown> = {}) {
  const s = await signedIn();
  await api.patch(
    "/api/v1/profile",
    { visibility, headline: "Data engineer", phone: "+1 555 0100 200", salary_expectation: null, ...extra },
    { token: s.token },
  );
  return s;
}

describe("GET /users/{username} visibility", () => {
  it("follows the matrix: public / employers / private × anonymous, seeker, employer, admin, owner", async () => {
    const viewers = {
      anonymous: undefined,
      seeker: (await signedIn()).token,
      employer: (await signedIn({ role: "employer" })).token,
      admin: (await signedIn({ role: "admin" })).token,
    };
    const expected: Record<string, Record<keyof typeof viewers, number>> = {
      public: { anonymous: 200, seeker: 200, employer: 200, admin: 200 },
      employers: { anonymous: 404, seeker: 404, employer: 200, admin: 200 },
      private: { anonymous: 404, seeker: 404, employer: 404, admin: 404 },
    };
    for (const visibility of ["public", "employers", "private"] as const) {
      const owner = await seekerWith(visibility);
      for (const [who, token] of Object.entries(viewers) as [keyof typeof viewers, string | undefined][]) {
        const r = await api.get(`/api/v1/users/${owner.user.username}`, { token });
        expect({ visibility, who, status: r.status }).toEqual({ visibility, who, status: expected[visibility]?.[who] });
        if (r.status === 404) expect(r.json.type).toBe("https://jobboard.dev/problems/not-found");
      }
      const own = await api.get(`/api/v1/users/${owner.user.username}`, { token: owner.token });
      expect(own.status).toBe(200);
    }
  });

  it("defaults to employers-only before the seeker chooses", async () => {
    const s = await signedIn();
    expectProblem(await api.get(`/api/v1/users/${s.user.username}`), 404);
    const e = await signedIn({ role: "employer" });
    expect((await api.get(`/api/v1/users/${s.user.username}`, { token: e.token })).status).toBe(200);
  });

  it("never shows email, phone or salary unless made public", async () => {
    const s = await seekerWith("public", { salary_expectation: { min: 1, max: 2, currency: "USD", period: "year" } });
    const r = await api.get(`/api/v1/users/${s.user.username.toUpperCase()}`);
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({ username: s.user.username, headline: "Data engineer", email: null, phone: null });
    expect(JSON.stringify(r.json)).not.toContain(s.user.email);
    expect(JSON.stringify(r.json)).not.toContain("555");
    expect(r.json).not.toHaveProperty("salary_expectation");
    expect(r.json).not.toHaveProperty("visibility");
    await api.patch("/api/v1/profile", { show_email: true, show_phone: true }, { token: s.token });
    const shown = await api.get(`/api/v1/users/${s.user.username}`);
    expect(shown.json).toMatchObject({ email: s.user.email, phone: "+1 555 0100 200" });
  });

  it("includes sections and skills, sends ETag and Vary", async () => {
    const s = await seekerWith("public");
    await api.put("/api/v1/profile/skills", [{ name: "golang" }], { token: s.token });
    await api.post(
      "/api/v1/profile/experience",
      { company_name: "Acme", title: "Dev", start_date: "2020", is_current: true },
      { token: s.token },
    );
    const r = await api.get(`/api/v1/users/${s.user.username}`);
    expect(r.json.skills).toEqual([{ name: "Go", skill_id: "skill_go", level: null, years: null }]);
    expect(r.json.experience[0]).toMatchObject({ company_name: "Acme", is_current: true });
    expect(r.json.education).toEqual([]);
    expect(r.headers.get("Vary")).toContain("Authorization");
    const etag = r.headers.get("ETag") ?? "";
    expect((await call("GET", `/api/v1/users/${s.user.username}`, { headers: { "If-None-Match": etag } })).status).toBe(
      304,
    );
  });

  it("shows employers' public page without private contact data; hides admins and suspended users", async () => {
    const e = await signedIn({ role: "employer" });
    await api.patch("/api/v1/profile", { position_title: "Recruiter", phone: "+1 555 0199 000" }, { token: e.token });
    const r = await api.get(`/api/v1/users/${e.user.username}`);
    expect(r.json).toMatchObject({ role: "employer", position_title: "Recruiter", email: null, phone: null });
    const admin = await signedIn({ role: "admin" });
    expectProblem(await api.get(`/api/v1/users/${admin.user.username}`), 404);
    const suspended = await seekerWith("public");
    const { db } = await import("./factories");
    const { users } = await import("../src/platform/db/schema");
    const { eq } = await import("drizzle-orm");
    await db().update(users).set({ status: "suspended" }).where(eq(users.id, suspended.user.id));
    expectProblem(await api.get(`/api/v1/users/${suspended.user.username}`), 404);
    expectProblem(await api.get("/api/v1/users/nobody-here"), 404);
  });
});
