/**
 * Every problem `type` the code can send is a stable slug documented in
 * docs/errors.md (the catalogue a client translates from), and the catalogue
 * names no slug the code has stopped using.
 */
import { describe, expect, it } from "vitest";
import errorsDoc from "../docs/errors.md?raw";
import { PROBLEM_BASE, problemBody } from "../src/http/problem";

const sources = import.meta.glob<string>("../src/**/*.ts", { query: "?raw", import: "default", eager: true });

/** Slug literals in the positions the problem helpers take them (multi-line calls included). */
const CALL =
  /(?:new ApiError\(\s*[^,()]+,\s*|conflict\(\s*|unauthorized\([^)]*?,\s*|problemResponse\(\s*[^,()]+,\s*|problemBody\(\s*[^,()]+,\s*)"([a-z][a-z0-9-]*)"/g;
/** Slugs that reach the helpers through a variable: each source of them, by file. */
const INDIRECT: Record<string, RegExp> = {
  // HTTP_EXCEPTION_SLUGS entries and its fallback.
  "/src/app.ts": /(?:^\s*\d{3}:\s*|HTTP_EXCEPTION_SLUGS\[status\] \?\? )"([a-z][a-z0-9-]*)"/gm,
  // constraintProblem's results.
  "/src/http/db-errors.ts": /slug:\s*"([a-z][a-z0-9-]*)"/g,
  // unauthorized()'s default slug.
  "/src/http/problem.ts": /slug = "([a-z][a-z0-9-]*)"/g,
};

function slugsInCode(): Map<string, string[]> {
  const found = new Map<string, string[]>();
  for (const [file, text] of Object.entries(sources)) {
    const matches = [...text.matchAll(CALL)].map((m) => m[1] as string);
    for (const [suffix, re] of Object.entries(INDIRECT)) {
      if (file.endsWith(suffix)) matches.push(...[...text.matchAll(re)].map((m) => m[1] as string));
    }
    for (const slug of matches) found.set(slug, [...(found.get(slug) ?? []), file]);
  }
  return found;
}

const documented = new Set([...errorsDoc.matchAll(/^\| `([a-z][a-z0-9-]*)` \|/gm)].map((m) => m[1] as string));

describe("problem types", () => {
  const inCode = slugsInCode();

  it("finds the problem slugs in the code (the scan works)", () => {
    for (const slug of ["validation-error", "not-found", "internal-error", "malformed-request", "invalid-reference"]) {
      expect(inCode.has(slug), slug).toBe(true);
    }
    expect(inCode.size).toBeGreaterThan(60);
  });

  it("documents every slug the code uses in docs/errors.md", () => {
    const missing = [...inCode.keys()].filter((s) => !documented.has(s)).sort();
    expect(missing).toEqual([]);
  });

  it("documents no slug the code no longer uses", () => {
    const stale = [...documented].filter((s) => !inCode.has(s)).sort();
    expect(stale).toEqual([]);
  });

  it("turns each slug into a stable URI type", () => {
    const body = problemBody(404, "not-found", "Job not found.", undefined);
    expect(body.type).toBe(`${PROBLEM_BASE}not-found`);
    expect(PROBLEM_BASE).toMatch(/^https:\/\/[^/]+\/problems\/$/);
  });
});
