/**
 * Text filters fold case and accents on both sides (src/lib/fold.ts):
 * SQLite's lower() folds ASCII only, so `łódź` never found `Łódź`.
 */
import { createExecutionContext, createScheduledController, env, waitOnExecutionContext } from "cloudflare:test";
import { describe, expect, it } from "vitest";
// @ts-expect-error plain JavaScript seed plugin without type declarations
import { foldKey } from "../scripts/seed/40-jobs.mjs";
import worker from "../src/index";
import { foldText } from "../src/lib/fold";
import { SearchQuery } from "../src/modules/search/schemas";
import { planSearch, searchStatements } from "../src/modules/search/search";
import { employerWithCompany, signedIn } from "./factories";
import { api } from "./helpers/http";
import { jobBody } from "./helpers/jobs";

async function publishedJob(location: Record<string, unknown>, title = "Folding Engineer") {
  const emp = await employerWithCompany();
  const admin = await signedIn({ role: "admin", verified: true });
  const created = await api.post("/api/v1/jobs", jobBody(emp.company.id, { title, location }), { token: emp.token });
  expect(created.status).toBe(201);
  const id = created.json.id as string;
  const pub = await api.post(`/api/v1/jobs/${id}/publish`, undefined, { token: emp.token });
  if (pub.json?.status !== "published") {
    await api.post(`/api/v1/admin/jobs/${id}/approve`, undefined, { token: admin.token });
  }
  return id;
}

const found = async (location: string) => {
  const r = await api.get(`/api/v1/jobs?location=${encodeURIComponent(location)}&limit=100`);
  expect(r.status, location).toBe(200);
  return (r.json.data as { id: string }[]).map((j) => j.id);
};

describe("foldText", () => {
  it("folds case, accents and letters that do not decompose", () => {
    expect(foldText("Łódź")).toBe("lodz");
    expect(foldText("Île-de-France")).toBe("ile-de-france");
    expect(foldText("Søborg")).toBe("soborg");
    expect(foldText("Straße")).toBe("strasse");
    expect(foldText("Ærøskøbing")).toBe("aeroskobing");
    expect(foldText("İSTANBUL")).toBe("istanbul");
    expect(foldText("ＡＢＣ")).toBe("abc");
  });

  it("agrees with the seed script's copy", () => {
    for (const t of ["Łódź", "Île-de-France", "Søborg", "Straße", "Ærøskøbing", "Zürich", "São Paulo", "İSTANBUL"]) {
      expect(foldKey(t), t).toBe(foldText(t));
    }
  });
});

describe("location filters match non-ASCII text", () => {
  it("finds Łódź / Île-de-France however the client writes them", async () => {
    const id = await publishedJob({ city: "Łódź", region: "Île-de-France", country: "Polska" });
    for (const q of ["łódź", "ŁÓDŹ", "lodz", "île-de-france", "ILE-DE-FRANCE", "Lodz, Polska"]) {
      expect(await found(q), q).toContain(id);
    }
    expect(await found("warszawa")).not.toContain(id);
  });

  it("keeps an index behind every location lookup", async () => {
    const plan = planSearch(SearchQuery.parse({ location: "łódź, île-de-france" }));
    expect(plan.filters.locationParts).toEqual(["lodz", "ile-de-france"]);
    for (const stmt of searchStatements(plan, Date.now(), null, false)) {
      const { results } = await env.DB.prepare(`EXPLAIN QUERY PLAN ${stmt.text}`)
        .bind(...stmt.params)
        .all<{ detail: string }>();
      const details = results.map((r) => r.detail);
      expect(details.filter((d) => /^SCAN (j|jobs)\b/.test(d) && !/USING (COVERING )?INDEX/.test(d))).toEqual([]);
      if (stmt.text.includes("city_key")) expect(details.some((d) => d.includes("jobs_city_key_idx"))).toBe(true);
    }
  });

  it("company name search folds too", async () => {
    const emp = await signedIn({ role: "employer" });
    const r = await api.post("/api/v1/companies", { name: "Złoty Søren Straße" }, { token: emp.token });
    expect(r.status).toBe(201);
    for (const q of ["zloty", "ZŁOTY", "soren", "strasse", "złoty søren"]) {
      const list = await api.get(`/api/v1/companies?q=${encodeURIComponent(q)}`);
      expect(
        list.json.data.map((c: { id: string }) => c.id),
        q,
      ).toContain(r.json.id);
    }
  });

  it("the hourly cron fills keys of rows written without them", async () => {
    const id = await publishedJob({ city: "Zürich", country: "Schweiz" });
    await env.DB.prepare("UPDATE jobs SET city_key = NULL, country_key = NULL WHERE id = ?").bind(id).run();
    await env.DB.prepare("UPDATE companies SET name_key = NULL").run();
    // (No search before the cron: search results are cached for a while.)

    const controller = createScheduledController({ cron: "0 * * * *", scheduledTime: Date.now() });
    const ctx = createExecutionContext();
    await worker.scheduled(controller, env, ctx);
    await waitOnExecutionContext(ctx);

    expect(await found("zurich")).toContain(id);
    expect(await found("ZÜRICH")).toContain(id);
    const left = await env.DB.prepare("SELECT count(*) AS n FROM companies WHERE name_key IS NULL").first<{
      n: number;
    }>();
    expect(left?.n).toBe(0);
  });
});
