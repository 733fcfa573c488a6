/**
 * Read-only access to the local D1 database file that `wrangler dev` and
 * `wrangler d1 ... --local` use, through Node's built-in SQLite. Spawning
 * wrangler costs seconds per call; these checks run on every `npm run dev`
 * start (are the migrations applied? is the demo data there?) and take
 * milliseconds this way. Anything unexpected (no file yet, several databases,
 * no node:sqlite) returns null and the caller falls back to wrangler.
 */
import { existsSync, readdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");

/** The one D1 database under `<persistTo or .wrangler/state>/v3/d1`, opened read-only, or null. */
export async function openLocalD1(persistTo) {
  const dir = join(persistTo ?? join(root, ".wrangler", "state"), "v3", "d1", "miniflare-D1DatabaseObject");
  if (!existsSync(dir)) return null;
  const files = readdirSync(dir).filter((f) => f.endsWith(".sqlite") && f !== "metadata.sqlite");
  if (files.length !== 1) return null;
  try {
    // node:sqlite prints an ExperimentalWarning on load in Node 22; it is used read-only here.
    const emit = process.emitWarning;
    process.emitWarning = (w, ...rest) => (String(w).includes("SQLite") ? undefined : emit.call(process, w, ...rest));
    const { DatabaseSync } = await import("node:sqlite");
    process.emitWarning = emit;
    return new DatabaseSync(join(dir, files[0]), { readOnly: true });
  } catch {
    return null;
  }
}

/** True when every file in migrations/ is recorded as applied; null when it cannot tell. */
export async function migrationsUpToDate(persistTo) {
  const db = await openLocalD1(persistTo);
  if (!db) return null;
  try {
    const applied = new Set(
      db
        .prepare("SELECT name FROM d1_migrations")
        .all()
        .map((r) => r.name),
    );
    const wanted = readdirSync(join(root, "migrations")).filter((f) => f.endsWith(".sql"));
    return wanted.every((f) => applied.has(f));
  } catch {
    return null;
  } finally {
    db.close();
  }
}
