#!/usr/bin/env node
/**
 * `npm run dev [-- <wrangler dev args>]`: everything a fresh clone needs, offline.
 *
 * 1. creates .dev.vars from .dev.vars.example (fresh random secrets) if missing;
 * 2. copies the Swagger UI assets into public/docs/vendor if missing;
 * 3. applies the D1 migrations to the local database;
 * 4. seeds demo data (idempotent; see scripts/seed.mjs);
 * 5. starts `wrangler dev` with the extra arguments and prints where the docs are.
 *
 * `--persist-to <dir>` is honoured by every step, so a separate local database
 * can be used (benchmarks). `--skip-seed` skips step 4.
 */
import { spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { delimiter, dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const bin = (name) => join(root, "node_modules", ".bin", process.platform === "win32" ? `${name}.cmd` : name);
const wranglerBin = bin("wrangler");
// node_modules/.bin first, so wrangler's `#!/usr/bin/env node` finds the Node 22
// devDependency even when this script was started without npm.
const childEnv = {
  ...process.env,
  PATH: `${join(root, "node_modules", ".bin")}${delimiter}${process.env.PATH ?? ""}`,
  WRANGLER_SEND_METRICS: "false",
};

const say = (msg) => console.log(`\x1b[36m[dev]\x1b[0m ${msg}`);

function fail(msg) {
  console.error(`\x1b[31m[dev]\x1b[0m ${msg}`);
  process.exit(1);
}

/** The value after `--name` or in `--name=value`, if present. */
function argValue(args, name) {
  for (let i = 0; i < args.length; i++) {
    if (args[i] === name) return args[i + 1];
    if (args[i]?.startsWith(`${name}=`)) return args[i].slice(name.length + 1);
  }
  return undefined;
}

function ensureDevVars() {
  const target = join(root, ".dev.vars");
  if (existsSync(target)) return;
  const example = readFileSync(join(root, ".dev.vars.example"), "utf8");
  // Each placeholder gets its own secret, so no two keys share a value.
  const filled = example.replace(/change-me-to-64-random-hex-characters/g, () => randomBytes(32).toString("hex"));
  writeFileSync(target, filled, { mode: 0o600 });
  say("created .dev.vars with fresh random secrets");
}

function ensureDocsAssets() {
  if (existsSync(join(root, "public", "docs", "vendor", "swagger-ui-bundle.js"))) return;
  const res = spawnSync(process.execPath, [join(root, "scripts", "copy-docs-assets.mjs")], { stdio: "inherit" });
  if (res.status !== 0) fail("could not copy the Swagger UI assets");
}

function run(command, args, what) {
  say(what);
  const res = spawnSync(command, args, { cwd: root, stdio: ["ignore", "inherit", "inherit"], env: childEnv });
  if (res.error) fail(`${what} failed: ${res.error.message}`);
  if (res.status !== 0) fail(`${what} failed (exit ${res.status})`);
}

/** Polls /health until the server answers, then prints the useful URLs. */
async function announceWhenReady(port, child) {
  const base = `http://localhost:${port}`;
  for (let i = 0; i < 240 && child.exitCode === null; i++) {
    try {
      const res = await fetch(`${base}/health`);
      if (res.ok) {
        say(`ready: ${base}`);
        say(`  API reference  ${base}/docs`);
        say(`  OpenAPI        ${base}/openapi.json`);
        say(`  dev mailbox    ${base}/dev/mailbox`);
        say(
          "  demo logins    admin@jobboard.test / Admin-Password-2026, employer@jobboard.test / Employer-Password-2026,",
        );
        say("                 seeker@jobboard.test / Seeker-Password-2026");
        return;
      }
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 500));
  }
}

const args = process.argv.slice(2);
const skipSeed = args.includes("--skip-seed");
const devArgs = args.filter((a) => a !== "--skip-seed");
const persistTo = argValue(devArgs, "--persist-to");
const persist = persistTo ? ["--persist-to", persistTo] : [];
const port = argValue(devArgs, "--port") ?? "8787";

if (!existsSync(wranglerBin)) fail("wrangler is not installed: run `npm ci` first");
ensureDevVars();
ensureDocsAssets();
run(wranglerBin, ["d1", "migrations", "apply", "DB", "--local", ...persist], "applying local D1 migrations");
if (!skipSeed) run(process.execPath, [join(root, "scripts", "seed.mjs"), ...persist], "seeding demo data");

say(`starting wrangler dev on port ${port}`);
const child = spawn(wranglerBin, ["dev", ...devArgs], { cwd: root, stdio: "inherit", env: childEnv });
for (const signal of ["SIGINT", "SIGTERM"]) {
  process.on(signal, () => {
    if (child.exitCode === null) child.kill(signal);
  });
}
child.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
announceWhenReady(port, child);
