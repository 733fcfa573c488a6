/**
 * The response checker itself (e2e/lib/openapi.ts), against the served
 * document: it must reject what the document does not promise, or every other
 * file's checks would pass vacuously.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { base } from "./lib/client";
import { OpenApiChecker } from "./lib/openapi";

let checker: OpenApiChecker;
const JSON_CT = "application/json";
const PROBLEM_CT = "application/problem+json";

beforeAll(async () => {
  checker = new OpenApiChecker(await (await fetch(`${base}/openapi.json`)).json());
});

describe("the OpenAPI response checker", () => {
  it("finds operations by path template, literal segments first", () => {
    expect(checker.template("GET", "/api/v1/jobs/suggest")).toBe("/api/v1/jobs/suggest");
    expect(checker.template("GET", "/api/v1/jobs/0190d000-0000-7000-8000-000000000001")).toBe("/api/v1/jobs/{id}");
    expect(checker.template("GET", "/api/v1/nothing-here")).toBeUndefined();
  });

  it("accepts a documented body and rejects a wrong one with a readable message", () => {
    expect(() => checker.check("GET", "/health", 200, JSON_CT, { status: "ok" })).not.toThrow();
    expect(() => checker.check("GET", "/health/ready", 200, JSON_CT, { status: 1 })).toThrow(
      /GET \/health\/ready → 200: response does not match the documented schema/,
    );
  });

  it("rejects an undocumented status and an unknown operation", () => {
    expect(() => checker.check("GET", "/health", 418, JSON_CT, {})).toThrow(/status 418 is not documented/);
    expect(() => checker.check("PATCH", "/health", 200, JSON_CT, {})).toThrow(/no operation/);
  });

  it("checks problem+json bodies too, following $ref into components", () => {
    const problem = {
      type: "https://jobboard.dev/problems/not-found",
      title: "Not Found",
      status: 404,
      detail: "Job not found.",
      request_id: "abc12345",
    };
    expect(() => checker.check("GET", "/api/v1/jobs/x", 404, PROBLEM_CT, problem)).not.toThrow();
    expect(() => checker.check("GET", "/api/v1/jobs/x", 404, PROBLEM_CT, { ...problem, status: "404" })).toThrow(
      /does not match/,
    );
  });
});
