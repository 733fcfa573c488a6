#!/usr/bin/env node
/**
 * `npm test`: the unit tests (inside workerd) and then the end-to-end suite
 * (against a real `wrangler dev` started by e2e/global-setup.ts), ending with
 * one plain line `N passed, M failed` that covers both. Exit code 1 if either failed.
 *
 *   npm test                 both suites
 *   npm test -- --unit       unit tests only      (npm run test:unit -- <files> for a few files)
 *   npm test -- --e2e        end-to-end only      (npm run test:e2e)
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const vitest = join(root, "node_modules", ".bin", "vitest");
const env = { ...process.env, PATH: `${join(root, "node_modules", ".bin")}${delimiter}${process.env.PATH ?? ""}` };
const args = process.argv.slice(2);
const only = args.includes("--unit") ? "unit" : args.includes("--e2e") ? "e2e" : null;
const dir = mkdtempSync(join(tmpdir(), "jobboard-test-"));

function suite(name, configArgs) {
  const report = join(dir, `${name}.json`);
  const res = spawnSync(
    vitest,
    ["run", ...configArgs, "--reporter=default", "--reporter=json", `--outputFile.json=${report}`],
    { cwd: root, stdio: "inherit", env },
  );
  if (!existsSync(report)) return { passed: 0, failed: 1, skipped: 0, status: res.status ?? 1 };
  const r = JSON.parse(readFileSync(report, "utf8"));
  // A file that fails to load, or whose beforeAll fails (its tests are then
  // reported as skipped), counts no failed test; count the file as a failure.
  const brokenFiles = (r.testResults ?? []).filter(
    (f) => f.status === "failed" && !(f.assertionResults ?? []).some((a) => a.status === "failed"),
  ).length;
  return {
    passed: r.numPassedTests,
    failed: r.numFailedTests + brokenFiles,
    skipped: (r.numPendingTests || 0) + (r.numTodoTests || 0),
    status: res.status ?? 1,
  };
}

const results = [];
if (only !== "e2e") results.push(["unit", suite("unit", [])]);
if (only !== "unit") results.push(["e2e", suite("e2e", ["--config", "vitest.e2e.config.ts"])]);
rmSync(dir, { recursive: true, force: true });

let passed = 0;
let failed = 0;
let skipped = 0;
let status = 0;
for (const [name, r] of results) {
  console.log(`${name} suite: ${r.passed} passed, ${r.failed} failed${r.skipped ? `, ${r.skipped} skipped` : ""}`);
  passed += r.passed;
  failed += r.failed;
  skipped += r.skipped;
  if (r.status !== 0 || r.failed > 0) status = 1;
}
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ""}`);
process.exit(status);
