import { createExecutionContext, createScheduledController, env, waitOnExecutionContext } from "cloudflare:test";
import { eq, inArray, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import worker from "../src/index";
import { newId } from "../src/lib/ids";
import { normalizeSkillNames } from "../src/modules/skills/service";
import { jobSkills, skillAliases, skills } from "../src/platform/db/schema";
import { db, makeSkills, signedIn } from "./factories";
import { api } from "./helpers/http";

describe("the seeded taxonomy", () => {
  it("has several hundred real skills across tech and non-tech categories", async () => {
    const total = await db().select({ n: sql<number>`count(*)` }).from(skills).get();
    expect(total?.n).toBeGreaterThan(500);
    const cats = await db().selectDistinct({ c: skills.category }).from(skills);
    expect(cats.map((c) => c.c)).toEqual(
      expect.arrayContaining(["Healthcare", "Skilled trades", "Soft skills", "Databases"]),
    );
    const aliases = await db()
      .select({ alias: skillAliases.alias, name: skills.name })
      .from(skillAliases)
      .innerJoin(skills, eq(skills.id, skillAliases.skillId))
      .where(inArray(skillAliases.alias, ["js", "k8s", "postgres", "golang", "cdl", "forklift"]));
    expect(Object.fromEntries(aliases.map((a) => [a.alias, a.name]))).toEqual({
      js: "JavaScript",
      k8s: "Kubernetes",
      postgres: "PostgreSQL",
      golang: "Go",
      cdl: "Commercial Driving",
      forklift: "Forklift Operation",
    });
  });

  it("normalizeSkillNames maps names and aliases in input order and keeps unknown names", async () => {
    const out = await normalizeSkillNames(db(), ["Postgres", "react.js", "Knitting", "C#"]);
    expect(out.map((o) => [o.name, o.skillId])).toEqual([
      ["PostgreSQL", "skill_postgresql"],
      ["React", "skill_react"],
      ["Knitting", null],
      ["C#", "skill_c-sharp"],
    ]);
  });
});

describe("GET /skills autocomplete", () => {
  it("matches aliases and reports which alias matched", async () => {
    const r = await api.get("/api/v1/skills?q=k8s");
    expect(r.status).toBe(200);
    expect(r.json.data[0]).toMatchObject({ name: "Kubernetes", matched_alias: "k8s", category: "Cloud and DevOps" });
    const pg = await api.get("/api/v1/skills?q=Postg");
    expect(pg.json.data.map((s: { name: string }) => s.name)).toContain("PostgreSQL");
    expect(r.headers.get("Cache-Control")).toBe("public, max-age=60");
  });

  it("ranks exact matches first, then by popularity, at most `limit`", async () => {
    const { prefix } = await makeSkills(["alpha", "beta", "gamma", "delta"], [5, 50, 1, 20]);
    const r = await api.get(`/api/v1/skills?q=${encodeURIComponent(prefix)}&limit=3`);
    expect(r.json.data.map((s: { name: string }) => s.name)).toEqual([
      `${prefix} beta`,
      `${prefix} delta`,
      `${prefix} alpha`,
    ]);
    const exact = await api.get(`/api/v1/skills?q=${encodeURIComponent(`${prefix} gamma`)}`);
    expect(exact.json.data[0].name).toBe(`${prefix} gamma`);
  });

  it("ranks by real usage: profile skills move popularity at once, the hourly recount fixes drift", async () => {
    const { prefix, rows } = await makeSkills(["one", "two"]);
    for (let i = 0; i < 2; i++) {
      const s = await signedIn();
      await api.put("/api/v1/profile/skills", [{ name: `${prefix} two` }], { token: s.token });
    }
    const r = await api.get(`/api/v1/skills?q=${encodeURIComponent(prefix)}`);
    expect(r.json.data.map((s: { name: string; popularity: number }) => [s.name, s.popularity])).toEqual([
      [`${prefix} two`, 2],
      [`${prefix} one`, 0],
    ]);

    // Jobs write job_skills directly; the cron brings counters back in line with reality.
    const { jobId } = await import("./helpers/profiles").then(async (h) => {
      const employer = await signedIn({ role: "employer" });
      const seeker = await signedIn();
      return h.applicationWithResume(employer.user.id, seeker.user.id, null);
    });
    await db()
      .insert(jobSkills)
      .values({ jobId, skill: rows[0]?.slug ?? "", required: true });
    await db()
      .update(skills)
      .set({ popularity: 99 })
      .where(eq(skills.id, rows[1]?.id ?? ""));
    const ctx = createExecutionContext();
    await worker.scheduled(createScheduledController({ cron: "0 * * * *", scheduledTime: Date.now() }), env, ctx);
    await waitOnExecutionContext(ctx);
    const after = await db()
      .select()
      .from(skills)
      .where(inArray(skills.id, [rows[0]?.id ?? "", rows[1]?.id ?? ""]));
    expect(Object.fromEntries(after.map((s) => [s.name, s.popularity]))).toEqual({
      [`${prefix} one`]: 1,
      [`${prefix} two`]: 2,
    });
  });

  it("serves repeated queries from the cache and validates input", async () => {
    const { prefix } = await makeSkills(["cached"]);
    const first = await api.get(`/api/v1/skills?q=${prefix}`);
    expect(first.headers.get("X-Cache")).toBe("MISS");
    await new Promise((r) => setTimeout(r, 50));
    const second = await api.get(`/api/v1/skills?q=${prefix.toUpperCase()}%20`);
    expect(second.headers.get("X-Cache")).toBe("HIT");
    expect(second.json).toEqual(first.json);
    expect((await api.get("/api/v1/skills?limit=0")).status).toBe(400);
    expect((await api.get("/api/v1/skills?q=x&foo=1")).status).toBe(400);
    expect((await api.get(`/api/v1/skills?q=${newId()}`)).json.data).toEqual([]);
  });

  it("lists the most popular skills without q", async () => {
    const r = await api.get("/api/v1/skills?limit=5");
    expect(r.json.data).toHaveLength(5);
    const pops = r.json.data.map((s: { popularity: number }) => s.popularity);
    expect([...pops].sort((a, b) => b - a)).toEqual(pops);
  });
});
