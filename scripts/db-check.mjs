#!/usr/bin/env node
/**
 * Keeps the SQL migrations, drizzle-kit's snapshot and the schema code in step:
 *
 * 1. Every migrations/*.sql has a journal entry, and `drizzle-kit generate`
 *    against a copy of migrations/meta finds nothing to do. Hand-written
 *    migrations (FTS5, triggers, data fixes, or a table written by hand) must
 *    come with a journal entry and a fresh snapshot, or the next
 *    `npm run db:generate` would emit their tables again.
 * 2. The migrations build what the schema code describes: every table, column
 *    and index drizzle would create from src/platform/db/schema exists, with the
 *    same columns, in a database built by applying migrations/*.sql in order
 *    (node:sqlite). Catches a hand migration that forgot an index or column.
 *
 * `--fix` journals the unjournaled SQL files and records the current schema as
 * the newest migration's snapshot (run after writing a hand migration). Run by
 * .ci/run as `npm run db:check`.
 */
import { spawnSync } from "node:child_process";
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { join, relative } from "node:path";
import { DatabaseSync } from "node:sqlite";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const migrations = join(root, "migrations");
const meta = join(migrations, "meta");
const journalPath = join(meta, "_journal.json");

/** Runs drizzle-kit generate into `out` (a folder inside the project: drizzle-kit resolves it from the cwd). */
function generate(out) {
  const run = spawnSync(
    "npx",
    [
      "drizzle-kit",
      "generate",
      "--dialect",
      "sqlite",
      "--schema",
      "./src/platform/db/schema/index.ts",
      "--casing",
      "snake_case",
      "--out",
      `./${relative(root, out)}`,
      "--name",
      "db_check_probe",
    ],
    { cwd: root, encoding: "utf8" },
  );
  if (run.status !== 0) throw new Error(`drizzle-kit generate failed:\n${run.stdout}${run.stderr}`);
  return readdirSync(out).filter((f) => f.endsWith(".sql"));
}

/** Tables (with their columns) and indexes (with theirs) of a database, FTS5 internals left out. */
function shape(db) {
  const tables = new Map();
  const indexes = new Map();
  for (const { name, type } of db
    .prepare("SELECT name, type FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'")
    .all()) {
    if (type === "table")
      tables.set(
        name,
        db
          .prepare(`PRAGMA table_info("${name}")`)
          .all()
          .map((c) => c.name),
      );
    if (type === "index")
      indexes.set(
        name,
        db
          .prepare(`PRAGMA index_info("${name}")`)
          .all()
          .map((c) => c.name),
      );
  }
  return { tables, indexes };
}

function applyAll(files) {
  const db = new DatabaseSync(":memory:");
  for (const f of files) db.exec(readFileSync(f, "utf8"));
  return db;
}

function main(fix) {
  const probe = mkdtempSync(join(root, ".db-check-"));
  try {
    const journal = JSON.parse(readFileSync(journalPath, "utf8"));
    const sqlFiles = readdirSync(migrations)
      .filter((f) => f.endsWith(".sql"))
      .sort();
    const journaled = new Set(journal.entries.map((e) => e.tag));
    const unjournaled = sqlFiles.map((f) => f.slice(0, -4)).filter((t) => !journaled.has(t));

    const incremental = join(probe, "incremental");
    mkdirSync(incremental);
    cpSync(meta, join(incremental, "meta"), { recursive: true });
    const pending = generate(incremental);

    if (fix) {
      let when = journal.entries.at(-1)?.when ?? Date.now();
      for (const tag of unjournaled) {
        when += 1;
        journal.entries.push({ idx: 0, version: journal.entries.at(-1)?.version ?? "6", when, tag, breakpoints: true });
      }
      journal.entries.sort((a, b) => a.tag.localeCompare(b.tag));
      // drizzle-kit numbers the next migration `last idx + 1`: idx = the file's number keeps that number free.
      for (const e of journal.entries) e.idx = Number(e.tag.slice(0, 4));
      writeFileSync(journalPath, `${JSON.stringify(journal, null, 2)}\n`);
      if (pending.length) {
        const newest = journal.entries.at(-1).tag.slice(0, 4);
        const fresh = readdirSync(join(incremental, "meta")).find(
          (f) => f.endsWith("_snapshot.json") && !existsSync(join(meta, f)),
        );
        renameSync(join(incremental, "meta", fresh), join(meta, `${newest}_snapshot.json`));
        console.log(`db:check --fix: the schema is now the snapshot of migration ${newest}`);
      }
      console.log(`db:check --fix: ${journal.entries.length} migrations journaled`);
      return 0;
    }

    const problems = [];
    if (unjournaled.length) problems.push(`migrations without a journal entry: ${unjournaled.join(", ")}`);
    if (pending.length) {
      const sql = readFileSync(join(incremental, pending[0]), "utf8");
      problems.push(`the snapshot lags the schema; drizzle-kit would generate:\n${sql.slice(0, 3000)}`);
    }

    // What the schema code describes, from scratch, against what the migrations build.
    const scratch = join(probe, "scratch");
    mkdirSync(scratch);
    const wanted = shape(applyAll(generate(scratch).map((f) => join(scratch, f))));
    const built = shape(applyAll(sqlFiles.map((f) => join(migrations, f))));
    for (const [table, columns] of wanted.tables) {
      const have = built.tables.get(table);
      if (!have) problems.push(`table ${table} is in the schema but no migration creates it`);
      else {
        const missing = columns.filter((c) => !have.includes(c));
        if (missing.length) problems.push(`${table}: no migration adds column(s) ${missing.join(", ")}`);
      }
    }
    for (const [index, columns] of wanted.indexes) {
      const have = built.indexes.get(index);
      if (!have) problems.push(`index ${index} is in the schema but no migration creates it`);
      else if (have.join(",") !== columns.join(",")) {
        problems.push(`index ${index}: migrations build (${have.join(", ")}), the schema says (${columns.join(", ")})`);
      }
    }

    if (problems.length) {
      console.error(`db:check:\n- ${problems.join("\n- ")}`);
      if (unjournaled.length || pending.length)
        console.error("Run `npm run db:check -- --fix` once the SQL migrations are written.");
      return 1;
    }
    console.log(
      `db:check: ${sqlFiles.length} migrations journaled; the snapshot and the migrations match the schema (${wanted.tables.size} tables, ${wanted.indexes.size} indexes)`,
    );
    return 0;
  } finally {
    rmSync(probe, { recursive: true, force: true });
  }
}

process.exit(main(process.argv.includes("--fix")));
