/**
 * Engine-level databases for the search benchmarks: the migrations and the
 * seed data applied straight to a SQLite file through Node's built-in SQLite
 * (the engine D1 runs on), without wrangler. `buildEngineDb(path, statements)`
 * is shared by bench/search-engine.mjs and bench/relevance.mjs.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export const root = join(dirname(fileURLToPath(import.meta.url)), "..");

export async function openSqlite(path, options = {}) {
  const emit = process.emitWarning;
  process.emitWarning = (w, ...rest) => (String(w).includes("SQLite") ? undefined : emit.call(process, w, ...rest));
  const { DatabaseSync } = await import("node:sqlite");
  process.emitWarning = emit;
  return new DatabaseSync(path, options);
}

/** Every migration, in order, as single statements. */
export function migrationStatements() {
  const dir = join(root, "migrations");
  const out = [];
  for (const file of readdirSync(dir)
    .filter((f) => f.endsWith(".sql"))
    .sort()) {
    for (const part of readFileSync(join(dir, file), "utf8").split("--> statement-breakpoint")) {
      const sql = part.trim();
      if (sql.replace(/--.*$/gm, "").trim()) out.push(sql);
    }
  }
  return out;
}

/** Creates (or, with `reuse`, opens) a database with the migrations and `statements` applied. */
export async function buildEngineDb(path, statements, { reuse = true } = {}) {
  if (reuse && existsSync(path)) return openSqlite(path);
  rmSync(path, { force: true });
  mkdirSync(dirname(path), { recursive: true });
  const db = await openSqlite(path);
  db.exec("PRAGMA journal_mode = WAL");
  for (const s of migrationStatements()) db.exec(s);
  db.exec("BEGIN");
  for (const s of statements) db.exec(s);
  db.exec("COMMIT");
  db.exec("ANALYZE");
  return db;
}
