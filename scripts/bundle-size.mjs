#!/usr/bin/env node
// Builds the deployable bundle (`wrangler deploy --dry-run`) and checks its
// gzip size against the budget. Run by .ci/run; `--json` prints the figures only.
//
// Budget: 2 176 KiB gzip. Workers accept 3 MiB (free) / 10 MiB (paid) compressed;
// startup time grows with bundle size, and well under the free limit leaves room
// for growth while catching an accidental heavy dependency (the PDF parser alone
// is ~700 KiB of it). History: 1 536 KiB; 1 792 when the resume builder brought
// pdf-lib (~215 KiB gzip); 2 176 when generated PDFs began embedding their fonts
// (issue #18) through @pdf-lib/fontkit (~385 KiB gzip): at 1 998 KiB then. Both
// are loaded by dynamic import, so they are parsed but not evaluated at startup;
// the font files themselves are static assets, not bundle. Shrinking the bundle
// is issue #21.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";

export const BUDGET_GZIP_KIB = 2176;

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const bin = join(root, "node_modules", ".bin");
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
  for (const f of readdirSync(out).filter((f) => f.endsWith(".js"))) {
    const bytes = readFileSync(join(out, f));
    raw += bytes.length;
    gzip += gzipSync(bytes, { level: 9 }).length;
  }
  const figures = {
    raw_kib: +(raw / 1024).toFixed(1),
    gzip_kib: +(gzip / 1024).toFixed(1),
    budget_gzip_kib: BUDGET_GZIP_KIB,
  };
  if (process.argv.includes("--json")) {
    console.log(JSON.stringify(figures));
  } else {
    console.log(
      `bundle: ${figures.raw_kib} KiB raw, ${figures.gzip_kib} KiB gzip (budget ${BUDGET_GZIP_KIB} KiB gzip)`,
    );
  }
  if (gzip / 1024 > BUDGET_GZIP_KIB) {
    console.error(`bundle over budget by ${(gzip / 1024 - BUDGET_GZIP_KIB).toFixed(1)} KiB gzip`);
    process.exitCode = 1;
  }
} finally {
  rmSync(out, { recursive: true, force: true });
}
