import { readFileSync } from "node:fs";
import { cloudflareTest, readD1Migrations } from "@cloudflare/vitest-plugin";
import { defineConfig } from "vitest/config";
import { buildVendorModules } from "./scripts/vendor-modules.mjs";

/**
 * Tests run inside workerd with the bindings from wrangler.toml (local D1, R2,
 * KV, Queues, Durable Objects). Migrations are read here and applied by
 * test/setup/apply-migrations.ts; storage is isolated per test file.
 */
export default defineConfig(async () => {
  // src/lazy-modules.ts imports the prebuilt src/vendor/*.mjs (built on install; rebuilt here if missing).
  await buildVendorModules();
  const migrations = await readD1Migrations("migrations");
  // workerd cannot read wrangler.toml, so the cron expressions are handed to the
  // tests as a binding; test/cron.test.ts checks each one has a schedule entry.
  const crons = /^crons\s*=\s*\[([^\]]*)\]/m.exec(readFileSync("wrangler.toml", "utf8"))?.[1] ?? "";
  const wranglerCrons = [...crons.matchAll(/"([^"]+)"/g)].map((m) => m[1] ?? "");
  return {
    plugins: [
      cloudflareTest({
        wrangler: { configPath: "./wrangler.toml" },
        miniflare: {
          bindings: {
            ENVIRONMENT: "development",
            JWT_SECRET: "test-jwt-secret-0123456789abcdef0123456789abcdef",
            ENCRYPTION_KEY: "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
            SIGNING_SECRET: "test-signing-secret-0123456789abcdef0123456789",
            // `npm run dev` writes .dev.vars (which the plugin also reads) with the flag that lets
            // webhooks reach local receivers; the unit tests check the SSRF refusals without it.
            WEBHOOKS_ALLOW_LOCAL_URLS: "false",
            // Tests write D1 directly (as a cron or another isolate would) and read at once;
            // the 1 s isolate reuse of the cache version is tested on its own (test/cache.test.ts).
            CACHE_VERSION_TTL_MS: "0",
            TEST_MIGRATIONS: migrations,
            TEST_WRANGLER_CRONS: wranglerCrons,
          },
        },
      }),
    ],
    test: {
      include: ["test/**/*.test.ts"],
      setupFiles: ["./test/setup/apply-migrations.ts"],
      testTimeout: 30_000,
      // Request log lines are noise when a test passes; show them only for failures.
      silent: "passed-only" as const,
      hookTimeout: 30_000,
    },
  };
});
