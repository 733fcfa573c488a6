/**
 * D1 read replication against `wrangler dev`: every response carries an
 * `x-d1-bookmark`; a client that sends back the bookmark of its write reads that
 * write, and a browser may send and read the header (CORS).
 */
import { describe, expect, it } from "vitest";
import { base, http, verifiedUser } from "./helpers";

const BOOKMARK = /^[0-9a-f]{8}-[0-9a-f]{8}-[0-9a-f]{8}-[0-9a-f]{32}$/;

describe("D1 sessions (x-d1-bookmark)", () => {
  it("a write's bookmark lets the next read see it", async () => {
    const seeker = await verifiedUser("seeker");
    const created = await http("POST", "/api/v1/alerts", {
      token: seeker.token,
      body: { name: "Bookmark jobs", query: { q: "bookmark" }, frequency: "daily", channels: ["in_app"] },
    });
    expect(created.status).toBe(201);
    const bookmark = created.headers.get("x-d1-bookmark") ?? "";
    expect(bookmark).toMatch(BOOKMARK);

    const list = await http("GET", "/api/v1/alerts", { token: seeker.token, headers: { "x-d1-bookmark": bookmark } });
    expect(list.status).toBe(200);
    expect(list.json.data.map((a: { id: string }) => a.id)).toContain(created.json.id);
    const next = list.headers.get("x-d1-bookmark") ?? "";
    expect(next).toMatch(BOOKMARK);
    // Bookmarks sort oldest to newest: the read is at least as new as the write.
    expect(next >= bookmark).toBe(true);
  });

  it("anonymous reads get a bookmark; a malformed one is a 400 problem", async () => {
    const anon = await http("GET", "/api/v1/jobs?limit=1");
    expect(anon.status).toBe(200);
    expect(anon.headers.get("x-d1-bookmark")).toMatch(BOOKMARK);
    const bad = await fetch(`${base}/api/v1/jobs?limit=1`, { headers: { "x-d1-bookmark": "not-a-bookmark" } });
    expect(bad.status).toBe(400);
    expect(bad.headers.get("content-type")).toContain("application/problem+json");
    expect(((await bad.json()) as { type: string }).type).toMatch(/\/invalid-bookmark$/);
  });

  it("CORS allows and exposes the header", async () => {
    const origin = "http://localhost:5173";
    const pre = await fetch(`${base}/api/v1/jobs`, {
      method: "OPTIONS",
      headers: {
        Origin: origin,
        "Access-Control-Request-Method": "GET",
        "Access-Control-Request-Headers": "x-d1-bookmark",
      },
    });
    expect(pre.headers.get("access-control-allow-headers")?.toLowerCase()).toContain("x-d1-bookmark");
    const res = await fetch(`${base}/api/v1/jobs?limit=1`, { headers: { Origin: origin } });
    await res.arrayBuffer();
    expect(res.headers.get("access-control-expose-headers")?.toLowerCase()).toContain("x-d1-bookmark");
  });
});
