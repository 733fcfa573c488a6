import { describe, expect, inject, it } from "vitest";
import { json, signUp } from "./session-client";

const base = inject("baseUrl");

describe("If-Match on PATCH (running server)", () => {
  it("fresh ETag → 200 with a new ETag; stale → 412 problem+json and nothing changed", async () => {
    const { token } = await signUp(base);
    const auth = { Authorization: `Bearer ${token}` };
    const got = await json(base, "GET", "/api/v1/auth/me", undefined, auth);
    const etag = got.headers.get("ETag") ?? "";
    expect(etag).toMatch(/^"[0-9a-z]+\.[A-Za-z0-9_-]+"$/);

    const ok = await json(base, "PATCH", "/api/v1/auth/me", { first_name: "Grace" }, { ...auth, "If-Match": etag });
    expect(ok.status).toBe(200);
    const next = ok.headers.get("ETag");
    expect(next).toBeTruthy();
    expect(next).not.toBe(etag);

    const stale = await json(base, "PATCH", "/api/v1/auth/me", { first_name: "Ada" }, { ...auth, "If-Match": etag });
    expect(stale.status).toBe(412);
    expect(stale.headers.get("Content-Type")).toContain("application/problem+json");
    expect(stale.json.type).toContain("precondition-failed");

    const now = await json(base, "GET", "/api/v1/auth/me", undefined, auth);
    expect(now.json.user.first_name).toBe("Grace");
    expect(now.headers.get("ETag")).toBe(next);

    const plain = await json(base, "PATCH", "/api/v1/auth/me", { first_name: "Plain" }, auth);
    expect(plain.status).toBe(200);
  });
});
