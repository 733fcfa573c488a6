/**
 * D1 read replication through the Sessions API (src/platform/db/session.ts,
 * src/http/middleware/db.ts): every request runs in one D1 session, starts where
 * the client's `x-d1-bookmark` says (or on the primary when it carries
 * credentials, or anywhere for anonymous reads), and returns its bookmark.
 */
import { createExecutionContext, env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import worker from "../src/index";
import { isBookmark, sessionConstraint } from "../src/platform/db/session";
import { makeCompany, makeJob, signedIn } from "./factories";
import { api, BASE, call, expectProblem } from "./helpers/http";

/** A well-formed job id that no job has: its 404 still reads D1. */
const MISSING = "01ARZ3NDEKTSV4RRFFQ69G5FAV";
const BOOKMARK = /^[0-9a-f]{8}-[0-9a-f]{8}-[0-9a-f]{8}-[0-9a-f]{32}$/;

/** The Worker with a D1 binding that records how each session was opened (the real local D1 underneath). */
async function fetchRecording(method: string, path: string, headers: Record<string, string> = {}) {
  const opened: (string | undefined)[] = [];
  const DB = new Proxy(env.DB, {
    get(target, prop) {
      if (prop === "withSession") {
        return (arg?: string) => {
          opened.push(arg);
          return target.withSession(arg);
        };
      }
      const value = Reflect.get(target, prop, target);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
  const res = await worker.fetch(
    new Request(`${BASE}${path}`, { method, headers: { "CF-Connecting-IP": "203.0.113.9", ...headers } }),
    { ...env, DB },
    createExecutionContext(),
  );
  await res.arrayBuffer();
  return { res, opened };
}

describe("sessionConstraint", () => {
  it("starts at the client's bookmark, else on the primary when fresh state matters, else anywhere", () => {
    const b = "00000000-0000001d-00000000-00000000000000000000000000000000";
    expect(sessionConstraint({ bookmark: b, needsFresh: true })).toBe(b);
    expect(sessionConstraint({ bookmark: undefined, needsFresh: true })).toBe("first-primary");
    expect(sessionConstraint({ bookmark: undefined, needsFresh: false })).toBe("first-unconstrained");
  });

  it("accepts only D1's bookmark shape", () => {
    expect(isBookmark("00000001-0000000a-00004e2f-0123456789abcdef0123456789abcdef")).toBe(true);
    for (const bad of ["garbage", "first-primary", "00000001-0000000a-00004e2f", `${"0".repeat(8)}-x`]) {
      expect(isBookmark(bad)).toBe(false);
    }
  });
});

describe("one D1 session per request", () => {
  it("an anonymous read opens first-unconstrained and returns a bookmark", async () => {
    const { res, opened } = await fetchRecording("GET", "/api/v1/categories");
    expect(res.status).toBe(200);
    expect(opened).toEqual(["first-unconstrained"]);
    expect(res.headers.get("x-d1-bookmark")).toMatch(BOOKMARK);
  });

  it("an authenticated request without a bookmark starts on the primary", async () => {
    const s = await signedIn();
    const { res, opened } = await fetchRecording("GET", "/api/v1/auth/me", { Authorization: `Bearer ${s.token}` });
    expect(res.status).toBe(200);
    expect(opened).toEqual(["first-primary"]);
  });

  it("a request with a bookmark starts there", async () => {
    const first = await call("GET", `/api/v1/jobs/${MISSING}`);
    const bookmark = first.headers.get("x-d1-bookmark") ?? "";
    expect(bookmark).toMatch(BOOKMARK);
    const { res, opened } = await fetchRecording("GET", `/api/v1/jobs/${MISSING}`, { "x-d1-bookmark": bookmark });
    expect(res.status).toBe(404);
    expect(opened).toEqual([bookmark]);
    // Bookmarks sort oldest to newest: the answer is never older than what was sent.
    expect((res.headers.get("x-d1-bookmark") ?? "") >= bookmark).toBe(true);
  });

  it("a write returns a bookmark past the one it was sent, and a read with it sees the write", async () => {
    const s = await signedIn();
    const company = await makeCompany();
    const job = await makeJob({ companyId: company.id });
    const before = (await call("GET", `/api/v1/jobs/${MISSING}`)).headers.get("x-d1-bookmark") ?? "";
    const save = await call("PUT", `/api/v1/jobs/${job.id}/save`, {
      token: s.token,
      headers: { "x-d1-bookmark": before },
    });
    expect(save.status).toBeLessThan(300);
    const after = save.headers.get("x-d1-bookmark") ?? "";
    expect(after).toMatch(BOOKMARK);
    expect(after > before).toBe(true);
    const list = await api.get("/api/v1/saved-jobs", { token: s.token, headers: { "x-d1-bookmark": after } });
    expect(list.status).toBe(200);
    expect(list.json.data.map((x: { job: { id: string } }) => x.job.id)).toContain(job.id);
    expect(list.headers.get("x-d1-bookmark")).toMatch(BOOKMARK);
  });

  it("error responses carry the bookmark too", async () => {
    const r = await api.get(`/api/v1/jobs/${MISSING}`);
    expect(r.status).toBe(404);
    expect(r.headers.get("x-d1-bookmark")).toMatch(BOOKMARK);
  });

  it("a response that ran no query (served from a cache) hands the client's bookmark back", async () => {
    await call("GET", "/api/v1/categories");
    const sent = "00000000-00000001-00000000-00000000000000000000000000000000";
    const { res, opened } = await fetchRecording("GET", "/api/v1/categories", { "x-d1-bookmark": sent });
    expect(res.status).toBe(200);
    expect(opened).toEqual([sent]);
    expect(res.headers.get("x-d1-bookmark")).toMatch(BOOKMARK);
    expect((res.headers.get("x-d1-bookmark") ?? "") >= sent).toBe(true);
  });

  it("a malformed bookmark is a 400 problem, not a 5xx", async () => {
    const r = await api.get("/api/v1/categories", { headers: { "x-d1-bookmark": "garbage" } });
    expectProblem(r, 400, "invalid-bookmark");
  });

  it("an empty header counts as none", async () => {
    const { res, opened } = await fetchRecording("GET", "/api/v1/categories", { "x-d1-bookmark": "" });
    expect(res.status).toBe(200);
    expect(opened).toEqual(["first-unconstrained"]);
  });

  it("CORS lets a browser send and read the bookmark", async () => {
    const origin = "http://localhost:5173";
    const pre = await call("OPTIONS", "/api/v1/jobs", {
      headers: {
        Origin: origin,
        "Access-Control-Request-Method": "GET",
        "Access-Control-Request-Headers": "x-d1-bookmark",
      },
    });
    expect(pre.headers.get("Access-Control-Allow-Headers")?.toLowerCase()).toContain("x-d1-bookmark");
    const r = await call("GET", "/api/v1/categories", { headers: { Origin: origin } });
    expect(r.headers.get("Access-Control-Expose-Headers")?.toLowerCase()).toContain("x-d1-bookmark");
  });
});
