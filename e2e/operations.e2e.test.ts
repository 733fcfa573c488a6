/**
 * Charts and operations against the running server (issue #20): an employer's
 * dashboard chart and the admin's skills chart are well-formed accessible SVG with the
 * JSON's numbers, conditional requests answer 304, and /health/ready reports the
 * operations view (cron task runs, dead letters) next to its storage checks.
 */
import { XMLParser } from "fast-xml-parser";
import { describe, expect, it } from "vitest";
import { expectStatus, get, loginAdmin, registerVerified } from "./lib/client";
import { createCompany } from "./lib/fixtures";

const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: "@", htmlEntities: true });

// biome-ignore lint/suspicious/noExplicitAny: the parsed SVG is walked generically
type Node = any;

function valueLabels(svg: string): Array<{ series: string; label: string; value: number }> {
  const root: Node = parser.parse(svg).svg;
  expect(root["@role"]).toBe("img");
  expect(String(root["@aria-labelledby"])).toContain("-title");
  expect(root.title).toBeTruthy();
  expect(root.desc).toBeTruthy();
  const out: Array<{ series: string; label: string; value: number }> = [];
  const walk = (n: Node) => {
    if (!n || typeof n !== "object") return;
    if (Array.isArray(n)) return n.forEach(walk);
    for (const [k, v] of Object.entries(n)) {
      if (k === "text") {
        for (const t of [v].flat() as Node[]) {
          if (t?.["@class"] === "value") {
            out.push({ series: t["@data-series"], label: t["@data-label"], value: Number(t["@data-value"]) });
          }
        }
      } else walk(v);
    }
  };
  walk(root);
  return out;
}

describe("charts and operations (running server)", () => {
  it("an employer's dashboard chart is accessible SVG with the dashboard's numbers, cached by ETag", async () => {
    const employer = await registerVerified("employer", "charts");
    await createCompany(employer, `Charts Co ${Date.now()}`);
    const dash = expectStatus(await get("/api/v1/dashboard", { as: employer }), 200);
    const res = await get("/api/v1/dashboard/chart.svg", { as: employer, query: { metric: "hiring_funnel" } });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("image/svg+xml; charset=utf-8");
    const values = valueLabels(res.text);
    for (const [status, n] of Object.entries(dash.applications_by_status)) {
      expect(values.find((v) => v.label === status)?.value).toBe(n);
    }
    const etag = res.headers.get("etag") ?? "";
    expect(etag).toMatch(/^"/);
    const again = await get("/api/v1/dashboard/chart.svg", {
      as: employer,
      query: { metric: "hiring_funnel" },
      headers: { "If-None-Match": etag },
    });
    expect(again.status).toBe(304);
    expect((await get("/api/v1/dashboard/chart.svg", { as: employer, query: { metric: "pie" } })).status).toBe(400);
    expect((await get("/api/v1/dashboard/chart.svg", { query: { metric: "hiring_funnel" } })).status).toBe(401);
  });

  it("the admin's top-skills chart matches GET /admin/analytics", async () => {
    const admin = await loginAdmin();
    const json = expectStatus(await get("/api/v1/admin/analytics", { as: admin }), 200);
    const res = await get("/api/v1/admin/analytics/chart.svg", { as: admin, query: { metric: "top_skills" } });
    expect(res.status).toBe(200);
    const jobs = valueLabels(res.text).filter((v) => v.series === "Open jobs");
    expect(jobs.map((v) => [v.label, v.value])).toEqual(
      json.top_skills.demand.map((d: { skill: string; jobs: number }) => [d.skill, d.jobs]),
    );
    const ops = expectStatus(await get("/api/v1/admin/operations", { as: admin }), 200);
    expect(ops.bindings.metrics).toBe(true);
    expect(ops.dead_letters).toMatchObject({ last_24h: expect.any(Number), last_7d: expect.any(Number) });
  });

  it("/health/ready reports cron task runs and dead letters next to its checks", async () => {
    const res = await get("/health/ready");
    const body = expectStatus(res, 200);
    expect(body.checks).toEqual({ d1: "ok", kv: "ok", r2: "ok" });
    expect(body.operations).toMatchObject({
      status: expect.stringMatching(/^(ok|attention)$/),
      dead_letters: { last_24h: expect.any(Number), last_7d: expect.any(Number) },
    });
    expect(Array.isArray(body.operations.cron)).toBe(true);
  });

  it("the public job market page serves its three inline charts", async () => {
    const res = await get("/market", { headers: { Accept: "text/html" } });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-security-policy")).toContain("default-src 'none'");
    expect(res.text.match(/<svg [^>]*role="img"/g)).toHaveLength(3);
  });
});
