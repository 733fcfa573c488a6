import { describe, expect, it } from "vitest";
import { appUrl, joinUrl } from "../src/lib/urls";

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
