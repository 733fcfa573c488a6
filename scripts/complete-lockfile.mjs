#!/usr/bin/env node
/**
 * Adds lockfile entries for other platforms' optional native binaries
 * (e.g. `@biomejs/cli-darwin-arm64`, `@cloudflare/workerd-windows-64`) that a
 * package lists in `optionalDependencies` but the lockfile lacks.
 *
 * Why: the lockfile was produced where those platform builds could not be
 * resolved, and `npm ci` refuses a lockfile that misses any of them ("Missing:
 * ... from lock file"), even though a Linux machine would never install them.
 * Each added entry carries its `os`/`cpu`/`libc`, so npm skips it on every
 * other platform and fetches it only where it belongs. Offline, idempotent, and
 * a no-op on a complete lockfile; `.ci/run` calls it before `npm ci`.
 *
 * Usage: node scripts/complete-lockfile.mjs [--check]   (--check: exit 1 if entries are missing)
 */
import { readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const file = join(root, "package-lock.json");
const lock = JSON.parse(readFileSync(file, "utf8"));
const packages = lock.packages ?? {};

const OS = {
  darwin: "darwin",
  linux: "linux",
  win32: "win32",
  windows: "win32",
  android: "android",
  freebsd: "freebsd",
};
const CPU = { x64: "x64", 64: "x64", arm64: "arm64", arm: "arm", ia32: "ia32", ppc64: "ppc64", s390x: "s390x" };
const LIBC = { musl: "musl", gnu: "glibc" };

/** Platform constraints encoded in a binary package's name, or null when the name says nothing. */
function platformOf(name) {
  const parts = name.split("/").pop().split("-");
  const os = parts.map((p) => OS[p]).find(Boolean);
  const cpu = parts.map((p) => CPU[p]).find(Boolean);
  if (!os || !cpu) return null;
  const libc = parts.map((p) => LIBC[p]).find(Boolean);
  return { cpu: [cpu], os: [os], ...(libc ? { libc: [libc] } : {}) };
}

const EXACT = /^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/;
const added = [];
for (const [path, meta] of Object.entries(packages)) {
  for (const [name, spec] of Object.entries(meta.optionalDependencies ?? {})) {
    const nested = `${path ? `${path}/` : ""}node_modules/${name}`;
    const top = `node_modules/${name}`;
    if (packages[nested] || packages[top]) continue;
    const platform = platformOf(name);
    if (!platform || !EXACT.test(spec)) continue;
    const entry = { version: spec, ...platform, optional: true };
    if (meta.dev) entry.dev = true;
    added.push([top, entry]);
  }
}

if (added.length === 0) {
  process.exit(0);
}
if (process.argv.includes("--check")) {
  console.error(`package-lock.json lacks ${added.length} platform entries; run node scripts/complete-lockfile.mjs`);
  process.exit(1);
}

// Insert in npm's order (paths sorted with localeCompare "en") without reordering existing keys.
const keys = Object.keys(packages);
for (const [key] of added) keys.push(key);
keys.sort((a, b) => a.localeCompare(b, "en"));
const map = new Map([...Object.entries(packages), ...added]);
lock.packages = Object.fromEntries(keys.map((k) => [k, map.get(k)]));
writeFileSync(file, `${JSON.stringify(lock, null, 2)}\n`);
console.log(
  `package-lock.json: added ${added.length} platform entries (${added.map(([k]) => k.slice(13)).join(", ")})`,
);
