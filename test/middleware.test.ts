import { afterEach, describe, expect, it, vi } from "vitest";
import { bodyLimitOf } from "../src/http/middleware/body-limit";
import { signedIn } from "./factories";
import { pngBytes } from "./helpers/companies";
import { api, call, expectProblem, readJson } from "./helpers/http";
import { hasBody, type RouteEntry, routeTable } from "./helpers/route-table";

const UUID_V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe("request id", () => {
  it("generates a UUIDv7 when the client sends none", async () => {
    const a = await api.get("/health");
    const b = await api.get("/health");
    expect(a.headers.get("X-Request-Id")).toMatch(UUID_V7);
    expect(a.headers.get("X-Request-Id")).not.toBe(b.headers.get("X-Request-Id"));
  });

  it("honours a sane client id, also in problem bodies", async () => {
    const id = "client-req_1234.abc:9";
    const r = await api.get("/nope", { headers: { "X-Request-Id": id } });
    expect(r.headers.get("X-Request-Id")).toBe(id);
    expect(expectProblem(r, 404).request_id).toBe(id);
  });

  it.each([
    ["markup", "<script>alert(1)</script>"],
    ["too short", "abc"],
    ["too long", "a".repeat(129)],
    ["spaces", "hello world 12345"],
  ])("replaces an insane one (%s)", async (_label, id) => {
    const r = await api.get("/health", { headers: { "X-Request-Id": id } });
    expect(r.headers.get("X-Request-Id")).toMatch(UUID_V7);
  });
});

function expectSecurityHeaders(h: Headers) {
  expect(h.get("X-Content-Type-Options")).toBe("nosniff");
  expect(h.get("Strict-Transport-Security")).toMatch(/max-age=\d{8,}/);
  expect(h.get("Referrer-Policy")).toBe("no-referrer");
  expect(h.get("Content-Security-Policy")).toContain("default-src 'none'");
  expect(h.get("Content-Security-Policy")).toContain("frame-ancestors 'none'");
}

describe("security headers", () => {
  it("are on JSON responses", async () => {
    const r = await api.get("/health");
    expectSecurityHeaders(r.headers);
    expect(r.headers.get("Content-Security-Policy")).toBe(
      "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'",
    );
  });

  it("are on problem responses", async () => {
    const r = await api.get("/api/v1/auth/me");
    expectProblem(r, 401);
    expectSecurityHeaders(r.headers);
  });

  it("are on the docs page, whose CSP allows its own scripts only", async () => {
    const res = await call("GET", "/docs");
    expectSecurityHeaders(res.headers);
    expect(res.headers.get("Content-Security-Policy")).toContain("script-src 'self'");
  });
});

describe("CORS", () => {
  const allowed = "http://localhost:5173";

  it("answers an allowed origin with Access-Control-Allow-Origin and exposes the request id", async () => {
    const r = await api.get("/health", { headers: { Origin: allowed } });
    expect(r.headers.get("Access-Control-Allow-Origin")).toBe(allowed);
    expect(r.headers.get("Access-Control-Expose-Headers")).toContain("X-Request-Id");
    expect(r.headers.get("Vary")).toContain("Origin");
  });

  it("keeps CORS headers on problem responses so browsers can read errors", async () => {
    const r = await api.get("/api/v1/auth/me", { headers: { Origin: allowed } });
    expectProblem(r, 401);
    expect(r.headers.get("Access-Control-Allow-Origin")).toBe(allowed);
  });

  it("answers a preflight from an allowed origin", async () => {
    const res = await call("OPTIONS", "/api/v1/auth/login", {
      headers: {
        Origin: allowed,
        "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "content-type,authorization",
      },
    });
    expect(res.status).toBe(204);
    expect(res.headers.get("Access-Control-Allow-Origin")).toBe(allowed);
    expect(res.headers.get("Access-Control-Allow-Methods")).toContain("POST");
    expect(res.headers.get("Access-Control-Allow-Headers")?.toLowerCase()).toContain("authorization");
    // Conditional updates (PATCH with If-Match) must work from a browser on another origin.
    expect(res.headers.get("Access-Control-Allow-Headers")?.toLowerCase()).toContain("if-match");
    expect(res.headers.get("Access-Control-Max-Age")).toBe("600");
  });

  it("gives an unlisted origin no CORS headers at all, also on preflight", async () => {
    const evil = "https://evil.example";
    const r = await api.get("/health", { headers: { Origin: evil } });
    expect(r.status).toBe(200);
    const pre = await call("OPTIONS", "/api/v1/auth/login", {
      headers: { Origin: evil, "Access-Control-Request-Method": "POST" },
    });
    for (const h of [r.headers, pre.headers]) {
      for (const [name] of h) expect(name.toLowerCase().startsWith("access-control-")).toBe(false);
    }
    expect(pre.status).toBe(405);
    expect(r.headers.get("Vary")).toContain("Origin");
  });
});

