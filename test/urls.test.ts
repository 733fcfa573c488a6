import { describe, expect, it } from "vitest";
import { appUrl, joinUrl } from "../src/lib/urls";
import { jobUrl } from "../src/modules/alerts/deliver";
import { logoUrl } from "../src/modules/jobs/presenters";

describe("appUrl", () => {
  it("keeps the base's path prefix, with or without a trailing slash", () => {
    for (const base of ["https://example.com/app", "https://example.com/app/", "https://example.com/app//"]) {
      expect(appUrl({ PUBLIC_APP_URL: base }, "/jobs/1/go-dev")).toBe("https://example.com/app/jobs/1/go-dev");
      expect(appUrl({ PUBLIC_APP_URL: base }, "/")).toBe("https://example.com/app/");
      expect(appUrl({ PUBLIC_APP_URL: base }, "/api/v1/unsubscribe?token=a.b")).toBe(
        "https://example.com/app/api/v1/unsubscribe?token=a.b",
      );
    }
  });

  it("joins a bare origin and a relative path", () => {
    expect(joinUrl("http://localhost:8787", "/verify-email?token=t")).toBe(
      "http://localhost:8787/verify-email?token=t",
    );
    expect(joinUrl("http://localhost:8787/", "settings")).toBe("http://localhost:8787/settings");
    expect(joinUrl("http://localhost:8787", "")).toBe("http://localhost:8787/");
  });
});

describe("links built from PUBLIC_APP_URL", () => {
  it("keep a path prefix (new URL(path, base) used to drop it)", () => {
    const env = { PUBLIC_APP_URL: "https://example.com/app/" };
    expect(jobUrl(env, { id: "j1", slug: "go-dev" })).toBe("https://example.com/app/jobs/j1/go-dev");
    expect(logoUrl(env, { logoKey: "logos/abc.png" })).toMatch(/^https:\/\/example\.com\/app\//);
  });
});
