/**
 * The "contains" text filters fold case and accents on both sides
 * (src/lib/fold.ts), like the location filters in text-folding.test.ts:
 * employer jobs `q`, applications `q` (job title / applicant name), admin
 * users `q` (names), and the recommendations' location match.
 */
import { createExecutionContext, createScheduledController, env, waitOnExecutionContext } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import worker from "../src/index";
import { usersQuery } from "../src/modules/accounts/service-admin";
import { scoreJob } from "../src/modules/jobs/recommend-score";
import type { JobRow } from "../src/platform/db/schema";
import { db, employerWithCompany, makeApplication, signedIn, unique } from "./factories";
import { registerViaApi } from "./helpers/accounts";
import { api } from "./helpers/http";
import { jobBody } from "./helpers/jobs";

const ids = (r: { json: { data: Array<{ id: string }> } }) => r.json.data.map((x) => x.id);

async function runHourlyCron() {
  const controller = createScheduledController({ cron: "0 * * * *", scheduledTime: Date.now() });
  const ctx = createExecutionContext();
  await worker.scheduled(controller, env, ctx);
  await waitOnExecutionContext(ctx);
}

/** An employer with one job created (and one retitled) through the API, and a seeker who applied to both. */
async function world() {
  const emp = await employerWithCompany();
  const created = await api.post("/api/v1/jobs", jobBody(emp.company.id, { title: "Łódź Développeur Ångström" }), {
    token: emp.token,
  });
  expect(created.status).toBe(201);
  const other = await api.post("/api/v1/jobs", jobBody(emp.company.id, { title: "Plain Engineer" }), {
    token: emp.token,
  });
  expect(other.status).toBe(201);
  const retitled = await api.patch(
    `/api/v1/jobs/${other.json.id}`,
    { title: "Île-de-France Straße" },
    { token: emp.token },
  );
  expect(retitled.status).toBe(200);
  const seeker = await signedIn({ role: "seeker" });
  const renamed = await api.patch(
    "/api/v1/auth/me",
    { first_name: "Zoë", last_name: "Ångström" },
    { token: seeker.token },
  );
  expect(renamed.status).toBe(200);
  const job = { id: created.json.id as string, companyId: emp.company.id };
  const app = await makeApplication(job, seeker.user.id);
  const app2 = await makeApplication({ id: other.json.id as string, companyId: emp.company.id }, seeker.user.id);
  return { emp, seeker, jobId: job.id, otherId: other.json.id as string, app, app2 };
}

describe("employer jobs q", () => {
  it("finds a title by its folded and its ASCII spelling, after create and after PATCH", async () => {
    const w = await world();
    const get = async (q: string) =>
      ids(await api.get(`/api/v1/employer/jobs?q=${encodeURIComponent(q)}`, { token: w.emp.token }));
    for (const q of ["łódź", "ŁÓDŹ", "lodz", "developpeur", "DÉVELOPPEUR", "angstrom", "lodz developpeur"]) {
      expect(await get(q), q).toEqual([w.jobId]);
    }
    for (const q of ["île-de-france", "ILE-DE-FRANCE", "strasse", "STRASSE"]) {
      expect(await get(q), q).toEqual([w.otherId]);
    }
    expect(await get("plain")).toEqual([]);
    expect(await get("warszawa")).toEqual([]);
  });
});

describe("applications q", () => {
  it("an applicant finds the job title however they spell it", async () => {
    const w = await world();
    const get = async (q: string) =>
      ids(await api.get(`/api/v1/applications?q=${encodeURIComponent(q)}`, { token: w.seeker.token }));
    for (const q of ["Łódź", "lodz", "LODZ", "développeur"]) expect(await get(q), q).toEqual([w.app.id]);
    for (const q of ["ile-de", "Île-de-France"]) expect(await get(q), q).toEqual([w.app2.id]);
    expect(await get("berlin")).toEqual([]);
  });

  it("an employer finds the applicant's name however they spell it", async () => {
    const w = await world();
    const get = async (q: string) =>
      ids(await api.get(`/api/v1/applications?job_id=${w.jobId}&q=${encodeURIComponent(q)}`, { token: w.emp.token }));
    for (const q of ["Zoë Ångström", "zoe angstrom", "ZOË", "ångström", "ANGSTROM", "e ang"]) {
      expect(await get(q), q).toEqual([w.app.id]);
    }
    expect(await get("zoey")).toEqual([]);
  });
});