describe("body size limit", () => {
  it("answers 413 to a body over MAX_BODY_BYTES", async () => {
    const big = JSON.stringify({ email: "a@b.co", password: "x".repeat(1024 * 1024 + 10) });
    const res = await call("POST", "/api/v1/auth/login", {
      raw: big,
      headers: { "Content-Type": "application/json" },
    });
    expectProblem(await readJson(res), 413, "payload-too-large");
  });

  it("counts streamed bodies without Content-Length too", async () => {
    const chunk = new TextEncoder().encode("x".repeat(64 * 1024));
    let sent = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent >= 20) return controller.close();
        sent++;
        controller.enqueue(chunk);
      },
    });
    const res = await call("POST", "/api/v1/auth/login", {
      raw: stream,
      headers: { "Content-Type": "application/json" },
    });
    expect(res.status).toBe(413);
  });
});

const routeEntries = await routeTable();

describe("body limits are declared per route", () => {
  const routes = routeEntries;
  const label = (r: RouteEntry) => `${r.method} ${r.path}`;
  const KB = 1024;
  const MB = 1024 * KB;

  it("every route that takes a body caps it, once, right after its access and guards", () => {
    const uncapped = routes.filter((r) => hasBody(r.method) && r.handlers.filter(bodyLimitOf).length !== 1);
    expect(uncapped.map(label)).toEqual([]);
  });

  it("upload routes declare their own caps; every other route has the default (MAX_BODY_BYTES)", () => {
    const declared = Object.fromEntries(
      routes.flatMap((r) => {
        const limit = r.handlers.map(bodyLimitOf).find((l) => l !== undefined);
        return limit && limit !== "default"
          ? [[label(r), { max: limit.maxBytes, multipart: limit.multipartMaxBytes ?? limit.maxBytes }]]
          : [];
      }),
    );
    expect(declared).toEqual({
      "PUT /api/v1/profile/avatar": { max: 2 * MB, multipart: 2 * MB + 16 * KB },
      "POST /api/v1/resumes": { max: 5 * MB + 64 * KB, multipart: 5 * MB + 64 * KB },
      "PATCH /api/v1/resumes/:id": { max: 16 * KB, multipart: 16 * KB },
      "POST /api/v1/resumes/:id/share-link": { max: 16 * KB, multipart: 16 * KB },
      "PUT /api/v1/companies/:id/logo": { max: 2 * MB, multipart: 2 * MB },
      "POST /api/v1/jobs/:id/applications": { max: 256 * KB, multipart: 5 * MB + 64 * KB },
      "POST /api/v1/applications/:id/messages": { max: 32 * KB, multipart: 32 * KB },
      "POST /api/v1/applications/:id/messages/attachments": { max: 5 * MB + 64 * KB, multipart: 5 * MB + 64 * KB },
      "POST /api/v1/applications/:id/messages/read": { max: 32 * KB, multipart: 32 * KB },
      "POST /api/v1/applications/:id/messages/:messageId/report": { max: 32 * KB, multipart: 32 * KB },
    });
  });

  it("the default caps a signed-in JSON route at 1 MiB, after authentication", async () => {
    const s = await signedIn();
    const big = JSON.stringify({ headline: "x".repeat(MB + 10) });
    const headers = { "Content-Type": "application/json" };
    expectProblem(
      await readJson(await call("PATCH", "/api/v1/profile", { raw: big, headers, token: s.token })),
      413,
      "payload-too-large",
    );
    expectProblem(await readJson(await call("PATCH", "/api/v1/profile", { raw: big, headers })), 401);
  });

  it("an upload route takes more than the default; a small route's own cap is smaller", async () => {
    const s = await signedIn();
    const avatar = await call("PUT", "/api/v1/profile/avatar", {
      raw: pngBytes(1.5 * MB),
      headers: { "Content-Type": "image/png" },
      token: s.token,
    });
    expect(avatar.status).toBe(200);
    await avatar.body?.cancel();
    expectProblem(
      await readJson(
        await call("PUT", "/api/v1/profile/avatar", {
          raw: pngBytes(2 * MB + 1),
          headers: { "Content-Type": "image/png" },
          token: s.token,
        }),
      ),
      413,
      "file-too-large",
    );
    const seeker = await signedIn({ role: "seeker" });
    const patch = await call("PATCH", "/api/v1/resumes/x", {
      raw: JSON.stringify({ title: "x".repeat(17 * KB) }),
      headers: { "Content-Type": "application/json" },
      token: seeker.token,
    });
    expectProblem(await readJson(patch), 413, "file-too-large");
  });
});

