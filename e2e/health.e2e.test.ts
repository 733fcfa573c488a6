import { describe, expect, inject, it } from "vitest";

const base = inject("baseUrl");

describe("the running server", () => {
  it("is ready: D1, KV and R2 answer", async () => {
    const res = await fetch(`${base}/health/ready`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: "ok", checks: { d1: "ok", kv: "ok", r2: "ok" } });
  });

  it("serves its OpenAPI document", async () => {
    const res = await fetch(`${base}/openapi.json`);
    expect(res.status).toBe(200);
    const doc = (await res.json()) as { openapi: string; paths: Record<string, unknown> };
    expect(doc.openapi).toMatch(/^3\.1/);
    expect(Object.keys(doc.paths).length).toBeGreaterThan(50);
  });
});