describe("admin users q", () => {
  it("matches a name prefix, folded, next to email and username prefixes", async () => {
    const admin = await signedIn({ role: "admin" });
    const tag = unique("x").toLowerCase();
    const reg = await registerViaApi({ first_name: "Zoë", last_name: `Ångström${tag}` });
    const get = async (q: string) =>
      ids(await api.get(`/api/v1/admin/users?q=${encodeURIComponent(q)}`, { token: admin.token }));
    for (const q of [`zoë ångström${tag}`, `zoe angstrom${tag}`, `ANGSTROM${tag}`, `ångström${tag}`]) {
      expect(await get(q), q).toEqual([reg.user.id]);
    }
    expect(await get(reg.email.slice(0, 12))).toEqual([reg.user.id]);
    expect(await get(`angstrom${tag}x`)).toEqual([]);
    // Not a contains-search: a prefix of neither the full name nor the last name.
    expect(await get(`ngstrom${tag}`)).toEqual([]);
  });

  it("each prefix is an index range, not a scan of users", async () => {
    const q = usersQuery(db(), { q: "zoë ång", limit: 20 }, null).toSQL();
    const { results } = await env.DB.prepare(`EXPLAIN QUERY PLAN ${q.sql}`)
      .bind(...q.params)
      .all<{ detail: string }>();
    const details = results.map((r) => r.detail);
    expect(
      details.filter((d) => /^SCAN users\b/.test(d) && !/USING (COVERING )?INDEX/.test(d)),
      details.join("\n"),
    ).toEqual([]);
    for (const idx of [
      "users_full_name_key_idx",
      "users_last_name_key_idx",
      "users_email_unique",
      "users_username_unique",
    ]) {
      expect(
        details.some((d) => d.includes(idx)),
        `${idx}\n${details.join("\n")}`,
      ).toBe(true);
    }
  });
});

describe("slugs", () => {
  it("keep letters that do not decompose (ł, ø, ß) instead of dropping them", async () => {
    const emp = await employerWithCompany();
    const job = await api.post("/api/v1/jobs", jobBody(emp.company.id, { title: "Łódź Straße Søborg" }), {
      token: emp.token,
    });
    expect(job.json.slug).toBe("lodz-strasse-soborg");
    const owner = await signedIn({ role: "employer" });
    const co = await api.post("/api/v1/companies", { name: "Łódź & Ørsted" }, { token: owner.token });
    expect(co.status).toBe(201);
    expect(co.json.slug).toBe("lodz-and-orsted");
  });
});

describe("recommendations", () => {
  it("a desired location matches the job's city folded", () => {
    const job = { city: "Łódź", region: "Łódzkie", country: "Polska" } as unknown as JobRow;
    const seeker = {
      skills: new Map(),
      desiredJobTypes: [],
      desiredLocations: ["lodz", "LODZ, polska"],
      openToRemote: null,
      salary: null,
      yearsExperience: null,
      categoryAffinity: new Map(),
      categoryNames: new Map(),
    };
    for (const loc of ["lodz", "ŁÓDŹ, polska", "łódzkie"]) {
      const scored = scoreJob(
        { ...job, publishedAt: Date.now() } as JobRow,
        { ...seeker, desiredLocations: [loc] },
        Date.now(),
      );
      expect(
        scored.reasons.some((r) => r.includes("preferred locations")),
        loc,
      ).toBe(true);
    }
  });
});

describe("backfill", () => {
  it("the hourly cron folds title and name keys of rows written without them", async () => {
    const w = await world();
    await env.DB.prepare("UPDATE jobs SET title_key = NULL WHERE id = ?").bind(w.jobId).run();
    await env.DB.prepare("UPDATE users SET first_name_key = NULL, last_name_key = NULL WHERE id = ?")
      .bind(w.seeker.user.id)
      .run();
    // Before the cron: lower() fallback, ASCII only, so the folded spelling misses.
    const byTitle = async () => ids(await api.get("/api/v1/employer/jobs?q=lodz", { token: w.emp.token }));
    const byName = async () =>
      ids(await api.get(`/api/v1/applications?job_id=${w.jobId}&q=angstrom`, { token: w.emp.token }));
    expect(await byTitle()).toEqual([]);
    expect(await byName()).toEqual([]);

    await runHourlyCron();

    expect(await byTitle()).toEqual([w.jobId]);
    expect(await byName()).toEqual([w.app.id]);
    const row = await env.DB.prepare("SELECT first_name_key AS f, last_name_key AS l FROM users WHERE id = ?")
      .bind(w.seeker.user.id)
      .first<{ f: string; l: string }>();
    expect(row).toEqual({ f: "zoe", l: "angstrom" });
    const left = await env.DB.prepare(
      "SELECT (SELECT count(*) FROM jobs WHERE title_key IS NULL) + (SELECT count(*) FROM users WHERE first_name_key IS NULL OR last_name_key IS NULL) AS n",
    ).first<{ n: number }>();
    expect(left?.n).toBe(0);
  });
});
