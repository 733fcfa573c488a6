import { createExecutionContext, env, waitOnExecutionContext } from "cloudflare:test";
import { OpenAPIHono } from "@hono/zod-openapi";
import { afterEach, describe, expect, it, vi } from "vitest";
import { errorsAreErrors, installErrorHandlers } from "../src/app";
import { requestId } from "../src/http/middleware/request-id";
import { securityHeaders } from "../src/http/middleware/security-headers";
import { ApiError } from "../src/http/problem";
import type { AppEnv } from "../src/platform/env";
import { api, call, expectProblem, readJson } from "./helpers/http";

const REGISTER = "/api/v1/auth/register";

describe("validation errors", () => {
  it("lists every failing field with its path", async () => {
    const r = await api.post(REGISTER, { email: "not-an-email", password: "x", role: "seeker", first_name: "" });
    const body = expectProblem(r, 400, "validation-error");
    const paths = body.errors.map((e: { path: string }) => e.path).sort();
    expect(paths).toEqual(["email", "first_name", "last_name"]);
    for (const e of body.errors) expect(typeof e.message).toBe("string");
    expect(body.title).toBe("Bad Request");
  });

  it("rejects unknown fields with the unknown key as the path", async () => {
    const r = await api.post(REGISTER, {
      email: "ada@example.com",
      password: "Plenty-of-Entropy-2026",
      role: "seeker",
      first_name: "Ada",
      last_name: "Lovelace",
      email_verified: true,
    });
    const body = expectProblem(r, 400, "validation-error");
    expect(body.errors).toEqual([{ path: "email_verified", message: "Unknown field." }]);
  });

  it("answers 400 to malformed JSON", async () => {
    const res = await call("POST", REGISTER, { raw: '{"email": ', headers: { "Content-Type": "application/json" } });
    const r = await readJson(res);
    expectProblem(r, 400, "malformed-request");
    expect(r.json.detail).toMatch(/not valid JSON/);
  });

  it.each([
    ["an array", "[1,2]"],
    ["null", "null"],
    ["a string", '"hello"'],
    ["wrong field types", '{"email": 5, "password": [], "role": {}, "first_name": null, "last_name": true}'],
  ])("answers 400 (never 5xx) to %s as the body", async (_label, raw) => {
    const res = await call("POST", REGISTER, { raw, headers: { "Content-Type": "application/json" } });
    expectProblem(await readJson(res), 400, "validation-error");
  });

  it("answers 400 to a JSON route called without a body", async () => {
    const r = await api.post(REGISTER);
    const body = expectProblem(r, 400, "validation-error");
    expect(body.errors.map((e: { path: string }) => e.path)).toContain("email");
  });

  it("answers 415 to a JSON route called with another content type", async () => {
    const res = await call("POST", REGISTER, { raw: "email=a@b.c", headers: { "Content-Type": "text/plain" } });
    expectProblem(await readJson(res), 415, "unsupported-media-type");
  });
});

describe("routing errors", () => {
  it("answers 404 problem+json to an unknown path", async () => {
    const body = expectProblem(await api.get("/api/v1/nope"), 404, "not-found");
    expect(body.detail).toContain("/api/v1/nope");
  });

  it("answers 405 with Allow to a known path with another method", async () => {
    const r = await api.delete("/api/v1/auth/login");
    expectProblem(r, 405, "method-not-allowed");
    expect(r.headers.get("Allow")).toBe("POST");
    const me = await api.put("/api/v1/auth/me", {});
    expectProblem(me, 405);
    expect(me.headers.get("Allow")).toBe("DELETE, GET, HEAD, PATCH");
  });
});

/** A router with the app's own error handling and a few routes that fail on purpose. */
function failingApp() {
  const app = new OpenAPIHono<AppEnv>();
  app.use("*", errorsAreErrors, requestId, securityHeaders);
  app.get("/api-error", () => {
    throw new ApiError(409, "job-closed", "The job is closed.", {
      headers: { "X-Extra": "1" },
      extensions: { job_id: "j1" },
    });
  });
  app.get("/boom", () => {
    throw new Error("SELECT secret FROM internals; D1_ERROR at /src/secret.ts:42");
  });
  app.get("/boom-string", () => {
    throw "a thrown string";
  });
  installErrorHandlers(app);
  return app;
}

async function fetchFrom(app: OpenAPIHono<AppEnv>, path: string) {
  const ctx = createExecutionContext();
  const res = await app.fetch(new Request(`http://api.test${path}`), env, ctx);
  await waitOnExecutionContext(ctx);
  return { status: res.status, headers: res.headers, text: await res.clone().text(), json: await res.json() };
}

describe("thrown errors", () => {
  afterEach(() => vi.restoreAllMocks());

  it("renders an ApiError with its status, slug, headers and extensions", async () => {
    const r = await fetchFrom(failingApp(), "/api-error");
    const body = expectProblem(r, 409, "job-closed");
    expect(body).toMatchObject({ title: "Conflict", detail: "The job is closed.", job_id: "j1" });
    expect(r.headers.get("X-Extra")).toBe("1");
    expect(r.headers.get("X-Content-Type-Options")).toBe("nosniff");
  });

  it("turns an unexpected exception into a 500 that leaks nothing, and logs it with the request id", async () => {
    const errors = vi.spyOn(console, "error").mockImplementation(() => {});
    const r = await fetchFrom(failingApp(), "/boom");
    const body = expectProblem(r, 500, "internal-error");
    expect(r.text).not.toMatch(/secret|SELECT|D1_ERROR|\.ts|stack/i);
    expect(Object.keys(body).sort()).toEqual(["detail", "request_id", "status", "title", "type"]);
    const logged = errors.mock.calls.map((c) => String(c[0])).find((l) => l.includes("unhandled error"));
    expect(logged).toBeDefined();
    const line = JSON.parse(logged as string);
    expect(line.request_id).toBe(body.request_id);
    expect(line.message).toContain("SELECT secret");
    expect(r.headers.get("X-Request-Id")).toBe(body.request_id);
  });

  it("handles a thrown non-Error value as a 500 too", async () => {
    vi.spyOn(console, "error").mockImplementation(() => {});
    expectProblem(await fetchFrom(failingApp(), "/boom-string"), 500, "internal-error");
  });
});

describe("bad credentials never cause a 5xx", () => {
  it.each([
    ["an empty bearer", "Bearer "],
    ["a non-bearer scheme", "Basic YWxhZGRpbjpvcGVuc2VzYW1l"],
    ["a garbage token", "Bearer !!!not-a-jwt!!!"],
    ["three garbage segments", "Bearer a.b.c"],
    ["a huge token", `Bearer ${"A".repeat(20_000)}`],
    ["an unknown API key", "Bearer jb_0123456789abcdef"],
    ["two tokens", "Bearer a b"],
  ])("%s → 401 with WWW-Authenticate", async (_label, header) => {
    const r = await api.get("/api/v1/auth/me", { headers: { Authorization: header } });
    expectProblem(r, 401);
    expect(r.headers.get("WWW-Authenticate")).toMatch(/^Bearer/);
  });
});
