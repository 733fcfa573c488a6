#!/usr/bin/env node
/**
 * `npm run seed [-- --persist-to <dir>] [-- --<name> <value> ...]`
 *
 * Seeds the LOCAL D1 database with demo data. It never touches a remote
 * database: `--remote` (or `--env`) is refused. Every seed is idempotent, so
 * running it again changes nothing that is already there.
 *
 * ## Pluggable seeds
 *
 * Every `*.mjs` file in `scripts/seed/` is loaded in file-name order
 * (`10-users.mjs`, `20-categories.mjs`, ...) and must export
 *
 *     export async function seed(ctx) { ... }
 *
 * where `ctx` offers:
 *
 * - `ctx.sql(statements: string[]): Promise<void>` — runs the statements, in
 *   order, against the local D1. Writes are buffered across seed files and sent
 *   in one `wrangler d1 execute --local --file` per ~2 MB, before any
 *   `ctx.query` and at the end; a failing statement stops the seed.
 * - `ctx.flush(): Promise<void>` — sends the buffered writes now.
 * - `ctx.query(sql: string): Promise<object[]>` — runs one read query and
 *   returns its rows (e.g. to look up the seeded users' ids by email).
 * - `ctx.quote(value): string` — a SQL literal: strings quoted with `''`
 *   escaping, numbers as-is, booleans as 1/0, null/undefined as NULL, Dates as
 *   epoch ms, arrays/objects as quoted JSON.
 * - `ctx.args` — the parsed CLI arguments: `--jobs 1000` → `{ jobs: "1000" }`,
 *   a bare `--flag` → `{ flag: true }`, dashed names camelCased (`--dry-run` → `dryRun`).
 * - `ctx.persistTo` — the `--persist-to` directory (or undefined); already
 *   passed to wrangler by `sql`/`query`, so benchmarks can seed a separate DB.
 * - `ctx.hashPassword(pw): string` — the exact format of src/lib/passwords.ts,
 *   `pbkdf2-sha256$100000$<salt b64url>$<hash b64url>`.
 * - `ctx.newId(now?): string` — a UUIDv7 like src/lib/ids.ts.
 * - `ctx.now` — one timestamp (epoch ms) for the whole run.
 * - `ctx.log(...parts)` — prefixed console output.
 *
 * Write rows with stable natural keys and `INSERT ... ON CONFLICT DO NOTHING`
 * (or look existing rows up first) so a second run is a no-op.
 *
 * When the demo data is already there (one cheap query, see demoDataPresent)
 * the runner skips every file, so `npm run dev` restarts quickly; `--force`
 * runs them all again (they must add nothing: e2e/seed.e2e.test.ts checks it). Seeded users can
 * be found by email: admin@jobboard.test, employer@jobboard.test, seeker@jobboard.test.
 */
import { spawnSync } from "node:child_process";
import { pbkdf2Sync, randomBytes } from "node:crypto";
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { openLocalD1 } from "./local-d1.mjs";
import { SEEDED_JOBS_SQL } from "./seed/40-jobs.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const wranglerBin = join(root, "node_modules", ".bin", process.platform === "win32" ? "wrangler.cmd" : "wrangler");
/** Buffered writes are sent once they reach this size (about one wrangler call per 2 MB of SQL). */
const FLUSH_BYTES = 2 * 1024 * 1024;

/** `--a 1 --b --c=x` → { a: "1", b: true, c: "x" }; positionals are kept in `_`. */
export function parseArgs(argv) {
  const out = { _: [] };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (!arg.startsWith("--")) {
      out._.push(arg);
      continue;
    }
    const eq = arg.indexOf("=");
    if (eq > 0) {
      out[camel(arg.slice(2, eq))] = arg.slice(eq + 1);
    } else if (i + 1 < argv.length && !argv[i + 1].startsWith("--")) {
      out[camel(arg.slice(2))] = argv[++i];
    } else {
      out[camel(arg.slice(2))] = true;
    }
  }
  return out;
}

const camel = (s) => s.replace(/-([a-z])/g, (_, c) => c.toUpperCase());

export function quote(value) {
  if (value === null || value === undefined) return "NULL";
  if (typeof value === "number") {
    if (!Number.isFinite(value)) throw new Error(`cannot quote ${value}`);
    return String(value);
  }
  if (typeof value === "bigint") return value.toString();
  if (typeof value === "boolean") return value ? "1" : "0";
  if (value instanceof Date) return String(value.getTime());
  const text = typeof value === "string" ? value : JSON.stringify(value);
  return `'${text.replace(/'/g, "''")}'`;
}

const b64url = (buf) => Buffer.from(buf).toString("base64url");

/** Same format and parameters as src/lib/passwords.ts (PBKDF2-SHA256, 100 000 iterations, 16-byte salt). */
export function hashPassword(password) {
  const salt = randomBytes(16);
  const hash = pbkdf2Sync(password, salt, 100_000, 32, "sha256");
  return `pbkdf2-sha256$100000$${b64url(salt)}$${b64url(hash)}`;
}