describe("ETag", () => {
  it("GET /api/v1/auth/me sends an ETag and answers 304 to If-None-Match", async () => {
    const s = await signedIn();
    const first = await api.get("/api/v1/auth/me", { token: s.token });
    expect(first.status).toBe(200);
    const etag = first.headers.get("ETag");
    expect(etag).toMatch(/^"[A-Za-z0-9_.-]+"$/);
    const again = await call("GET", "/api/v1/auth/me", { token: s.token, headers: { "If-None-Match": etag ?? "" } });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe("");
    expect(again.headers.get("ETag")).toBe(etag);

    await api.patch("/api/v1/auth/me", { first_name: "Changed" }, { token: s.token });
    const changed = await call("GET", "/api/v1/auth/me", { token: s.token, headers: { "If-None-Match": etag ?? "" } });
    expect(changed.status).toBe(200);
    expect(changed.headers.get("ETag")).not.toBe(etag);
  });
});

describe("request log and Server-Timing", () => {
  afterEach(() => vi.restoreAllMocks());

  it("sends Server-Timing with the D1 cost in development", async () => {
    const s = await signedIn();
    const r = await api.get("/api/v1/auth/me", { token: s.token });
    const timing = r.headers.get("Server-Timing") ?? "";
    expect(timing).toMatch(/d1;desc="queries";dur=[1-9]/);
    expect(timing).toMatch(/total;dur=\d+/);
  });

  it("writes one JSON line per request with no secrets in it", async () => {
    const s = await signedIn();
    const log = vi.spyOn(console, "log").mockImplementation(() => {});
    const r = await api.get("/api/v1/auth/me?x=1", { token: s.token, headers: { "X-Request-Id": "log-test-000001" } });
    expect(r.status).toBe(200);
    const lines = log.mock.calls
      .map((c) => String(c[0]))
      .filter((l) => l.startsWith("{"))
      .map((l) => JSON.parse(l))
      .filter((l) => l.msg === "request" && l.request_id === "log-test-000001");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      level: "info",
      method: "GET",
      route: "/api/v1/auth/me",
      path: "/api/v1/auth/me",
      status: 200,
      user_id: s.user.id,
    });
    expect(lines[0].duration_ms).toBeGreaterThanOrEqual(0);
    expect(lines[0].d1_queries).toBeGreaterThan(0);
    const raw = JSON.stringify(lines[0]);
    expect(raw).not.toContain(s.token);
    expect(raw).not.toContain("x=1");
  });
});
