/**
 * Nothing that depends on the clock may run at module scope: while a Worker
 * starts, the runtime clock reads the Unix epoch (in production too), so a
 * bound computed there is frozen at 1970/1971. The static half of this check
 * is the Biome plugin test/lint/module-scope-clock.grit (run by `biome check`);
 * this file proves the behaviour by evaluating the app's modules under a clock
 * set to the epoch, then serving requests with the real clock.
 */
import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { afterEach, describe, expect, it, vi } from "vitest";
import { signedIn } from "./factories";
import { api, BASE } from "./helpers/http";

afterEach(() => {
  vi.useRealTimers();
});

describe("module scope reads no clock", () => {
  it("accepts founded_year = this year through the API", async () => {
    const emp = await signedIn({ role: "employer" });
    const year = new Date().getUTCFullYear();
    const r = await api.post(
      "/api/v1/companies",
      { name: "Current Year Co", founded_year: year },
      { token: emp.token },
    );
    expect(r.status).toBe(201);
    expect(r.json.founded_year).toBe(year);
    // Next year is still fine (announced companies); the year after is not.
    const next = await api.post(
      "/api/v1/companies",
      { name: "Next Year Co", founded_year: year + 1 },
      { token: emp.token },
    );
    expect(next.status).toBe(201);
    const later = await api.post(
      "/api/v1/companies",
      { name: "Later Co", founded_year: year + 2 },
      { token: emp.token },
    );
    expect(later.status).toBe(400);
  });

  it("modules evaluated at the epoch still validate against today's date", async () => {
    const emp = await signedIn({ role: "employer" });
    // Re-evaluate every app module while Date and performance read the epoch,
    // as they do while a deployed Worker starts.
    vi.resetModules();
    vi.useFakeTimers({ now: 0, toFake: ["Date", "performance"] });
    const worker = await import("../src/index");
    vi.useRealTimers();

    const year = new Date().getUTCFullYear();
    const ctx = createExecutionContext();
    const res = await worker.default.fetch(
      new Request(`${BASE}/api/v1/companies`, {
        method: "POST",
        headers: { Authorization: `Bearer ${emp.token}`, "Content-Type": "application/json" },
        body: JSON.stringify({ name: "Epoch Boot Co", founded_year: year }),
      }),
      env,
      ctx,
    );
    await waitOnExecutionContext(ctx);
    const body = (await res.json()) as { founded_year?: number };
    expect(res.status).toBe(201);
    expect(body.founded_year).toBe(year);
  });
});
