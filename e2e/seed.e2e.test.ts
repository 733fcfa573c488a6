/**
 * The demo seed is idempotent: running every seed file again (`--force`) adds
 * no row, and a plain rerun (what each `npm run dev` start does) sees the demo
 * data and skips the files altogether. Runs against the local state of the
 * server under test (already seeded by `npm run dev`), or, with E2E_BASE_URL
 * and no E2E_PERSIST_TO, against a fresh state of its own.
 */
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { openLocalD1 } from "../scripts/local-d1.mjs";

const run = promisify(execFile);
const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const env = {
  ...process.env,
  PATH: `${join(root, "node_modules", ".bin")}${delimiter}${process.env.PATH ?? ""}`,
  WRANGLER_SEND_METRICS: "false",
  CI: "1",
};
const TABLES = [
  "users",
  "categories",
  "companies",
  "company_members",
  "reviews",
  "jobs",
  "job_skills",
  "seeker_profiles",
  "employer_profiles",
  "experience",
  "education",
  "profile_skills",
  "resumes",
  "applications",
  "application_status_history",
  "application_notes",
  "interviews",
];

let persistTo = inject("persistTo");
let ownDir: string | undefined;

async function seed(...args: string[]) {
  const { stdout } = await run(
    process.execPath,
    [join(root, "scripts", "seed.mjs"), "--persist-to", persistTo, ...args],
    {
      cwd: root,
      env,
      maxBuffer: 16 * 1024 * 1024,
    },
  );
  return stdout;
}

async function counts(): Promise<Record<string, number>> {
  const sql = `SELECT ${TABLES.map((t) => `(SELECT count(*) FROM ${t}) AS ${t}`).join(", ")}`;
  // Read-only, straight from the local database file (a wrangler call per count would cost seconds).
  const db = await openLocalD1(persistTo);
  if (!db) throw new Error(`no local D1 database under ${persistTo}`);
  try {
    return db.prepare(sql).get() as Record<string, number>;
  } finally {
    db.close();
  }
}

beforeAll(async () => {
  if (persistTo) return;
  ownDir = mkdtempSync(join(tmpdir(), "jobboard-seed-e2e-"));
  persistTo = ownDir;
  await run(
    join(root, "node_modules", ".bin", "wrangler"),
    ["d1", "migrations", "apply", "DB", "--local", "--persist-to", ownDir],
    {
      cwd: root,
      env,
    },
  );
  await seed();
}, 240_000);

afterAll(() => {
  if (ownDir) rmSync(ownDir, { recursive: true, force: true });
});

describe("the demo seed", () => {
  it("adds nothing when every seed file runs again", async () => {
    const before = await counts();
    expect(before.jobs).toBeGreaterThanOrEqual(50);
    expect(before.applications).toBeGreaterThan(0);
    await seed("--force");
    expect(await counts()).toEqual(before);
  }, 180_000);

  it("skips the seed files when the demo data is present", async () => {
    const before = await counts();
    const out = await seed();
    expect(out).toContain("demo data already present");
    expect(out).not.toMatch(/\.mjs done in/);
    expect(await counts()).toEqual(before);
  }, 60_000);
});