/** UUIDv7, as src/lib/ids.ts. */
export function newId(now = Date.now()) {
  const bytes = randomBytes(16);
  let ts = now;
  for (let i = 5; i >= 0; i--) {
    bytes[i] = ts & 0xff;
    ts = Math.floor(ts / 256);
  }
  bytes[6] = (bytes[6] & 0x0f) | 0x70;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = bytes.toString("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

function wrangler(args, { capture = false } = {}) {
  const res = spawnSync(wranglerBin, args, {
    cwd: root,
    encoding: "utf8",
    stdio: capture ? ["ignore", "pipe", "pipe"] : ["ignore", "ignore", "pipe"],
    env: {
      ...process.env,
      PATH: `${join(root, "node_modules", ".bin")}${delimiter}${process.env.PATH ?? ""}`,
      WRANGLER_SEND_METRICS: "false",
      CI: "1",
    },
    maxBuffer: 256 * 1024 * 1024,
  });
  if (res.error) throw res.error;
  if (res.status !== 0) {
    throw new Error(`wrangler ${args.slice(0, 3).join(" ")} failed (exit ${res.status}):\n${res.stderr || res.stdout}`);
  }
  return res.stdout;
}

export function createContext(args) {
  const persistTo = typeof args.persistTo === "string" ? args.persistTo : undefined;
  const target = ["--local", ...(persistTo ? ["--persist-to", persistTo] : [])];
  const now = Date.now();
  let pending = [];
  let pendingBytes = 0;
  return {
    args,
    persistTo,
    now,
    quote,
    hashPassword,
    newId,
    log: (...parts) => console.log("[seed]", ...parts),
    // Writes are buffered and sent in as few wrangler calls as possible (each
    // costs seconds): before every read, when the buffer is large, and at the end.
    async sql(statements) {
      for (const s of statements.map((x) => x.trim()).filter(Boolean)) {
        pending.push(s.endsWith(";") ? s : `${s};`);
        pendingBytes += s.length;
      }
      if (pendingBytes >= FLUSH_BYTES) await this.flush();
    },
    async flush() {
      if (pending.length === 0) return;
      const dir = mkdtempSync(join(tmpdir(), "jobboard-seed-"));
      const file = join(dir, "seed.sql");
      try {
        writeFileSync(file, `${pending.join("\n")}\n`);
        pending = [];
        pendingBytes = 0;
        wrangler(["d1", "execute", "DB", ...target, "--yes", `--file=${file}`]);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
    async query(sql) {
      await this.flush();
      const out = wrangler(["d1", "execute", "DB", ...target, "--yes", "--json", "--command", sql], { capture: true });
      const parsed = JSON.parse(out.slice(out.indexOf("[")));
      return parsed.flatMap((r) => r.results ?? []);
    },
  };
}

export async function runSeeds(argv = process.argv.slice(2)) {
  const args = parseArgs(argv);
  if (args.remote || args.env || args.preview) {
    throw new Error("The seed only runs against the local database (--remote, --env and --preview are refused).");
  }
  const ctx = createContext(args);
  if (!args.force && !args.bench && (await demoDataPresent(ctx))) {
    ctx.log("demo data already present, nothing to do (--force runs every seed file again; each is idempotent)");
    return { skipped: true };
  }
  const dir = join(root, "scripts", "seed");
  const files = readdirSync(dir)
    .filter((f) => f.endsWith(".mjs"))
    .sort();
  for (const file of files) {
    const mod = await import(pathToFileURL(join(dir, file)).href);
    if (typeof mod.seed !== "function") throw new Error(`scripts/seed/${file} does not export seed(ctx)`);
    const started = Date.now();
    await mod.seed(ctx);
    ctx.log(`${file} done in ${Date.now() - started} ms`);
  }
  await ctx.flush();
  return { skipped: false };
}

/**
 * One cheap query (one wrangler call instead of one per seed file) that tells
 * whether a previous run already seeded this database (read straight from the
 * local database file when possible, see local-d1.mjs): the three demo users,
 * at least the requested number of generated jobs, and the demo seeker's
 * applications (the last seed file's work).
 */
async function demoDataPresent(ctx) {
  const sql = `SELECT
      (SELECT count(*) FROM users WHERE email IN ('admin@jobboard.test', 'employer@jobboard.test', 'seeker@jobboard.test')) AS users,
      (${SEEDED_JOBS_SQL}) AS jobs,
      (SELECT count(*) FROM applications WHERE applicant_id = (SELECT id FROM users WHERE email = 'seeker@jobboard.test')) AS applications`;
  const row = (await readLocally(ctx.persistTo, sql)) ?? (await ctx.query(sql))[0];
  const wanted = Number.parseInt(String(ctx.args.jobs ?? 60), 10) || 0;
  return Number(row?.users) === 3 && Number(row?.jobs) >= wanted && Number(row?.applications) > 0;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  runSeeds().catch((err) => {
    console.error(`[seed] ${err.message}`);
    process.exit(1);
  });
}

/** The first row of a read query on the local database file, or null (then ask wrangler). */
async function readLocally(persistTo, sql) {
  const db = await openLocalD1(persistTo);
  if (!db) return null;
  try {
    return db.prepare(sql).get() ?? null;
  } catch {
    return null;
  } finally {
    db.close();
  }
}
