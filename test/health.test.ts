import { exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";

describe("health", () => {
  it("GET /health answers ok without touching storage", async () => {
    const res = await exports.default.fetch("http://api.test/health");
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: "ok" });
    expect(res.headers.get("Server-Timing")).toContain('d1;desc="queries";dur=0');
  });

  it("GET /health/ready checks D1, KV and R2", async () => {
    const res = await exports.default.fetch("http://api.test/health/ready");
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: "ok", checks: { d1: "ok", kv: "ok", r2: "ok" } });
  });
});
