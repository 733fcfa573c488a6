import { createExecutionContext, env, waitOnExecutionContext } from "cloudflare:test";
import { afterEach, describe, expect, it, vi } from "vitest";
import { createApp } from "../src/app";
import { secretProblems } from "../src/lib/secrets";
import { expectProblem, readJson } from "./helpers/http";

async function fetchWith(overrides: Partial<Env>, path = "/api/v1/auth/login") {
  const ctx = createExecutionContext();
  const res = await createApp().fetch(
    new Request(`http://api.test${path}`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ email: "someone@example.com", password: "Some-Password-2026" }),
    }),
    { ...env, ...overrides },
    ctx,
  );
  await waitOnExecutionContext(ctx);
  return readJson(res);
}

afterEach(() => vi.restoreAllMocks());

describe("required secrets", () => {
  it("a short JWT_SECRET gives 503 misconfigured naming the secret, never its value, and one log line", async () => {
    const logged = vi.spyOn(console, "error").mockImplementation(() => {});
    const badEnv = { ...env, JWT_SECRET: "too-short-secret" };
    const app = createApp();
    const call = async () => {
      const ctx = createExecutionContext();
      const res = await app.fetch(new Request("http://api.test/api/v1/auth/me"), badEnv, ctx);
      await waitOnExecutionContext(ctx);
      return readJson(res);
    };
    const first = await call();
    expectProblem(first, 503, "misconfigured");
    expect(first.json.detail).toContain("JWT_SECRET must be at least 32 characters");
    expect(JSON.stringify(first.json)).not.toContain("too-short-secret");
    expect(first.headers.get("X-Request-Id")).toBeTruthy();
    // Memoised per env object: the second request neither re-checks loudly nor logs again.
    expectProblem(await call(), 503, "misconfigured");
    const lines = logged.mock.calls.map((args) => String(args[0])).filter((l) => l.includes("misconfigured"));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain("JWT_SECRET");
    expect(lines[0]).not.toContain("too-short-secret");
  });

  it("a missing ENCRYPTION_KEY or a non-hex one is refused before the login runs", async () => {
    vi.spyOn(console, "error").mockImplementation(() => {});
    const missing = await fetchWith({ ENCRYPTION_KEY: "" });
    expectProblem(missing, 503, "misconfigured");
    expect(missing.json.detail).toContain("ENCRYPTION_KEY is not set");
    const notHex = await fetchWith({ ENCRYPTION_KEY: "z".repeat(64) });
    expect(notHex.json.detail).toContain("ENCRYPTION_KEY must be exactly 64 hex characters");
    const signing = await fetchWith({ SIGNING_SECRET: undefined as unknown as string });
    expect(signing.json.detail).toContain("SIGNING_SECRET is not set");
  });

  it("with good secrets the request goes through", async () => {
    expect(secretProblems(env)).toEqual([]);
    const ctx = createExecutionContext();
    const res = await createApp().fetch(new Request("http://api.test/health"), { ...env }, ctx);
    await waitOnExecutionContext(ctx);
    expect(res.status).toBe(200);
  });
});
