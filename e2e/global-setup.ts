/**
 * Starts `node scripts/dev.mjs` (the README's main command) on a fresh local
 * state in a temporary folder and a free port, waits for /health/ready, and
 * hands the base URL to the tests (`inject("baseUrl")`). With E2E_BASE_URL set,
 * it uses that server instead and starts nothing.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { randomInt } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { TestProject } from "vitest/node";

declare module "vitest" {
  export interface ProvidedContext {
    baseUrl: string;
    /** The server's --persist-to directory ("" when E2E_BASE_URL is set without E2E_PERSIST_TO). */
    persistTo: string;
    /** The demo admin, logged in once for the whole run (its account's login limit is 10/min). */
    admin: { token: string; ip: string; id: string; username: string };
    /**
     * Billing on the suite's server (docs/billing.md): the test webhook secret it verifies
     * with, and the port of the Stripe API mock (STRIPE_API_BASE) that e2e/billing starts.
     * Empty ("" / 0) on a server given by E2E_BASE_URL unless E2E_STRIPE_WEBHOOK_SECRET and
     * E2E_STRIPE_API_PORT describe how it was started.
     */
    stripe: { webhookSecret: string; apiPort: number };
  }
}

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const READY_TIMEOUT_MS = 180_000;
/** Test-mode Stripe credentials of the suite's server (never real ones: the API is a local mock). */
const E2E_STRIPE_SECRET_KEY = "sk_test_e2e_jobboard";
const E2E_STRIPE_WEBHOOK_SECRET = "whsec_e2e_jobboard_0123456789abcdef";

let child: ChildProcess | undefined;
let stateDir: string | undefined;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const address = srv.address();
      const port = typeof address === "object" && address ? address.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

async function waitForReady(base: string, proc: ChildProcess, log: () => string): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (proc.exitCode !== null) throw new Error(`the dev server exited (${proc.exitCode}):\n${log()}`);
    try {
      const res = await fetch(`${base}/health/ready`);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`the dev server did not become ready in ${READY_TIMEOUT_MS / 1000} s:\n${log()}`);
}

/** The README's demo admin; one login per run, from its own client address (see e2e/lib/client.ts). */
async function loginDemoAdmin(base: string) {
  const ip = `10.${randomInt(256)}.${randomInt(256)}.${randomInt(1, 255)}`;
  const res = await fetch(`${base}/api/v1/auth/login`, {
    method: "POST",
    headers: { "Content-Type": "application/json", "CF-Connecting-IP": ip },
    body: JSON.stringify({ email: "admin@jobboard.test", password: "Admin-Password-2026" }),
  });
  const body = (await res.json()) as { access_token: string; user: { id: string; username: string } };
  if (res.status !== 200) throw new Error(`the demo admin cannot log in (${res.status}): ${JSON.stringify(body)}`);
  return { token: body.access_token, ip, id: body.user.id, username: body.user.username };
}

export default async function setup(project: TestProject) {
  const given = process.env.E2E_BASE_URL;
  if (given) {
    const base = given.replace(/\/$/, "");
    project.provide("baseUrl", base);
    project.provide("persistTo", process.env.E2E_PERSIST_TO ?? "");
    project.provide("admin", await loginDemoAdmin(base));
    project.provide("stripe", {
      webhookSecret: process.env.E2E_STRIPE_WEBHOOK_SECRET ?? "",
      apiPort: Number(process.env.E2E_STRIPE_API_PORT ?? 0),
    });
    return;
  }
  const port = await freePort();
  const inspector = await freePort();
  const stripeApiPort = await freePort();
  stateDir = mkdtempSync(join(tmpdir(), "jobboard-e2e-"));
  let output = "";
  child = spawn(
    process.execPath,
    [
      join(root, "scripts", "dev.mjs"),
      "--port",
      String(port),
      "--inspector-port",
      String(inspector),
      "--persist-to",
      stateDir,
      // Webhook receivers of the suite listen on 127.0.0.1 (local development only; see docs/webhooks.md).
      "--var",
      "WEBHOOKS_ALLOW_LOCAL_URLS:true",
      // Billing on, against a Stripe API mock that e2e/billing.e2e.test.ts serves on this port.
      "--var",
      `STRIPE_SECRET_KEY:${E2E_STRIPE_SECRET_KEY}`,
      "--var",
      `STRIPE_WEBHOOK_SECRET:${E2E_STRIPE_WEBHOOK_SECRET}`,
      "--var",
      `STRIPE_API_BASE:http://127.0.0.1:${stripeApiPort}`,
    ],
    { cwd: root, stdio: ["ignore", "pipe", "pipe"], detached: true, env: { ...process.env, CI: "true" } },
  );
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-20_000);
  };
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);
  const base = `http://127.0.0.1:${port}`;
  const started = Date.now();
  await waitForReady(base, child, () => output);
  console.log(`[e2e] dev server ready on ${base} after ${((Date.now() - started) / 1000).toFixed(1)} s`);
  project.provide("baseUrl", base);
  project.provide("persistTo", stateDir);
  project.provide("admin", await loginDemoAdmin(base));
  project.provide("stripe", { webhookSecret: E2E_STRIPE_WEBHOOK_SECRET, apiPort: stripeApiPort });

  return async () => {
    if (child?.pid && child.exitCode === null) {
      try {
        process.kill(-child.pid, "SIGTERM");
      } catch {
        // already gone
      }
      await new Promise((r) => setTimeout(r, 1000));
      try {
        process.kill(-child.pid, "SIGKILL");
      } catch {
        // already gone
      }
    }
    if (stateDir) rmSync(stateDir, { recursive: true, force: true });
  };
}
