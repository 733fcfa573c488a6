#!/usr/bin/env node
/**
 * The house rules (README, "Architecture"), checked on every `npm run lint`:
 *
 * 1. `src/http`, `src/platform` and `src/lib` never import `src/modules` or a
 *    composition root, and modules never import a composition root; `src/lib` has no value imports from `http` or `platform`.
 * 2. A module imports another module only through its `index.ts` (its face).
 * 3. No import cycles between modules (type-only imports count too).
 * 4. A module writes only its own tables (those of src/platform/db/schema/<module>.ts);
 *    platform tables only through platform functions. A cross-module write goes through the owner's face.
 * 5. No registration by side effect: no bare `import "./x"` in src.
 * 6. No `as never` casts in src.
 *
 * Prints every violation and exits 1 if there is any.
 */
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const src = join(root, "src");
const modulesDir = join(src, "modules");
const INFRA = ["http", "platform", "lib"];
const ROOTS = ["index.ts", "app.ts", "queue.ts", "cron.ts"];

/**
 * Who may write each table: the tables of src/platform/db/schema/<m>.ts belong to
 * module <m>; these files belong to src/platform (written only by platform code).
 */
const PLATFORM_SCHEMA = ["email", "outbox", "realtime", "dev"];

/**
 * Known exceptions to rule 4, each as { file, table, why }. An exception that no
 * longer occurs fails the check, so this list only shrinks. (Empty: keep it so.)
 */
const EXCEPTIONS = [];

const files = [];
(function walk(d) {
  for (const n of readdirSync(d)) {
    const p = join(d, n);
    if (statSync(p).isDirectory()) walk(p);
    else if (/\.(ts|tsx)$/.test(n) && !n.endsWith(".d.ts")) files.push(p);
  }
})(src);

const problems = [];
const rel = (p) => relative(root, p).split(sep).join("/");
const moduleOf = (p) => {
  const r = relative(modulesDir, p);
  return r.startsWith("..") ? null : r.split(sep)[0];
};
const areaOf = (p) => relative(src, p).split(sep)[0];
function resolveImport(from, spec) {
  const base = resolve(dirname(from), spec);
  for (const ext of ["", ".ts", ".tsx", "/index.ts"]) {
    const p = base + ext;
    if (existsSync(p) && statSync(p).isFile()) return p;
  }
  return base;
}

const ownerOf = new Map();
const schemaDir = join(src, "platform", "db", "schema");
const sqlNames = new Map();
const moduleNames = new Set(readdirSync(modulesDir));
for (const n of readdirSync(schemaDir)) {
  if (n === "index.ts") continue;
  const file = n.replace(/\.ts$/, "");
  const owner = PLATFORM_SCHEMA.includes(file) ? "platform" : file;
  if (owner !== "platform" && !moduleNames.has(owner)) {
    problems.push(`src/platform/db/schema/${n}: no module named ${owner} (one schema file per module)`);
  }
  const text = readFileSync(join(schemaDir, n), "utf8");
  for (const m of text.matchAll(/export const (\w+) = sqliteTable\(\s*"(\w+)"/g)) {
    sqlNames.set(m[2], m[1]);
    ownerOf.set(m[1], owner);
  }
}

const graph = new Map();
const usedExceptions = new Set();
for (const f of files) {
  const text = readFileSync(f, "utf8");
  const from = moduleOf(f);
  const area = areaOf(f);
  for (const m of text.matchAll(/^\s*(?:import|export)(\s+type)?[^"';]*?from\s+"(\.[^"]+)"/gm)) {
    const typeOnly = Boolean(m[1]);
    const target = resolveImport(f, m[2]);
    const to = moduleOf(target);
    const targetArea = areaOf(target);
    if (INFRA.includes(area) && (to || ROOTS.includes(targetArea))) {
      problems.push(`${rel(f)} imports ${m[2]}: ${area}/ never imports modules or composition roots`);
    }
    if (area === "modules" && ROOTS.includes(targetArea)) {
      problems.push(`${rel(f)} imports ${m[2]}: modules never import a composition root`);
    }
    if (area === "lib" && !typeOnly && ["http", "platform"].includes(targetArea)) {
      problems.push(`${rel(f)} imports ${m[2]}: lib/ is pure (type imports only from http/ and platform/)`);
    }
    if (from && to && from !== to) {
      const inside = relative(join(modulesDir, to), target);
      if (inside !== "index.ts") problems.push(`${rel(f)} imports ${m[2]}: go through modules/${to}/index.ts`);
      if (!graph.has(from)) graph.set(from, new Set());
      graph.get(from).add(to);
    }
  }
  if (/^import\s+["']/m.test(text)) problems.push(`${rel(f)}: side-effect import (list things in a composition root)`);
  const casts = text.match(/\bas never\b/g)?.length ?? 0;
  if (casts) problems.push(`${rel(f)}: ${casts} 'as never' cast(s)`);

  // Rule 4: writes (drizzle insert/update/delete and raw SQL) against table owners.
  const writer = from ?? (area === "platform" ? "platform" : null);
  if (!writer) continue;
  const written = [...text.matchAll(/\.(?:insert|update|delete)\(\s*(\w+)\s*\)/g)].map((w) => w[1]);
  for (const w of text.matchAll(/\b(?:INSERT\s+(?:OR\s+\w+\s+)?INTO|UPDATE|DELETE\s+FROM)\s+(\w+)/g)) {
    const name = sqlNames.get(w[1]);
    if (name) written.push(name);
  }
  for (const table of new Set(written)) {
    const owner = ownerOf.get(table);
    if (!owner || owner === writer || writer === "platform") continue;
    const exception = EXCEPTIONS.find((e) => e.file === rel(f) && e.table === table);
    if (exception) usedExceptions.add(exception);
    else problems.push(`${rel(f)} writes ${table}, which belongs to ${owner}: go through its face`);
  }
}
for (const e of EXCEPTIONS) {
  if (!usedExceptions.has(e)) problems.push(`exception no longer needed, remove it: ${e.file} writes ${e.table}`);
}

// Rule 3: cycles (Tarjan's strongly connected components).
let counter = 0;
const index = new Map();
const low = new Map();
const stack = [];
const onStack = new Set();
function connect(v) {
  index.set(v, counter);
  low.set(v, counter++);
  stack.push(v);
  onStack.add(v);
  for (const w of graph.get(v) ?? []) {
    if (!index.has(w)) {
      connect(w);
      low.set(v, Math.min(low.get(v), low.get(w)));
    } else if (onStack.has(w)) low.set(v, Math.min(low.get(v), index.get(w)));
  }
  if (low.get(v) === index.get(v)) {
    const component = [];
    let w;
    do {
      w = stack.pop();
      onStack.delete(w);
      component.push(w);
    } while (w !== v);
    if (component.length > 1) problems.push(`import cycle between modules: ${component.sort().join(", ")}`);
  }
}
for (const v of graph.keys()) if (!index.has(v)) connect(v);

for (const p of problems) console.error(p);
console.log(`architecture: ${files.length} files, ${problems.length} problem(s)`);
process.exit(problems.length ? 1 : 0);
