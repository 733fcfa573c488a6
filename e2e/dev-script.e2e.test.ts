/**
 * `npm run dev` on a port that is already taken (here: the server under test)
 * stops at once with a clear message, before migrations or seeding, and never
 * announces someone else's server as ready.
 */
import { execFile } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { base } from "./lib/client";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");

describe("npm run dev", () => {
  it("refuses a busy port before touching the database", async () => {
    const port = new URL(base).port;
    const started = Date.now();
    const result = await new Promise<{ code: number | null; out: string }>((resolve) => {
      execFile(
        process.execPath,
        [join(root, "scripts", "dev.mjs"), "--port", port, "--persist-to", join(root, ".wrangler", "e2e-unused")],
        { cwd: root, timeout: 30_000 },
        (err, stdout, stderr) =>
          resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, out: stdout + stderr }),
      );
    });
    expect(result.code).toBe(1);
    expect(result.out).toContain(`port ${port} is already in use`);
    expect(result.out).not.toMatch(/migrations|seeding|ready:/);
    expect(Date.now() - started).toBeLessThan(10_000);
  });
});
