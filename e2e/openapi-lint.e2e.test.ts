/**
 * The served OpenAPI document passes Redocly's `recommended` ruleset (the
 * default of `redocly lint`) with no errors. Warnings are printed, not failed.
 */
import { createConfig, lintFromString } from "@redocly/openapi-core";
import { describe, expect, inject, it } from "vitest";

const base = inject("baseUrl");

describe("the OpenAPI document", () => {
  it("lints clean with Redocly's recommended rules", async () => {
    const res = await fetch(`${base}/openapi.json`);
    expect(res.status).toBe(200);
    const source = await res.text();
    const config = await createConfig({ extends: ["recommended"] });
    const problems = await lintFromString({ source, absoluteRef: `${base}/openapi.json`, config });
    const describe = (p: (typeof problems)[number]) =>
      `${p.severity} ${p.ruleId}: ${p.message} at ${p.location.map((l) => l.pointer).join(", ")}`;
    const errors = problems.filter((p) => p.severity === "error");
    const warnings = problems.filter((p) => p.severity === "warn");
    if (warnings.length > 0) console.warn(`${warnings.length} warning(s):\n${warnings.map(describe).join("\n")}`);
    expect(errors.map(describe), `${errors.length} error(s)`).toEqual([]);
  });
});
