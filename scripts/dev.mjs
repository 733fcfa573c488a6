#!/usr/bin/env node
/**
 * `npm run dev [-- <wrangler dev args>]`: everything a fresh clone needs, offline.
 *
 * 1. checks the port is free (a second `npm run dev` stops here, before touching anything);
 * 2. creates .dev.vars from .dev.vars.example (fresh random secrets) if missing,
 *    and refuses to start when a required secret in it is missing or too short;
 * 3. copies the Swagger UI assets into public/docs/vendor if missing;
 * 4. applies the D1 migrations to the local database;
 * 5. seeds demo data (idempotent, and skipped when present; see scripts/seed.mjs);
 * 6. starts `wrangler dev` with the extra arguments and, once *its* server
 *    answers, prints where the docs are.
 *
 * `--persist-to <dir>` is honoured by every step, so a separate local database
 * can be used (benchmarks). `--skip-seed` skips step 4.
 */
import { spawn, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { createServer } from "node:net";
import { delimiter, dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { devVarsProblems, ensureDevVars } from "./dev-vars.mjs";
import { migrationsUpToDate } from "./local-d1.mjs";

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

function checkDevVars() {
  const problems = devVarsProblems(root);
  if (problems.length) {
    fail(
      `.dev.vars is not usable: ${problems.join("; ")}.\n` +
        "      Fix it, or delete .dev.vars and run `npm run dev` again to create one with fresh random secrets\n" +
        "      (e.g. `openssl rand -hex 32` gives a valid value for each).",
    );
  }
}

/** Resolves when nothing listens on the port (on any address), so wrangler can take it. */
function portIsFree(port) {
  return new Promise((resolve) => {
    const srv = createServer();
    srv.once("error", () => resolve(false));
    srv.listen({ port: Number(port), exclusive: true }, () => srv.close(() => resolve(true)));
  });
}

function ensureDocsAssets() {
  // copy-docs-assets.mjs also builds the lazy modules in src/vendor (scripts/vendor-modules.mjs).
  const vendored = existsSync(join(root, "src", "vendor", "unpdf.mjs"));
  if (vendored && existsSync(join(root, "public", "docs", "vendor", "swagger-ui-bundle.js"))) return;
  const res = spawnSync(process.execPath, [join(root, "scripts", "copy-docs-assets.mjs")], { stdio: "inherit" });
  if (res.status !== 0) fail("could not copy the Swagger UI assets");
}

function run(command, args, what) {
  say(what);
  const res = spawnSync(command, args, { cwd: root, stdio: ["ignore", "inherit", "inherit"], env: childEnv });
  if (res.error) fail(`${what} failed: ${res.error.message}`);
  if (res.status !== 0) fail(`${what} failed (exit ${res.status})`);
}

/**
 * Polls /health until the server answers, then prints the useful URLs. The
 * port was free before wrangler started, and the child must still be running
 * when the answer comes, so the answer is from the server this script started.
 */
async function announceWhenReady(port, child) {
  const base = `http://localhost:${port}`;
  for (let i = 0; i < 240 && child.exitCode === null; i++) {
    try {
      const res = await fetch(`${base}/health`);
      if (res.ok && child.exitCode === null) {
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
if (!(await portIsFree(port))) {
  fail(
    `port ${port} is already in use (another \`npm run dev\`?). Stop it, or pick another port: npm run dev -- --port 8788`,
  );
}
const inspectorPort = argValue(devArgs, "--inspector-port");
if (inspectorPort && !(await portIsFree(inspectorPort))) fail(`inspector port ${inspectorPort} is already in use`);
if (ensureDevVars(root)) say("created .dev.vars with fresh random secrets");
checkDevVars();
ensureDocsAssets();
if (await migrationsUpToDate(persistTo)) say("local D1 migrations are up to date");
else run(wranglerBin, ["d1", "migrations", "apply", "DB", "--local", ...persist], "applying local D1 migrations");
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
