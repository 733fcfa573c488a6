import type { D1Migration } from "@cloudflare/vitest-plugin";

declare global {
  namespace Cloudflare {
    interface Env {
      TEST_MIGRATIONS: D1Migration[];
      /** `[triggers] crons` from wrangler.toml, read by vitest.config.ts. */
      TEST_WRANGLER_CRONS: string[];
    }
    interface GlobalProps {
      mainModule: typeof import("../../src/index");
      durableNamespaces: "UserChannel";
    }
  }
}
