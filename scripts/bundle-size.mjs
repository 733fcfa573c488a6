#!/usr/bin/env node
// Builds the deployable bundle (`wrangler deploy --dry-run`) and checks its
// gzip size against two budgets, and that startup evaluates no module file
// (scripts/startup-graph.mjs). Run by .ci/run; `--json` prints the figures only.
//
// - The main module (what every cold start parses and compiles: the request
//   path): 536 KiB gzip. 420 KiB when split (minified, without the lazy
//   modules); 462 KiB once billing, operations, charts and i18n landed.
// - Everything uploaded (main + the lazy modules of src/vendor, loaded by dynamic
//   import only by the code paths that need them: PDF parsing, PDF writing and
//   its font engine, password dictionaries, Stripe, Sentry, the feed XML reader): 1 884 KiB gzip;
//   1 788 KiB when set. Workers accept 3 MiB (free) / 10 MiB (paid) compressed.
//
// History: 1 536 KiB total, raised to 1 792 when pdf-lib came (1 575 KiB, all of
// it in one module then); issue #21 moved the heavy libraries into their own
// modules (scripts/vendor-modules.mjs) and minified the bundle; then the PDF
// font engine (@pdf-lib/fontkit, ~385 KiB gzip, for embedded fonts in resume
// PDFs, issue #18), stripe and toucan-js joined the lazy modules. Both budgets
// are set just above what is measured, to catch an accidental heavy import;
// a heavy library belongs in src/lazy-modules.ts, never in the main module.
// Lazy routers (#21) raised both by 16 KiB: every module is now reached through
// import(), and esbuild wraps each in a lazy initialiser with an exports object
// (+18 KiB gzip: main 499.8 -> 518.2, total 1 847 -> 1 866); in exchange startup
// evaluates no module (wrangler check startup 235 -> 43-49 ms).
// Then +8 / +12 KiB (main 528 -> 536, total 1 872 -> 1 884) for ingestion runs in
// steps, SmartRecruiters details, geocoding and the category rules (#16) and the
// search windows and token facets (#14): main 519.9 -> 527 KiB, total 1 867 -> 1 874.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { startupProblems } from "./startup-graph.mjs";
import { buildVendorModules } from "./vendor-modules.mjs";

export const BUDGET_GZIP_KIB = 1884;
export const BUDGET_MAIN_GZIP_KIB = 536;

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const bin = join(root, "node_modules", ".bin");
await buildVendorModules();
const out = mkdtempSync(join(tmpdir(), "jobboard-bundle-"));
try {
  const r = spawnSync(join(bin, "wrangler"), ["deploy", "--dry-run", "--outdir", out], {
    cwd: root,
    stdio: ["ignore", "ignore", "inherit"],
    env: { ...process.env, PATH: `${bin}${delimiter}${process.env.PATH}` },
  });
  if (r.status !== 0) throw new Error(`wrangler deploy --dry-run failed (${r.status})`);
  let raw = 0;
  let gzip = 0;
  let mainRaw = 0;
  let mainGzip = 0;
  const files = readdirSync(out, { recursive: true }).filter((f) => /\.(js|mjs)$/.test(f));
  for (const f of files) {
    const bytes = readFileSync(join(out, f));
    const zipped = gzipSync(bytes, { level: 9 }).length;
    raw += bytes.length;
    gzip += zipped;
    if (f === "index.js") {
      mainRaw = bytes.length;
      mainGzip = zipped;
    }
  }
  const figures = {
    raw_kib: +(raw / 1024).toFixed(1),
    gzip_kib: +(gzip / 1024).toFixed(1),
    budget_gzip_kib: BUDGET_GZIP_KIB,
    main_raw_kib: +(mainRaw / 1024).toFixed(1),
    main_gzip_kib: +(mainGzip / 1024).toFixed(1),
    budget_main_gzip_kib: BUDGET_MAIN_GZIP_KIB,
    modules: files.length,
  };
  if (process.argv.includes("--json")) {
    console.log(JSON.stringify(figures));
  } else {
    console.log(
      `bundle: ${figures.raw_kib} KiB raw, ${figures.gzip_kib} KiB gzip in ${files.length} modules (budget ${BUDGET_GZIP_KIB} KiB gzip); ` +
        `main module ${figures.main_raw_kib} KiB raw, ${figures.main_gzip_kib} KiB gzip (budget ${BUDGET_MAIN_GZIP_KIB} KiB gzip)`,
    );
  }
  if (!mainGzip) throw new Error("no index.js in the build output");
  if (gzip / 1024 > BUDGET_GZIP_KIB) {
    console.error(`bundle over budget by ${(gzip / 1024 - BUDGET_GZIP_KIB).toFixed(1)} KiB gzip`);
    process.exitCode = 1;
  }
  if (mainGzip / 1024 > BUDGET_MAIN_GZIP_KIB) {
    console.error(
      `main module over budget by ${(mainGzip / 1024 - BUDGET_MAIN_GZIP_KIB).toFixed(1)} KiB gzip: import heavy libraries through src/lazy-modules.ts`,
    );
    process.exitCode = 1;
  }
  // What startup evaluates (issue #21): no module file, no route schema (scripts/startup-graph.mjs).
  const startup = await startupProblems();
  for (const p of startup.problems) console.error(p);
  if (!process.argv.includes("--json")) {
    console.log(`startup graph: ${startup.files} files, ${startup.problems.length} problem(s)`);
  }
  if (startup.problems.length) process.exitCode = 1;
} finally {
  rmSync(out, { recursive: true, force: true });
}
